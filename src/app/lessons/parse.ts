// Reads a lesson folder's text files (index.md, checkpoints.json) into plain data with a
// list of problems in words. Pure: the browser catalog, the lesson page and the lesson
// validation test all use it, so an author sees the same message everywhere.
import { answerProblems, queryProblems, type StepQuery } from './step-query';

export const LAB_IDS = ['bridge', 'qeth', 'macvlan', 'vepa', 'vdp', 'virtio'] as const;

export interface LessonMeta {
  readonly title: string;
  readonly lab: string;
  readonly order: number;
  readonly summary: string;
  readonly minutes: number;
  /** `challenge` for a challenge (challenges/<id>/, src/app/challenges); absent for a lesson. */
  readonly kind?: 'challenge';
  /** Other labs a cross-lab lesson also uses: their mechanism views are offered beside the lab's. */
  readonly also?: readonly string[];
}

export interface LessonSection {
  /** Undefined for the introduction (the text before the first step marker). */
  readonly at?: StepQuery;
  readonly markdown: string;
}

export interface ParsedLesson {
  readonly meta: LessonMeta;
  readonly sections: readonly LessonSection[];
  /** Markdown after `<!-- key-points -->`: what to remember, shown when the lesson ends. */
  readonly keyPoints?: string;
  readonly problems: readonly string[];
}

export interface Checkpoint {
  readonly id: string;
  readonly at: StepQuery;
  readonly question: string;
  readonly choices: readonly string[];
  readonly answer: string;
  readonly expected: string;
  readonly explain: string;
  /** Shown after a wrong first try, before the student tries again. */
  readonly hint?: string;
  /** Hints for particular wrong choices; they win over `hint` for that choice. */
  readonly hints?: Readonly<Record<string, string>>;
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const MARKER = /<!--\s*step:\s*(\{[\s\S]*?\})\s*-->/g;
const KEY_POINTS = /<!--\s*key-points\s*-->/;

/** The `key: value` lines between `---` fences. Values may be quoted; numbers stay strings here. */
export function parseFrontmatter(text: string): { fields: Record<string, string>; body: string; problems: string[] } {
  const m = FRONT.exec(text);
  if (!m) return { fields: {}, body: text, problems: ['index.md has no frontmatter: it must start with a "---" line, then "title: ..." lines, then "---"'] };
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  m[1].split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const kv = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) {
      problems.push(`frontmatter line ${i + 2} "${line}" is not "key: value"`);
      return;
    }
    fields[kv[1]] = unquote(kv[2].trim());
  });
  return { fields, body: text.slice(m[0].length), problems };
}

/** Only the frontmatter: what the home page lists (the build ships just that part eagerly). */
export function parseLessonMeta(text: string): { meta: LessonMeta; problems: string[] } {
  const { fields, problems } = parseFrontmatter(text);
  const meta = readMeta(fields, problems);
  if (meta.kind === 'challenge') problems.push(NOT_A_LESSON);
  return { meta, problems };
}

const NOT_A_LESSON =
  'frontmatter "kind" is "challenge": a challenge lives in challenges/<lab>-<NN>-<slug>/ with a challenge.json (docs/lesson-format.md#challenges)';

export function parseLessonMarkdown(text: string): ParsedLesson {
  const { fields, body: whole, problems } = parseFrontmatter(text);
  const kp = KEY_POINTS.exec(whole);
  const body = kp ? whole.slice(0, kp.index) : whole;
  const keyPoints = kp ? whole.slice(kp.index + kp[0].length).trim() : undefined;
  if (kp && /<!--\s*step:/.test(keyPoints ?? '')) problems.push('a step marker follows <!-- key-points -->: the key points must be the last part of index.md');
  if (kp && !keyPoints) problems.push('<!-- key-points --> is followed by no text');
  const meta = readMeta(fields, problems);
  if (meta.kind === 'challenge') problems.push(NOT_A_LESSON);
  const sections: LessonSection[] = [];
  let last = 0;
  let at: StepQuery | undefined;
  for (const m of body.matchAll(MARKER)) {
    sections.push({ ...(at && { at }), markdown: body.slice(last, m.index).trim() });
    last = m.index + m[0].length;
    at = undefined;
    let q: unknown;
    try {
      q = JSON.parse(m[1]);
    } catch {
      problems.push(`step marker ${m[0]} does not hold valid JSON`);
      continue;
    }
    const qp = queryProblems(q);
    if (qp.length) problems.push(...qp.map((p) => `step marker ${m[1]}: ${p}`));
    else at = q as StepQuery;
  }
  sections.push({ ...(at && { at }), markdown: body.slice(last).trim() });
  return { meta, sections, ...(keyPoints && { keyPoints }), problems };
}

