// What the CLI prints: each injected frame's fate, totals, and the scenario's own
// expectations. The JSON form is documented in docs/cli.md; keep the two in step.
import type { ExpectationResult } from '../engine/scenario/expect';
import { formatDuration } from '../engine/scenario/units';
import { decodeFrame, summarize } from '../engine/frame/decode';
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
    steps: trace.steps.length,
    endTime: trace.endTime,
  };
}

/** One line describing the frame an injected packet started as. */
function frameSummary(trace: Trace, origin: number): string {
  const step = trace.steps.find((s) => s.packet?.pid === origin && s.frame !== undefined);
  if (!step || step.frame === undefined) return '(no bytes)';
  return summarize(decodeFrame(trace.frames[step.frame]));
}

export function jsonReport(file: string, trace: Trace, results: readonly ExpectationResult[]) {
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
      frame: frameSummary(trace, f.origin),
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
  if (withSteps) {
    for (const s of trace.steps)
      out.push(
        `  #${s.index} ${formatDuration(s.time).padStart(9)} ${s.node}${s.port ? `:${s.port}` : ''} ${s.kind}: ${s.decision} [${s.source}]`,
      );
    out.push('');
  }
  for (const f of trace.fates) {
    const cause = f.cause !== undefined ? `, answering frame ${f.cause}` : '';
    out.push(
      `frame ${f.origin} at ${formatDuration(f.injectedAt)} from ${f.port ? `${f.node}:${f.port}` : f.node}${cause}: ${frameSummary(trace, f.origin)}`,
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
  if (results.length) {
    out.push('expectations:');
    for (const r of results) out.push(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.message}`);
  }
  return out.join('\n');
}
