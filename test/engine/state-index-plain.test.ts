// The state index reads a RecordedTrace's change columns directly, and a plain Trace (a
// structured clone posted from a worker, a JSON file) through its steps. Over random small
// bridge + host runs, both paths must give the same state at every step, and the plain
// path must equal a replay of the steps' changes. (state-index.test.ts covers snapshot
// spacing on one fixed run of the RecordedTrace.)
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ip, mac } from '../../src/engine/frame/address';
import { toHex } from '../../src/engine/frame/bytes';
import { udpFrame } from '../../src/engine/frame/packets';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Trace } from '../../src/engine/sim/types';
import { MAC, run, star } from '../helpers/run';

function replay(t: Trace, upTo: number): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i <= upTo; i++)
    for (const c of t.steps[i].changes ?? []) c.after === undefined ? m.delete(c.key) : m.set(c.key, c.after);
  return m;
}

const trafficArb = (hosts: number) => {
  const host = fc.integer({ min: 1, max: hosts });
  const at = fc.integer({ min: 0, max: 60_000 });
  return fc.oneof(
    // The host's own UDP socket, to a MAC given explicitly (no resolution needed).
    fc
      .record({
        at,
        from: host,
        to: host,
        dstPort: fc.integer({ min: 1, max: 65535 }),
        payload: fc.string({ maxLength: 20 }),
      })
      .map((u) => ({
        at: u.at,
        node: `h${u.from}`,
        command: 'udp',
        args: { dst: `10.0.0.${u.to}`, dstMac: MAC(u.to), dstPort: u.dstPort, payload: u.payload },
      })),
    // A scripted frame built with the packet helpers (possibly to an unknown MAC: flooded).
    fc
      .record({ at, from: host, to: fc.integer({ min: 1, max: hosts + 1 }), payload: fc.uint8Array({ maxLength: 40 }) })
      .map((u) => ({
        at: u.at,
        node: `h${u.from}`,
        port: 'eth0',
        frame: {
          hex: toHex(
            udpFrame({
              srcMac: mac(MAC(u.from)),
              dstMac: mac(MAC(u.to)),
              srcIp: ip(`10.0.0.${u.from}`),
              dstIp: ip(`10.0.0.${u.to}`),
              srcPort: 5000,
              dstPort: 6000,
              payload: u.payload,
            }),
          ),
        },
      })),
    // A ping: ARP, neighbour and ping state.
    fc.record({ at, from: host, to: host }).map((u) => ({
      at: u.at,
      node: `h${u.from}`,
      command: 'ping',
      args: { dst: `10.0.0.${u.to}`, count: 2, interval: '5us' },
    })),
  );
};

const scenarioArb = fc.integer({ min: 2, max: 4 }).chain((hosts) =>
  fc.record({
    hosts: fc.constant(hosts),
    traffic: fc.array(trafficArb(hosts), { minLength: 1, maxLength: 8 }),
    ageing: fc.constantFrom(undefined, '10us', '300s'),
    down: fc.option(fc.record({ at: fc.integer({ min: 0, max: 60_000 }), link: fc.integer({ min: 1, max: hosts }) }), {
      nil: undefined,
    }),
  }),
);

describe('StateIndex over a plain copy of the trace', () => {
  it('equals the index over the RecordedTrace, and a replay, at random steps (property)', () => {
    let withState = 0;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom(1, 5, 512),
        (sc, picks, every) => {
          const trace = run(
            star(
              sc.hosts,
              {
                traffic: sc.traffic,
                faults: sc.down ? [{ at: sc.down.at, link: `l${sc.down.link}`, action: 'down' }] : [],
              },
              sc.ageing ? { ageing: sc.ageing } : {},
            ),
          );
          expect(trace).toBeInstanceOf(RecordedTrace);
          const plain: Trace = structuredClone(trace);
          expect(plain).not.toBeInstanceOf(RecordedTrace);
          const fromColumns = new StateIndex(trace, every);
          const fromPlain = new StateIndex(plain, every);
          const n = trace.steps.length;
          const indices = [-1, 0, n - 1, ...picks.map((p) => Math.min(n - 1, Math.floor(p * n)))];
          for (const i of indices) {
            const want = i < 0 ? new Map() : replay(plain, i);
            expect(fromPlain.at(i)).toEqual(want);
            expect(fromColumns.at(i)).toEqual(want);
          }
          expect(fromPlain.under(n - 1, 'br0/fdb/')).toEqual(fromColumns.under(n - 1, 'br0/fdb/'));
          if (fromPlain.at(n - 1).size > 0) withState++;
        },
      ),
      { numRuns: 60 },
    );
    // The generated runs do record state (learned FDB entries at least), so the comparison has teeth.
    expect(withState).toBeGreaterThan(30);
  });

  it('a JSON copy gives the learned FDB and neighbour entries, as the columns do', () => {
    const trace = run(star(3, { traffic: [{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }] }));
    const plain: Trace = JSON.parse(JSON.stringify(trace));
    const end = new StateIndex(plain, 4).at(plain.steps.length - 1);
    expect(end.get('br0/fdb/02:00:00:00:00:01@0')).toBe('p1');
    expect(end.get('h1/lladdr/10.0.0.2')).toBe(MAC(2));
    expect(end).toEqual(new StateIndex(trace, 4).at(trace.steps.length - 1));
  });
});
