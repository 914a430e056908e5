// The checks that read the trace's steps, frames and state: how often a step happens,
// in which order, what a command returned, what a frame held, what a state key was.
import '../devices/dissectors';
import { decodeFrame, type DecodedField } from '../frame/decode';
import type { StateIndex } from '../sim/state-index';
import type { Step, Trace } from '../sim/types';
import { errnoName } from './errno';
import type { Count, StepMatcher, TraceExpectation } from './expect-types';
import type { Outcome } from './expect';
import { at, describeMatcher, describeStep, describeValue, matching, nearest, valueMatches } from './expect-steps';
import { formatDuration } from './units';

type Of<K extends TraceExpectation['kind']> = Extract<TraceExpectation, { kind: K }>;

export function checkStep(e: Of<'step'>, trace: Trace): Outcome {
  const hits = matching(trace, e.match);
  const n = hits.length;
  const ok = n >= e.count.min && n <= e.count.max;
  const what = `${e.id ? `"${e.id}": ` : ''}${describeMatcher(e.match)} happens ${describeCount(e.count)}`;
  if (ok)
    return { ok, message: `${what}: yes${n ? ` (${times(n)}, first ${describeStep(trace.steps[hits[0]])})` : ''}` };
  if (n === 0) return { ok, message: `${what}: no, never; ${nearestText(trace, e.match)}` };
  const list = hits
    .slice(0, 5)
    .map((i) => `#${i}`)
    .join(', ');
  return { ok, message: `${what}: no, ${times(n)} (steps ${list}${n > 5 ? ', …' : ''})` };
}

export function checkOrder(e: Of<'order'>, trace: Trace): Outcome {
  const lists = e.chain.map((c) => matching(trace, c.match));
  const what = `${e.chain.map((c) => c.label).join(' before ')}${e.within !== undefined ? `, each within ${formatDuration(e.within)} of the previous` : ''}`;
  const fail = (message: string): Outcome => ({ ok: false, sub: 'order', message: `${what}: no, ${message}` });
  const never = lists.findIndex((l) => l.length === 0);
  if (never >= 0) {
    const c = e.chain[never];
    return fail(`${c.label} (${describeMatcher(c.match)}) never happens; ${nearestText(trace, c.match)}`);
  }
  // The earliest chain, trying each start in turn (a later start may meet a time bound).
  let best: { reached: number; at: number } = { reached: 0, at: lists[0][0] };
  for (const start of lists[0]) {
    let prev = start;
    let k = 1;
    for (; k < lists.length; k++) {
      const next = lists[k].find((i) => i > prev);
      if (next === undefined) break;
      if (e.within !== undefined && trace.steps[next].time - trace.steps[prev].time > e.within) break;
      prev = next;
    }
    if (k === lists.length) {
      const first = trace.steps[start];
      return { ok: true, message: `${what}: yes (from ${describeStep(first)} to step #${prev})` };
    }
    if (k > best.reached) best = { reached: k, at: prev };
    if (e.within === undefined) break; // without a bound the first start is as good as any
  }
  const c = e.chain[best.reached];
  const prevStep = trace.steps[best.at];
  const later = lists[best.reached].find((i) => i > best.at);
  if (later === undefined) {
    const firstAt = trace.steps[lists[best.reached][0]];
    return fail(
      `${c.label} happens only before ${e.chain[best.reached - 1].label} (first ${describeStep(firstAt)}, last #${lists[best.reached].at(-1)}; ${e.chain[best.reached - 1].label} ${describeStep(prevStep)})`,
    );
  }
  const gap = trace.steps[later].time - prevStep.time;
  return fail(
    `${c.label} comes ${formatDuration(gap)} after ${e.chain[best.reached - 1].label} at the soonest (${describeStep(prevStep)}, then ${describeStep(trace.steps[later])})`,
  );
}

export function checkReturns(e: Of<'returns'>, trace: Trace): Outcome {
  const what = `command #${e.command} on ${e.node} returns ${errnoName(e.errno)}`;
  const steps = trace.steps;
  let cmd = -1;
  for (let i = 0; i < steps.length && cmd < 0; i++)
    if (isScripted(steps[i]) && steps[i].detail?.traffic === e.command) cmd = i;
  if (cmd < 0)
    return { ok: false, sub: 'command', message: `${what}: no, the command never ran (the run stopped before it?)` };
  // The answer belongs to this command until the node's next scripted command starts.
  for (let i = cmd + 1; i < steps.length; i++) {
    const s = steps[i];
    if (s.node !== e.node) continue;
    if (isScripted(s)) break;
    const r = at(s.detail, 'returns.errno');
    if (typeof r !== 'number') continue;
    const to = at(s.detail, 'returns.to');
    const by = `${typeof to === 'string' ? ` to ${to}` : ''} (${describeStep(s)})`;
    return r === e.errno
      ? { ok: true, message: `${what}: yes${by}` }
      : { ok: false, sub: 'returns', message: `${what}: no, it returned ${errnoName(r)}${by}` };
  }
  return {
    ok: false,
    sub: 'returns',
    message: `${what}: no, nothing was returned after ${describeStep(steps[cmd])} (the device records no "returns" detail for this command, or the answer had not come when the run stopped)`,
  };
}

