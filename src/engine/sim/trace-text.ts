// A trace as text, one step a line: what golden files hold and what reviewers read in
// diffs. `traceFingerprint` covers every byte of every frame too, for determinism checks.
import type { Step, Trace } from './types';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function stepLine(s: Step): string {
  const where = s.port ? `${s.node}:${s.port}` : s.node;
  const pkt = s.packet ? ` pkt=${s.packet.pid}/${s.packet.origin}` : '';
  const frame = s.frame !== undefined ? ` frame=${s.frame}` : '';
  const link = s.link ? ` -> ${s.link.to.node}:${s.link.to.port}@${s.link.arrives}` : '';
  const changes = s.changes?.length
    ? ` {${s.changes.map((c) => `${c.key}=${JSON.stringify(c.after) ?? '(removed)'}`).join(', ')}}`
    : '';
  return `#${s.index} t=${s.time} ${where} ${s.layer} ${s.kind}${pkt}${frame}${link}: ${s.decision} [${s.source}]${changes}`;
}

export function traceText(t: Trace): string {
  const lines = t.steps.map(stepLine);
  lines.push(
    ...t.fates.map((f) => `fate ${f.origin}${f.traffic !== undefined ? ` (traffic #${f.traffic})` : ''}: ${f.summary}`),
  );
  return lines.join('\n') + '\n';
}

/** Everything in the trace, frames' bytes included, as one string. */
export function traceFingerprint(t: Trace): string {
  return JSON.stringify({
    steps: t.steps,
    frames: t.frames.map(hex),
    fates: t.fates,
    endTime: t.endTime,
    counters: t.counters,
  });
}
