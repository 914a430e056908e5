// Over thousands of random topologies and traffic, every packet copy ends exactly once
// (delivered, dropped, forwarded into copies, or still in flight when the run stops),
// fates add up, and the same scenario and seed give a byte-identical trace.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run, MAC } from '../helpers/run';
import { traceFingerprint } from '../../src/engine/sim/trace-text';
import type { Trace } from '../../src/engine/sim/types';

const hex = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');

const scenarioArb = fc
  .record({
    bridges: fc.integer({ min: 1, max: 4 }),
    hosts: fc.integer({ min: 1, max: 6 }),
    treeParents: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    hostBridge: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    loop: fc.boolean(),
    loss: fc.constantFrom(0, 0, 0.1, 0.5),
    duplicate: fc.constantFrom(0, 0, 0.2),
    jitter: fc.constantFrom(0, 0, 5000),
    seed: fc.nat(),
    until: fc.option(fc.integer({ min: 1000, max: 3_000_000 }), { nil: undefined }),
    traffic: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('ping' as const),
          from: fc.nat(),
          to: fc.nat(),
          at: fc.integer({ min: 0, max: 50_000 }),
          count: fc.integer({ min: 1, max: 3 }),
        }),
        fc.record({
          kind: fc.constant('raw' as const),
          from: fc.nat(),
          at: fc.integer({ min: 0, max: 50_000 }),
          bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 14, maxLength: 80 }),
        }),
      ),
      { maxLength: 6 },
    ),
  })
  .map((p) => {
    const nodes: unknown[] = [];
    const links: unknown[] = [];
    const portsOf: string[][] = Array.from({ length: p.bridges }, () => []);
    const port = (b: number): string => {
      const name = `p${portsOf[b].length + 1}`;
      portsOf[b].push(name);
      return name;
    };
    for (let b = 1; b < p.bridges; b++) {
      const parent = p.treeParents[b - 1] % b;
      links.push({
        id: `t${b}`,
        a: `b${b}:${port(b)}`,
        b: `b${parent}:${port(parent)}`,
        loss: p.loss,
        duplicate: p.duplicate,
        jitter: p.jitter,
      });
    }
    if (p.loop && p.bridges >= 3)
      links.push({ id: 'loop', a: `b0:${port(0)}`, b: `b${p.bridges - 1}:${port(p.bridges - 1)}` });
    for (let h = 0; h < p.hosts; h++) {
      const b = p.hostBridge[h] % p.bridges;
      nodes.push({
        id: `h${h}`,
        type: 'host',
        config: { mac: MAC(h + 1), ip: `10.0.0.${h + 1}`, arpRetrans: '100us' },
      });
      links.push({
        id: `e${h}`,
        a: `h${h}:eth0`,
        b: `b${b}:${port(b)}`,
        loss: p.loss,
        duplicate: p.duplicate,
        jitter: p.jitter,
      });
    }
    for (let b = 0; b < p.bridges; b++)
      nodes.push({ id: `b${b}`, type: 'bridge', config: { ports: portsOf[b].length ? portsOf[b] : ['unused'] } });
    const traffic = p.traffic.map((t) =>
      t.kind === 'ping'
        ? {
            at: t.at,
            node: `h${t.from % p.hosts}`,
            command: 'ping',
            args: { dst: `10.0.0.${(t.to % p.hosts) + 1}`, count: t.count, interval: '20us' },
          }
        : { at: t.at, node: `h${t.from % p.hosts}`, port: 'eth0', frame: { hex: hex(t.bytes) } },
    );
    return {
      name: 'random',
      seed: p.seed,
      maxSteps: 3_000,
      ...(p.until !== undefined && { until: p.until }),
      nodes,
      links,
      traffic,
    };
  });

function checkLedger(t: Trace): void {
  const ends = new Map<number, number>();
  const children = new Map<number, number>();
  const origin = new Map<number, number>();
  for (const s of t.steps) {
    if (!s.packet) continue;
    origin.set(s.packet.pid, s.packet.origin);
    if (
      s.packet.parent !== null &&
      (s.kind === 'transmit' || s.kind === 'decide' || s.kind === 'drop' || s.kind === 'deliver')
    ) {
      children.set(s.packet.parent, (children.get(s.packet.parent) ?? 0) + 1);
    }
    if (s.kind === 'deliver' || s.kind === 'drop') ends.set(s.packet.pid, (ends.get(s.packet.pid) ?? 0) + 1);
  }
  for (const [pid, n] of ends) {
    expect(n, `packet ${pid} ended ${n} times`).toBe(1);
    expect(children.has(pid), `packet ${pid} both ended and was forwarded`).toBe(false);
  }
  // Leaves (no children) that did not end are in flight; fates must count exactly those.
  const inFlight = new Map<number, number>();
  for (const [pid, o] of origin) if (!children.has(pid) && !ends.has(pid)) inFlight.set(o, (inFlight.get(o) ?? 0) + 1);
  for (const f of t.fates) {
    expect(f.inFlight, `fate ${f.origin} in flight`).toBe(inFlight.get(f.origin) ?? 0);
    const endsOfOrigin = [...ends.keys()].filter((pid) => origin.get(pid) === f.origin).length;
    expect(f.delivered.length + f.dropped.length, `fate ${f.origin} ends`).toBe(endsOfOrigin);
    expect(f.delivered.length + f.dropped.length + f.inFlight, `fate ${f.origin} has no outcome`).toBeGreaterThan(0);
  }
  const stopped = t.steps.some((s) => s.node === '(engine)');
  if (t.endTime === Infinity) throw new Error('end time must be finite');
  if (!stopped && t.steps.length > 0)
    expect(t.steps.every((s, i) => i === 0 || s.time >= t.steps[i - 1].time)).toBe(true);
}

describe('accounting over random scenarios', () => {
  it('every copy ends exactly once and fates add up (2000 scenarios)', () => {
    fc.assert(
      fc.property(scenarioArb, (json) => checkLedger(run(json))),
      { numRuns: 2000 },
    );
  }, 240_000);

  it('the same scenario and seed give a byte-identical trace (300 scenarios)', () => {
    fc.assert(
      fc.property(scenarioArb, (json) => {
        expect(traceFingerprint(run(json))).toBe(traceFingerprint(run(structuredClone(json))));
      }),
      { numRuns: 300 },
    );
  }, 240_000);
});
