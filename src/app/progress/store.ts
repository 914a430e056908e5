// Lesson progress in localStorage under a versioned key. Saved data is untrusted (an old
// release, a hand edit, a full disk): reading never throws. A value from an older version
// is migrated; anything unreadable is reported in words, kept aside under a backup key,
// and replaced by empty progress so the app keeps working.

export const PROGRESS_KEY = 'netvirt-lab:progress:v1';
/** Version 0 (early builds) kept `{ "<lesson>": <step number> }` under this key. */
export const LEGACY_KEY = 'netvirt-lab:progress';
export const BACKUP_KEY = 'netvirt-lab:progress:corrupt-backup';

export interface CheckpointAnswer {
  readonly choice: string;
  readonly correct: boolean;
}

export interface LessonProgress {
  /** Cursor position as in the URL: 0 = before the first step. */
  readonly step: number;
  readonly answers: Readonly<Record<string, CheckpointAnswer>>;
  readonly done: boolean;
}

export interface Progress {
  readonly version: 1;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface LoadedProgress {
  readonly progress: Progress;
  /** Set when saved data was reset or migrated: a sentence for the page. */
  readonly notice?: string;
}

export const emptyProgress = (): Progress => ({ version: 1, lessons: {} });

export function loadProgress(storage: StorageLike | undefined): LoadedProgress {
  if (!storage) return { progress: emptyProgress() };
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return {
      progress: emptyProgress(),
      notice: 'Saved progress cannot be read in this browser (storage is blocked); progress will not be kept.',
    };
  }
  if (raw === null) return migrateLegacy(storage);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return reset(
      storage,
      raw,
      'Saved progress was damaged (not valid JSON), so it was reset. A copy was kept under "' + BACKUP_KEY + '".',
    );
  }
  const p = validate(json);
  if (!p)
    return reset(
      storage,
      raw,
      'Saved progress had an unexpected shape, so it was reset. A copy was kept under "' + BACKUP_KEY + '".',
    );
  return { progress: p };
}

export function saveProgress(storage: StorageLike | undefined, p: Progress): boolean {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(p));
    return true;
  } catch {
    return false;
  }
}

export function withLesson(p: Progress, id: string, f: (l: LessonProgress) => LessonProgress): Progress {
  const cur = p.lessons[id] ?? { step: 0, answers: {}, done: false };
  return { version: 1, lessons: { ...p.lessons, [id]: f(cur) } };
}

function migrateLegacy(storage: StorageLike): LoadedProgress {
  let raw: string | null = null;
  try {
    raw = storage.getItem(LEGACY_KEY);
  } catch {
    /* unreadable legacy data is simply ignored */
  }
  if (raw === null) return { progress: emptyProgress() };
  let lessons: Record<string, LessonProgress> = {};
  try {
    const old: unknown = JSON.parse(raw);
    if (!isRecord(old)) throw new Error('shape');
    for (const [id, step] of Object.entries(old))
      if (isStep(step)) lessons = { ...lessons, [id]: { step, answers: {}, done: false } };
  } catch {
    lessons = {};
  }
  const progress: Progress = { version: 1, lessons };
  saveProgress(storage, progress);
  try {
    storage.removeItem(LEGACY_KEY);
  } catch {
    /* leaving the legacy key behind is harmless */
  }
  return {
    progress,
    notice: `Saved progress from an older version was updated (${Object.keys(lessons).length} lesson(s) kept; checkpoint answers start afresh).`,
  };
}

function reset(storage: StorageLike, raw: string, notice: string): LoadedProgress {
  try {
    storage.setItem(BACKUP_KEY, raw.slice(0, 100_000));
  } catch {
    /* a failed backup must not stop the reset */
  }
  const progress = emptyProgress();
  saveProgress(storage, progress);
  return { progress, notice };
}

function validate(json: unknown): Progress | undefined {
  if (!isRecord(json) || json.version !== 1 || !isRecord(json.lessons)) return undefined;
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, l] of Object.entries(json.lessons)) {
    if (!isRecord(l) || !isStep(l.step) || !isRecord(l.answers)) return undefined;
    const answers: Record<string, CheckpointAnswer> = {};
    for (const [cid, a] of Object.entries(l.answers)) {
      if (!isRecord(a) || typeof a.choice !== 'string' || typeof a.correct !== 'boolean') return undefined;
      answers[cid] = { choice: a.choice, correct: a.correct };
    }
    lessons[id] = { step: l.step, answers, done: l.done === true };
  }
  return { version: 1, lessons };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e8;
