// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// The message sequence chart of ECP/VDP frames: one lane per node, one arrow per frame on
// a host-switch link (lost frames end in a cross), and bars for the machines' running
// timers. The vertical axis is time, drawn as ordered ticks (d3 scalePoint over the
// distinct event times) because the interesting moments are microseconds apart while
// keep-alives are seconds apart; each tick carries its real time.
import { scalePoint } from 'd3-scale';
import type { Step, Trace } from '../../../src/engine/sim/types';
import {
  ETH_P_ECP22,
  ETH_P_ECP02,
  VDP22_MODE_NAMES,
  VDP02_MODE_NAMES,
  hex2,
} from '../../../src/engine/devices/vdp/codec/constants';
import { parseEcp22Frame } from '../../../src/engine/devices/vdp/codec/ecp22';
import { parseVdp22Payload } from '../../../src/engine/devices/vdp/codec/vdp22-tlv';
import { parseEcp02Frame } from '../../../src/engine/devices/vdp/codec/ecp02';
import { parseVdp02Tlvs } from '../../../src/engine/devices/vdp/codec/vdp02-tlv';

export interface Message {
  step: number;
  from: string;
  to: string;
  t0: number;
  t1: number;
  label: string;
  kind: 'req' | 'ack' | 'vic' | 'data';
  lost: boolean;
  retry: boolean;
}

export interface TimerBar {
  node: string;
  sm: string;
  name: string;
  start: number;
  end: number;
  fired: boolean;
}

export interface SequenceModel {
  lanes: string[];
  messages: Message[];
  timers: TimerBar[];
  times: number[];
}

const isWire = (s: Step): boolean => (s.kind === 'inject' || s.kind === 'transmit') && !!s.link;

/** What a frame says, read from its bytes with the lab's codecs. */
export function frameLabel(bytes: Uint8Array): { label: string; kind: Message['kind'] } {
  const type = (bytes[12] << 8) | bytes[13];
  try {
    if (type === ETH_P_ECP22) {
      const f = parseEcp22Frame(bytes);
      if (f.op === 1) return { label: `ECP ACK ${f.seq}`, kind: 'ack' };
      const p = parseVdp22Payload(f.payload);
      const v = p.ok ? ` ${VDP22_MODE_NAMES[p.payload.vsi.mode]} ${hex2(p.payload.vsi.status)}` : '';
      return { label: `ECP REQ ${f.seq}${v}`, kind: 'req' };
    }
    if (type === ETH_P_ECP02) {
      const f = parseEcp02Frame(bytes);
      if (f.mode === 1) return { label: `ECP 0.2 ACK ${f.seq}`, kind: 'ack' };
      const t = parseVdp02Tlvs(f.payload).find((x) => x.ok);
      const v = t?.ok ? ` ${VDP02_MODE_NAMES[t.vsi.mode]} resp ${t.vsi.response}` : '';
      return { label: `ECP 0.2 REQ ${f.seq}${v}`, kind: 'req' };
    }
    if (type === 0x88b5) return { label: 'VIC stand-in', kind: 'vic' };
  } catch {
    return { label: 'malformed', kind: 'data' };
  }
  return { label: 'guest data', kind: 'data' };
}

/** Messages and timers up to the end of the trace (the view dims what is after the cursor). */
export function sequenceModel(trace: Trace): SequenceModel {
  const linkIds = new Set(trace.topology.links.map((l) => l.id));
  const lost = new Set(
    trace.steps.filter((s) => s.kind === 'drop' && s.packet && linkIds.has(s.node)).map((s) => s.packet!.pid),
  );
  const lanesSet = new Set(
    trace.topology.nodes.filter((n) => n.type === 'vdp-station' || n.type === 'vdp-switch').map((n) => n.id),
  );
  const messages: Message[] = [];
  for (const s of trace.steps) {
    if (!isWire(s) || s.frame === undefined || !lanesSet.has(s.node) || !lanesSet.has(s.link!.to.node)) continue;
    const l = frameLabel(trace.frames[s.frame]);
    const tries = (s.detail as { ecp?: { try?: number } } | undefined)?.ecp?.try ?? 1;
    messages.push({
      step: s.index,
      from: s.node,
      to: s.link!.to.node,
      t0: s.time,
      t1: s.link!.arrives,
      label: tries > 1 ? `${l.label} (try ${tries})` : l.label,
      kind: l.kind,
      retry: tries > 1,
      lost: !!s.packet && lost.has(s.packet.pid),
    });
  }
  const timers: TimerBar[] = [];
  const bySm = new Map<string, Step[]>();
  for (const s of trace.steps) {
    const d = s.detail as { sm?: string } | undefined;
    if (s.kind === 'state' && d?.sm) {
      const k = `${s.node}/${d.sm}`;
      if (!bySm.has(k)) bySm.set(k, []);
      bySm.get(k)!.push(s);
    }
  }
  for (const [k, steps] of bySm) {
    steps.forEach((s, i) => {
      const started = (s.detail as { timers?: { name: string; ns: number }[] }).timers ?? [];
      for (const t of started) {
        const due = s.time + t.ns;
        const next = steps.slice(i + 1).find((x) => x.time <= due);
        const fired = !!next && next.time === due && next.decision.includes(`${t.name} expired`);
        timers.push({
          node: s.node,
          sm: k,
          name: t.name,
          start: s.time,
          end: Math.min(next ? next.time : due, trace.endTime),
          fired: fired || (!next && due <= trace.endTime),
        });
      }
    });
  }
  const lanes = [...lanesSet];
  const times = [
    ...new Set([...messages.flatMap((m) => [m.t0, m.t1]), ...timers.flatMap((t) => [t.start, t.end])]),
  ].sort((a, b) => a - b);
  return { lanes, messages, timers, times };
}

/** The vertical scale: every distinct time gets its own row, in order. */
export function timeScale(times: readonly number[], height: number) {
  return scalePoint<number>()
    .domain([...times])
    .range([0, height])
    .padding(0.5);
}

/** "1.006 ms", "10.489 s". */
export function fmtTime(ns: number): string {
  return ns >= 1e9 ? `${(ns / 1e9).toFixed(3)} s` : `${(ns / 1e6).toFixed(3)} ms`;
}

/** Only the part of the model around the cursor, so a long run stays readable. */
export function windowAt(m: SequenceModel, cursorTime: number, maxMessages = 24): SequenceModel {
  const idx = m.messages.findIndex((x) => x.t0 > cursorTime);
  const end = idx < 0 ? m.messages.length : idx;
  const start = Math.max(0, end - maxMessages + 4);
  const messages = m.messages.slice(start, start + maxMessages);
  if (!messages.length) return { ...m, messages, timers: [], times: [] };
  const lo = messages[0].t0;
  const hi = Math.max(...messages.map((x) => x.t1));
  const timers = m.timers
    .filter((t) => t.end >= lo && t.start <= hi)
    .map((t) => ({ ...t, start: Math.max(t.start, lo), end: Math.min(t.end, hi) }));
  const times = [
    ...new Set([...messages.flatMap((x) => [x.t0, x.t1]), ...timers.flatMap((t) => [t.start, t.end])]),
  ].sort((a, b) => a - b);
  return { lanes: m.lanes, messages, timers, times };
}