export function readMeta(f: Record<string, string>, problems: string[]): LessonMeta {
  for (const k of ['title', 'lab', 'order', 'summary', 'minutes']) if (!(k in f)) problems.push(`frontmatter has no "${k}"`);
  const num = (k: string): number => {
    const n = Number(f[k]);
    if (k in f && (!Number.isFinite(n) || f[k] === '')) problems.push(`frontmatter "${k}" is "${f[k]}", not a number`);
    return Number.isFinite(n) ? n : 0;
  };
  const lab = f.lab ?? '';
  if (lab && !(LAB_IDS as readonly string[]).includes(lab)) problems.push(`frontmatter "lab" is "${lab}"; use one of ${LAB_IDS.join(', ')}`);
  const kind = f.kind;
  if (kind !== undefined && kind !== 'lesson' && kind !== 'challenge')
    problems.push(`frontmatter "kind" is "${kind}"; use "lesson" (or leave it out) or "challenge"`);
  const also = readAlso(f.also, lab, problems);
  return {
    title: f.title ?? '(untitled lesson)',
    lab,
    order: num('order'),
    summary: f.summary ?? '',
    minutes: num('minutes'),
    ...(kind === 'challenge' && { kind }),
    ...(also.length > 0 && { also }),
  };
}

/** `also: macvlan` or `also: [macvlan, vdp]`: the other labs of a cross-lab lesson. */
function readAlso(value: string | undefined, lab: string, problems: string[]): string[] {
  if (value === undefined) return [];
  const list = value
    .replace(/^\[(.*)\]$/, '$1')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (list.length === 0) problems.push('frontmatter "also" is empty; name the other labs, e.g. "also: macvlan, vdp"');
  const out: string[] = [];
  for (const other of list) {
    if (!(LAB_IDS as readonly string[]).includes(other))
      problems.push(`frontmatter "also" names "${other}"; use one of ${LAB_IDS.join(', ')}`);
    else if (other === lab) problems.push(`frontmatter "also" names "${other}", the lesson's own lab`);
    else if (out.includes(other)) problems.push(`frontmatter "also" names "${other}" twice`);
    else out.push(other);
  }
  return out;
}

function readHints(
  c: Record<string, unknown>,
  where: string,
  choices: readonly string[],
  problems: string[],
): Pick<Checkpoint, 'hint' | 'hints'> {
  const out: { hint?: string; hints?: Record<string, string> } = {};
  if (c.hint !== undefined) {
    if (typeof c.hint === 'string' && c.hint.trim() !== '') out.hint = c.hint;
    else problems.push(`${where}.hint must be a non-empty string`);
  }
  if (c.hints !== undefined) {
    if (typeof c.hints !== 'object' || c.hints === null || Array.isArray(c.hints)) {
      problems.push(`${where}.hints must be an object from a wrong choice to its hint`);
      return out;
    }
    const hints = new Map<string, string>();
    for (const [choice, text] of Object.entries(c.hints)) {
      if (!choices.includes(choice)) problems.push(`${where}.hints has "${choice}", which is not one of its choices`);
      else if (choice === c.expected) problems.push(`${where}.hints has a hint for "${choice}", the right answer`);
      else if (typeof text !== 'string' || text.trim() === '')
        problems.push(`${where}.hints["${choice}"] must be a non-empty string`);
      else hints.set(choice, text);
    }
    if (hints.size) out.hints = Object.fromEntries(hints);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

export function parseCheckpoints(json: unknown): { checkpoints: Checkpoint[]; problems: string[] } {
  const problems: string[] = [];
  const list = (json as { checkpoints?: unknown } | null)?.checkpoints;
  if (typeof json !== 'object' || json === null || !Array.isArray(list)) return { checkpoints: [], problems: ['checkpoints.json must be {"checkpoints": [ ... ]}'] };
  const checkpoints: Checkpoint[] = [];
  const ids = new Set<string>();
  list.forEach((c: Record<string, unknown>, i) => {
    const where = `checkpoints[${i}]`;
    if (typeof c !== 'object' || c === null) return void problems.push(`${where} is not an object`);
    const str = (k: string): string => {
      if (typeof c[k] !== 'string' || c[k] === '') problems.push(`${where}.${k} must be a non-empty string`);
      return typeof c[k] === 'string' ? (c[k] as string) : '';
    };
    const id = str('id');
    if (ids.has(id)) problems.push(`${where}.id "${id}" is used twice`);
    ids.add(id);
    const qp = queryProblems(c.at);
    problems.push(...qp.map((p) => `${where}.at: ${p}`));
    problems.push(...answerProblems(c.answer).map((p) => `${where}: ${p}`));
    const choices = Array.isArray(c.choices) && c.choices.every((x) => typeof x === 'string') ? (c.choices as string[]) : [];
    if (choices.length < 2) problems.push(`${where}.choices must list at least two strings`);
    const cp: Checkpoint = {
      id,
      at: c.at as StepQuery,
      question: str('question'),
      choices,
      answer: String(c.answer ?? ''),
      expected: str('expected'),
      explain: str('explain'),
      ...readHints(c, where, choices, problems),
    };
    if (cp.expected && choices.length && !choices.includes(cp.expected)) problems.push(`${where}.expected "${cp.expected}" is not one of its choices`);
    if (!qp.length) checkpoints.push(cp);
  });
  return { checkpoints, problems };
}
