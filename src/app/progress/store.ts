// Lesson progress in localStorage under a versioned key. Saved data is untrusted (an old
// release, a hand edit, a full disk): reading never throws. A value from an older version
// is migrated; anything unreadable is reported in words, kept aside under a backup key,
// and replaced by empty progress so the app keeps working.

export const PROGRESS_KEY = 'netvirt-lab:progress:v1';
/** Version 0 (early builds) kept `{ "<lesson>": <step number> }` under this key. */
export const LEGACY_KEY = 'netvirt-lab:progress';
export const BACKUP_KEY = 'netvirt-lab:progress:corrupt-backup';

export interface CheckpointAnswer {
  /** The latest choice. */
  readonly choice: string;
  /** Whether the latest choice is the trace's answer. */
  readonly correct: boolean;
  /** How many times the student answered (a wrong first try earns a hint and one more). */
  readonly tries: number;
  /** Whether the first try was right: what the home page and the end summary count. */
  readonly firstTryCorrect: boolean;
}

/** Tries a checkpoint allows before the answer is revealed. */
export const MAX_TRIES = 2;

/** An answer that opens the gate: right, or out of tries (the truth is then revealed). */
export const isFinal = (a: CheckpointAnswer | undefined): boolean =>
  a !== undefined && (a.correct || a.tries >= MAX_TRIES);

/** `record[key]` only when the record has it itself: ids are text from files and storage. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export interface LessonProgress {
  /** Cursor position as in the URL: 0 = before the first step. */
  readonly step: number;
  readonly answers: Readonly<Record<string, CheckpointAnswer>>;
  readonly done: boolean;
}

export interface ChallengeProgress {
  /** Graded runs of the student's own changes (the start scenario's run is not counted). */
  readonly attempts: number;
  /** Every goal held in one of those runs; stays true once reached. */
  readonly solved: boolean;
}

export interface Progress {
  readonly version: 1;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
  /** Added after lessons; saved data without it has no challenge progress. */
  readonly challenges?: Readonly<Record<string, ChallengeProgress>>;
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
  const cur = own(p.lessons, id) ?? { step: 0, answers: {}, done: false };
  return { ...p, version: 1, lessons: { ...p.lessons, [id]: f(cur) } };
}

/** One more graded attempt at a challenge; solved stays solved. */
export function withAttempt(p: Progress, id: string, solved: boolean): Progress {
  const cur = own(p.challenges ?? {}, id) ?? { attempts: 0, solved: false };
  const next: ChallengeProgress = { attempts: cur.attempts + 1, solved: cur.solved || solved };
  return { ...p, challenges: { ...p.challenges, [id]: next } };
}

/** The record of one more try at a checkpoint. */
export function withTry(prev: CheckpointAnswer | undefined, choice: string, correct: boolean): CheckpointAnswer {
  const tries = (prev?.tries ?? 0) + 1;
  return { choice, correct, tries, firstTryCorrect: prev ? prev.firstTryCorrect : correct };
}

function migrateLegacy(storage: StorageLike): LoadedProgress {
  let raw: string | null = null;
  try {
    raw = storage.getItem(LEGACY_KEY);
  } catch {
    /* unreadable legacy data is simply ignored */
  }
  if (raw === null) return { progress: emptyProgress() };
  let lessons: Record<string, LessonProgress>;
  try {
    const old: unknown = JSON.parse(raw);
    if (!isRecord(old)) throw new Error('shape');
    const kept: [string, LessonProgress][] = [];
    for (const [id, step] of Object.entries(old)) if (isStep(step)) kept.push([id, { step, answers: {}, done: false }]);
    lessons = Object.fromEntries(kept);
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

// Records are built with Object.fromEntries, which defines own properties: a saved key such
// as "__proto__" stays a plain key and never reaches an object's prototype.
function validate(json: unknown): Progress | undefined {
  if (!isRecord(json) || json.version !== 1 || !isRecord(json.lessons)) return undefined;
  const lessons: [string, LessonProgress][] = [];
  for (const [id, l] of Object.entries(json.lessons)) {
    if (!isRecord(l) || !isStep(l.step) || !isRecord(l.answers)) return undefined;
    const answers: [string, CheckpointAnswer][] = [];
    for (const [cid, a] of Object.entries(l.answers)) {
      const answer = readAnswer(a);
      if (!answer) return undefined;
      answers.push([cid, answer]);
    }
    lessons.push([id, { step: l.step, answers: Object.fromEntries(answers), done: l.done === true }]);
  }
  if (json.challenges === undefined) return { version: 1, lessons: Object.fromEntries(lessons) };
  if (!isRecord(json.challenges)) return undefined;
  const challenges: [string, ChallengeProgress][] = [];
  for (const [id, c] of Object.entries(json.challenges)) {
    if (!isRecord(c) || typeof c.solved !== 'boolean' || !isStep(c.attempts)) return undefined;
    challenges.push([id, { attempts: c.attempts, solved: c.solved }]);
  }
  return { version: 1, lessons: Object.fromEntries(lessons), challenges: Object.fromEntries(challenges) };
}

/** An answer as saved; one saved before tries were counted was final when it was given. */
function readAnswer(a: unknown): CheckpointAnswer | undefined {
  if (!isRecord(a) || typeof a.choice !== 'string' || typeof a.correct !== 'boolean') return undefined;
  if (a.tries === undefined && a.firstTryCorrect === undefined)
    return { choice: a.choice, correct: a.correct, tries: a.correct ? 1 : MAX_TRIES, firstTryCorrect: a.correct };
  const tries = a.tries;
  if (typeof tries !== 'number' || !Number.isInteger(tries) || tries < 1 || tries > MAX_TRIES) return undefined;
  if (typeof a.firstTryCorrect !== 'boolean') return undefined;
  return { choice: a.choice, correct: a.correct, tries, firstTryCorrect: a.firstTryCorrect };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e8;
