// Step queries: how lessons point at trace steps without hard-coding indexes, so a lesson
// survives a device that adds a step. A query is a JSON object; every field given must
// match; `nth` picks the n-th match (1-based). Also reads a checkpoint's truth from the trace.
import type { Step, Trace } from '../../engine/sim/types';
import { fateHeads, kindAt, layerAt, nodeAt, portAt, stepAt, stepCount } from '../../engine/sim/trace-access';
import type { StateIndex } from '../../engine/sim/state-index';

export interface StepQuery {
  readonly node?: string;
  readonly kind?: string;
  readonly port?: string;
  readonly layer?: string;
  readonly traffic?: number;
  readonly text?: string;
  readonly nth?: number;
}

const FIELDS = ['node', 'kind', 'port', 'layer', 'traffic', 'text', 'nth'] as const;

/** Checks a query's shape; returns the problems in words (empty when it is fine). */
export function queryProblems(q: unknown): string[] {
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return ['a step query must be a JSON object like {"node":"br0","kind":"drop"}'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (!(FIELDS as readonly string[]).includes(k)) out.push(`unknown field "${k}" (allowed: ${FIELDS.join(', ')})`);
    else if (k === 'traffic' || k === 'nth') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < (k === 'nth' ? 1 : 0)) out.push(`"${k}" must be a whole number${k === 'nth' ? ' from 1' : ' from 0'}`);
    } else if (typeof v !== 'string' || v === '') out.push(`"${k}" must be a non-empty string`);
  }
  return out;
}

/** The traffic item a step belongs to: through its packet's origin, or a command's own detail. */
export function trafficOf(trace: Trace, step: Step, byOrigin = originTraffic(trace)): number | undefined {
  if (step.packet) return byOrigin.get(step.packet.origin);
  const t = step.detail?.traffic;
  return typeof t === 'number' ? t : undefined;
}

export function originTraffic(trace: Trace): Map<number, number> {
  const m = new Map<number, number>();
  for (const f of fateHeads(trace)) if (f.traffic !== undefined) m.set(f.origin, f.traffic);
  return m;
}

export function stepMatches(trace: Trace, step: Step, q: StepQuery, byOrigin = originTraffic(trace)): boolean {
  if (q.node !== undefined && step.node !== q.node) return false;
  if (q.kind !== undefined && step.kind !== q.kind) return false;
  if (q.port !== undefined && step.port !== q.port) return false;
  if (q.layer !== undefined && step.layer !== q.layer) return false;
  if (q.text !== undefined && !step.decision.toLowerCase().includes(q.text.toLowerCase())) return false;
  if (q.traffic !== undefined && trafficOf(trace, step, byOrigin) !== q.traffic) return false;
  return true;
}

/**
 * Index of the step the query names, or -1 when no step matches. Node, kind, port and
 * layer are read from the trace's columns; only steps that pass them become Step objects.
 */
export function findStep(trace: Trace, q: StepQuery): number {
  const byOrigin = q.traffic === undefined ? new Map<number, number>() : originTraffic(trace);
  let left = q.nth ?? 1;
  for (let i = 0, n = stepCount(trace); i < n; i++) {
    if (q.node !== undefined && nodeAt(trace, i) !== q.node) continue;
    if (q.kind !== undefined && kindAt(trace, i) !== q.kind) continue;
    if (q.port !== undefined && portAt(trace, i) !== q.port) continue;
    if (q.layer !== undefined && layerAt(trace, i) !== q.layer) continue;
    if (stepMatches(trace, stepAt(trace, i)!, q, byOrigin) && --left === 0) return i;
  }
  return -1;
}

export function describeQuery(q: StepQuery): string {
  return Object.entries(q)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}

/** What the trace says a checkpoint's answer is, as the string a choice must equal. */
export function truthOf(trace: Trace, state: StateIndex, stepIndex: number, answer: string): string | undefined {
  const step = stepAt(trace, stepIndex);
  if (!step) return undefined;
  if (answer === 'node') return step.node;
  if (answer === 'port') return step.port;
  if (answer === 'kind') return step.kind;
  if (answer.startsWith('detail.')) return show(pick(step.detail, answer.slice('detail.'.length)));
  if (answer.startsWith('state:')) return show(state.at(stepIndex).get(answer.slice('state:'.length)));
  // A prediction of where the run ends up, asked before the screen can show it.
  if (answer.startsWith('end:')) return show(state.at(stepCount(trace) - 1).get(answer.slice('end:'.length)));
  return undefined;
}

export function answerProblems(answer: unknown): string[] {
  if (typeof answer !== 'string') return ['"answer" must be a string'];
  if (['node', 'port', 'kind'].includes(answer) || /^detail\.[\w$[\].-]+$/.test(answer) || /^(state|end):.+/.test(answer)) return [];
  return [`"answer" is "${answer}"; use node, port, kind, detail.<path>, state:<key> or end:<key>`];
}

function pick(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function show(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