const isScripted = (s: Step): boolean => s.kind === 'command' && s.source === 'scenario traffic';

export function checkFrame(e: Of<'frame'>, trace: Trace): Outcome {
  let index: number | undefined;
  let from = '';
  if (typeof e.frame === 'number') {
    index = e.frame;
    if (index >= trace.frames.length)
      return {
        ok: false,
        sub: 'frame',
        message: `frame #${index}: no, the run has only ${trace.frames.length} frames`,
      };
  } else {
    const m: StepMatcher = e.frame;
    const hit = matching(trace, m).find((i) => trace.steps[i].frame !== undefined);
    if (hit === undefined)
      return {
        ok: false,
        sub: 'frame',
        message: `the frame of ${describeMatcher(m)}: no such step carries a frame; ${nearestText(trace, m)}`,
      };
    index = trace.steps[hit].frame!;
    from = ` (of step #${hit})`;
  }
  const decoded = decodeFrame(trace.frames[index]);
  const fields = new Map<string, DecodedField>();
  const walk = (fs: readonly DecodedField[]): void => {
    for (const f of fs) {
      if (!fields.has(f.path)) fields.set(f.path, f);
      if (f.children) walk(f.children);
    }
  };
  for (const l of decoded.layers) walk(l.fields);
  const bad: string[] = [];
  for (const [path, want] of e.fields) {
    const f = fields.get(path);
    if (!f) {
      bad.push(
        `${path} is not in the frame (it has ${[...fields.keys()].slice(0, 12).join(', ')}${fields.size > 12 ? ', …' : ''})`,
      );
      continue;
    }
    // A field matches by its raw value, or by the text the inspector shows for it.
    const ok =
      valueMatches(f.value, want) || ('equals' in want && typeof want.equals === 'string' && f.display === want.equals);
    if (!ok)
      bad.push(
        `${path} is ${f.value !== undefined ? JSON.stringify(f.value) : `"${f.display}"`}, not ${describeValue(want).replace(/^= /, '')}`,
      );
  }
  const what = `frame #${index}${from} has ${[...e.fields].map(([k, v]) => `${k} ${describeValue(v)}`).join(', ')}`;
  return bad.length
    ? { ok: false, sub: 'fields', message: `${what}: no, ${bad.join('; ')}` }
    : { ok: true, message: `${what}: yes` };
}

export function checkStateAt(e: Of<'state-at'>, trace: Trace, states: StateIndex): Outcome {
  // The state after the last step at or before `at` (the end when no time is given).
  let last = trace.steps.length - 1;
  if (e.at !== undefined) {
    const steps = trace.steps;
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (steps[mid].time <= e.at) lo = mid + 1;
      else hi = mid;
    }
    last = lo - 1;
  }
  const got = states.at(last).get(e.key);
  const when = e.at === undefined ? 'at the end' : `at ${formatDuration(e.at)}`;
  const gotText = got === undefined ? 'unset' : JSON.stringify(got);
  if ('unset' in e.want) {
    const ok = got === undefined;
    return { ok, message: `state ${e.key} unset ${when}: ${ok ? 'yes' : `no, it is ${gotText}`}` };
  }
  const ok = JSON.stringify(got) === JSON.stringify(e.want.equals);
  return {
    ok,
    message: `state ${e.key} = ${JSON.stringify(e.want.equals)}${e.at === undefined ? '' : ` ${when}`}: ${ok ? 'yes' : `no, it is ${gotText}`}`,
  };
}

function nearestText(trace: Trace, m: StepMatcher): string {
  const n = nearest(trace, m);
  return n ? `nearest: ${describeStep(n.step)} (${n.misses.join(', ')})` : 'the trace has no steps';
}

const describeCount = (c: Count): string =>
  c.min === 0 && c.max === 0
    ? 'never'
    : c.min === c.max
      ? `exactly ${times(c.min)}`
      : c.max === Infinity
        ? `at least ${times(c.min)}`
        : c.min === 0
          ? `at most ${times(c.max)}`
          : `${c.min} to ${c.max} times`;

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);
