// What the CLI prints: each injected frame's fate, totals, and the scenario's own
// expectations. The JSON form is documented in docs/cli.md; keep the two in step.
// Everything here is linear in the trace (one pass over the step columns for the frame
// summaries), so a run stopped at its budget with a million steps still reports in seconds.
// Text from the scenario (names, labels, decisions that quote them) is escaped: a control
// character in a file must not become an escape sequence on the instructor's terminal.
import type { ExpectationResult } from '../engine/scenario/expect';
import { oneLine, printable } from '../engine/scenario/issues';
import { formatDuration } from '../engine/scenario/units';
import { decodeFrame, summarize } from '../engine/frame/decode';
import { budgetStopOf } from '../engine/sim/budget';
import { frameAt, pidAt, stepAt, stepCount } from '../engine/sim/trace-access';
import type { Trace } from '../engine/sim/types';

export interface Totals {
  readonly injected: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly steps: number;
  readonly endTime: number;
}

export function totals(trace: Trace): Totals {
  let delivered = 0;
  let dropped = 0;
  let inFlight = 0;
  for (const f of trace.fates) {
    delivered += f.delivered.length;
    dropped += f.dropped.length;
    inFlight += f.inFlight;
  }
  return {
    injected: trace.fates.length,
    delivered,
    dropped,
    inFlight,
    steps: stepCount(trace),
    endTime: trace.endTime,
  };
}

/**
 * One line per injected frame describing the bytes it started as (its first step that
 * carries them), keyed by origin: one pass over the steps, one decode per distinct frame.
 */
export function frameSummaries(trace: Trace): Map<number, string> {
  const want = new Set(trace.fates.map((f) => f.origin));
  const byFrame = new Map<number, string>();
  const out = new Map<number, string>();
  const n = stepCount(trace);
  for (let i = 0; i < n && out.size < want.size; i++) {
    const pid = pidAt(trace, i);
    if (pid === 0 || !want.has(pid) || out.has(pid)) continue;
    const f = frameAt(trace, i);
    if (f < 0) continue;
    let s = byFrame.get(f);
    if (s === undefined) byFrame.set(f, (s = summarize(decodeFrame(trace.frames[f]))));
    out.set(pid, s);
  }
  return out;
}

export function jsonReport(file: string, trace: Trace, results: readonly ExpectationResult[]) {
  const summaries = frameSummaries(trace);
  const budget = budgetStopOf(trace);
  return {
    format: 'netvirt-lab/cli-report@1',
    file,
    scenario: trace.scenario,
    seed: trace.seed,
    totals: totals(trace),
    frames: trace.fates.map((f) => ({
      origin: f.origin,
      ...(f.traffic !== undefined && { traffic: f.traffic }),
      ...(f.cause !== undefined && { inResponseTo: f.cause }),
      injectedAt: f.injectedAt,
      from: f.port ? `${f.node}:${f.port}` : f.node,
      frame: summaries.get(f.origin) ?? '(no bytes)',
      delivered: f.delivered.map((d) => ({
        node: d.node,
        ...(d.port && { port: d.port }),
        step: d.step,
        decision: d.decision,
      })),
      dropped: f.dropped.map((d) => ({
        node: d.node,
        ...(d.port && { port: d.port }),
        step: d.step,
        reason: d.reason,
      })),
      inFlight: f.inFlight,
    })),
    counters: trace.counters,
    ...(budget && { stopped: { budget: budget.key, step: budget.step, message: budget.decision } }),
    expectations: results.map((r) => ({ ok: r.ok, path: r.path, message: r.message })),
  };
}

export function textReport(
  file: string,
  trace: Trace,
  results: readonly ExpectationResult[],
  withSteps: boolean,
): string {
  const out: string[] = [`${trace.scenario} (${file}, seed ${trace.seed})`];
  const summaries = frameSummaries(trace);
  if (withSteps) {
    const n = stepCount(trace);
    for (let i = 0; i < n; i++) {
      const s = stepAt(trace, i)!;
      out.push(
        `  #${s.index} ${formatDuration(s.time).padStart(9)} ${s.node}${s.port ? `:${s.port}` : ''} ${s.kind}: ${s.decision} [${s.source}]`,
      );
    }
    out.push('');
  }
  for (const f of trace.fates) {
    const cause = f.cause !== undefined ? `, answering frame ${f.cause}` : '';
    out.push(
      `frame ${f.origin} at ${formatDuration(f.injectedAt)} from ${f.port ? `${f.node}:${f.port}` : f.node}${cause}: ${summaries.get(f.origin) ?? '(no bytes)'}`,
    );
    for (const d of f.delivered) out.push(`  delivered to ${d.port ? `${d.node}:${d.port}` : d.node}: ${d.decision}`);
    for (const d of f.dropped) out.push(`  dropped at ${d.port ? `${d.node}:${d.port}` : d.node}: ${d.reason}`);
    if (f.inFlight)
      out.push(`  ${f.inFlight} cop${f.inFlight === 1 ? 'y' : 'ies'} still in flight when the run stopped`);
  }
  const t = totals(trace);
  out.push(
    '',
    `totals: ${t.injected} frames injected, ${t.delivered} deliveries, ${t.dropped} drops, ${t.inFlight} in flight; ${t.steps} steps; ended at ${formatDuration(t.endTime)}`,
  );
  const budget = budgetStopOf(trace);
  if (budget) out.push(`stopped at step #${budget.step}: ${budget.decision}`);
  if (results.length) {
    out.push('expectations:');
    for (const r of results) out.push(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.message}`);
  }
  return out.map(oneLine).join('\n');
}

/** JSON text safe for a terminal: JSON.stringify leaves C1 controls and bidi overrides raw; \u escapes are still JSON. */
export const printableJson = (value: unknown): string => printable(JSON.stringify(value, null, 2));
