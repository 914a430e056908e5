// A challenge folder's challenge.json read into plain data with its problems in words, each
// naming where it is ("challenge.json goal[2].description"). Pure: the challenge page and the
// challenge test read it the same way. The goal entries are expectations of the scenario
// format (docs/scenario-format.md#expectations); whether they fit the scenario is the
// engine loader's call (grade.ts), not this file's.

import { parseFrontmatter, readMeta, type LessonMeta } from '../lessons/parse';

export interface ChallengeText {
  readonly meta: LessonMeta;
  /** The Markdown body: the scenario and the task in words, shown above the goals. */
  readonly intro: string;
  readonly problems: readonly string[];
}

/** A challenge's index.md: a lesson's frontmatter with `kind: challenge`, and one block of text. */
export function parseChallengeText(text: string): ChallengeText {
  const { fields, body, problems } = parseFrontmatter(text);
  const meta = readMeta(fields, problems);
  if (meta.kind !== 'challenge')
    problems.push(
      `frontmatter "kind" is ${fields.kind ? `"${fields.kind}"` : 'missing'}; a challenge's index.md says "kind: challenge"`,
    );
  if (/<!--\s*(step:|key-points)/.test(body))
    problems.push(
      "a challenge's index.md has no step markers or key points: the student runs it, there is no trace to follow yet",
    );
  const intro = body.trim();
  if (!intro) problems.push('index.md has no text after the frontmatter: say what the scenario is and what to achieve');
  return { meta, intro, problems };
}

export interface GoalEntry {
  /** What the student reads: the goal in words. */
  readonly description: string;
  /** The expectation as written, `description` included (the loader ignores it). */
  readonly expectation: Readonly<Record<string, unknown>>;
}

export interface ChallengeFile {
  readonly goal: readonly GoalEntry[];
  /** Shown one at a time, on request, in this order: each a little more telling. */
  readonly hints: readonly string[];
  /** JSON paths of the settings the student may change, as the settings panel names them. */
  readonly allowed: readonly string[];
}

const KEYS = new Set(['$schema', 'goal', 'hints', 'allowed']);
/** `$.nodes[3].config.ports[0].hairpin`: the path form listSettings gives each setting. */
const PATH = /^\$(\.[A-Za-z_$][\w$]*|\[\d+\])+$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function parseChallenge(json: unknown): { challenge: ChallengeFile; problems: string[] } {
  const problems: string[] = [];
  const empty: ChallengeFile = { goal: [], hints: [], allowed: [] };
  if (!isObject(json))
    return {
      challenge: empty,
      problems: ['challenge.json must be an object {"goal": [...], "hints": [...], "allowed": [...]}'],
    };
  for (const k of Object.keys(json))
    if (!KEYS.has(k)) problems.push(`challenge.json has an unknown key "${k}"; the keys are goal, hints and allowed`);

  const goal: GoalEntry[] = [];
  if (!Array.isArray(json.goal) || json.goal.length === 0)
    problems.push(
      'challenge.json goal must be a non-empty list of expectations (docs/scenario-format.md#expectations)',
    );
  else
    json.goal.forEach((g, i) => {
      if (!isObject(g)) return void problems.push(`challenge.json goal[${i}] must be an object (an expectation)`);
      if (!text(g.description))
        return void problems.push(
          `challenge.json goal[${i}].description must say the goal in words: the page shows it`,
        );
      goal.push({ description: g.description, expectation: g });
    });

  const hints: string[] = [];
  if (!Array.isArray(json.hints) || json.hints.length === 0)
    problems.push('challenge.json hints must be a non-empty list of strings, the gentlest first');
  else
    json.hints.forEach((h, i) => {
      if (text(h)) hints.push(h);
      else problems.push(`challenge.json hints[${i}] must be a non-empty string`);
    });

  const allowed: string[] = [];
  if (!Array.isArray(json.allowed) || json.allowed.length === 0)
    problems.push(
      'challenge.json allowed must list at least one setting path, e.g. "$.nodes[3].config.ports[2].hairpin"',
    );
  else
    json.allowed.forEach((p, i) => {
      if (typeof p !== 'string' || !PATH.test(p))
        problems.push(
          `challenge.json allowed[${i}] ${JSON.stringify(p)} is not a setting path like "$.nodes[3].config.mode"`,
        );
      else if (allowed.includes(p)) problems.push(`challenge.json allowed[${i}] "${p}" is listed twice`);
      else allowed.push(p);
    });
  return { challenge: { goal, hints, allowed }, problems };
}
