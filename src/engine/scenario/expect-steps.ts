// Matching steps against a StepMatcher, and saying in words what was asked and what the
// nearest step that did not match looked like, so a failed check needs no step log.
import type { Step, Trace } from '../sim/types';
import { formatDuration } from './units';
import type { StepMatcher, TextMatch, ValueMatch } from './expect-types';

/** The criteria a step fails (empty: it matches). */
export function misses(s: Step, m: StepMatcher): string[] {
  const out: string[] = [];
  if (m.node !== undefined && s.node !== m.node) out.push(`node is ${s.node}`);
  if (m.port !== undefined && s.port !== m.port) out.push(`port is ${s.port ?? 'none'}`);
  if (m.kind !== undefined && s.kind !== m.kind) out.push(`kind is ${s.kind}`);
  if (m.layer !== undefined && s.layer !== m.layer) out.push(`layer is ${s.layer}`);
  if (m.from !== undefined && s.time < m.from) out.push(`${TOO} early for a window from ${formatDuration(m.from)}`);
  if (m.to !== undefined && s.time > m.to) out.push(`${TOO} late for a window to ${formatDuration(m.to)}`);
  if (m.source && !textMatches(s.source, m.source)) out.push(`source is "${clip(s.source, 60)}"`);
  if (m.text && !textMatches(s.decision, m.text)) out.push(`text does not match`);
  if (m.detail)
    for (const [path, want] of m.detail) {
      const got = at(s.detail, path);
      if (!valueMatches(got, want)) out.push(`detail ${path} is ${got === undefined ? 'unset' : JSON.stringify(got)}`);
    }
  return out;
}

export const textMatches = (s: string, t: TextMatch): boolean =>
  'regex' in t ? t.regex.test(s) : s.includes(t.includes);

export function valueMatches(got: unknown, want: ValueMatch): boolean {
  if ('regex' in want) return got !== undefined && got !== null && want.regex.test(String(got));
  return JSON.stringify(got) === JSON.stringify(want.equals);
}

/** A dotted path with optional [n] indexes into a JSON value. */
export function at(v: unknown, path: string): unknown {
  let cur = v;
  for (const part of path.split('.')) {
    const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, m[1]) ? (cur as Record<string, unknown>)[m[1]] : undefined;
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
  }
  return cur;
}

/** Indexes of the steps that match, in order. */
export function matching(trace: Trace, m: StepMatcher): number[] {
  const out: number[] = [];
  const steps = trace.steps;
  for (let i = 0; i < steps.length; i++) if (misses(steps[i], m).length === 0) out.push(i);
  return out;
}

const TOO = 'too';
/** A step that is right but at the wrong time is nearer than one of the wrong kind or source. */
const cost = (miss: readonly string[]): number => miss.reduce((c, x) => c + (x.startsWith(TOO) ? 0.5 : 1), 0);

/** The step that fails the fewest criteria (after `after`, when given), with what it fails. */
export function nearest(trace: Trace, m: StepMatcher, after = -1): { step: Step; misses: string[] } | undefined {
  let best: { step: Step; misses: string[]; cost: number } | undefined;
  const steps = trace.steps;
  for (let i = after + 1; i < steps.length; i++) {
    const s = steps[i];
    // Ties go to the earlier step; a step on another node is never "near" when a node was asked for.
    if (m.node !== undefined && s.node !== m.node && best) continue;
    const miss = misses(s, m);
    const c = cost(miss);
    if (!best || c < best.cost) best = { step: s, misses: miss, cost: c };
  }
  return best && { step: best.step, misses: best.misses };
}

export function describeMatcher(m: StepMatcher): string {
  const parts: string[] = [];
  parts.push(m.kind ? `${/^[aeiou]/.test(m.kind) ? 'an' : 'a'} ${m.kind} step` : 'a step');
  if (m.node !== undefined) parts.push(`at ${m.node}${m.port !== undefined ? `:${m.port}` : ''}`);
  else if (m.port !== undefined) parts.push(`on port ${m.port}`);
  if (m.layer) parts.push(`(${m.layer})`);
  if (m.source) parts.push(`from source ${describeText(m.source)}`);
  if (m.text) parts.push(`saying ${describeText(m.text)}`);
  if (m.detail) parts.push(`with ${[...m.detail].map(([k, v]) => `${k} ${describeValue(v)}`).join(', ')}`);
  if (m.from !== undefined && m.from === m.to) parts.push(`at ${formatDuration(m.from)}`);
  else if (m.from !== undefined) parts.push(`within [${formatDuration(m.from)}, ${formatDuration(m.to!)}]`);
  return parts.join(' ');
}

export const describeText = (t: TextMatch): string => ('regex' in t ? String(t.regex) : JSON.stringify(t.includes));
export const describeValue = (v: ValueMatch): string =>
  'regex' in v ? `matching ${String(v.regex)}` : `= ${JSON.stringify(v.equals)}`;

export function describeStep(s: Step): string {
  return `step #${s.index} at ${formatDuration(s.time)} ${s.node}${s.port ? `:${s.port}` : ''} ${s.kind} "${clip(s.decision, 90)}"`;
}

export const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
