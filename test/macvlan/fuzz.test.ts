// Random scripts of run-time changes (create, delete, up, down, mode switches, macvtap
// queues opened and closed, ring and queue sizes) interleaved with random frames from the
// wire and from the guests: the engine never throws, and every frame ends delivered or
// dropped once the host has had time to drain its queues (nothing stuck in flight).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAC, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, hostTopo, type MvSpec } from './topo';

const NAMES = ['mvA', 'mvB', 'mvC', 'mvD'];
const MODES = ['private', 'vepa', 'bridge', 'source'];
const hex = (dst: string, src: string) => (dst.replace(/:/g, '') + src.replace(/:/g, '') + '0800').padEnd(120, '0');

const cmdArb = fc.oneof(
  fc
    .record({
      command: fc.constantFrom('create', 'delete', 'up', 'down', 'tap-open', 'tap-close'),
      name: fc.constantFrom(...NAMES),
    })
    .map((c) => ({ command: c.command, args: { name: c.name } })),
  fc
    .record({ name: fc.constantFrom(...NAMES), mode: fc.constantFrom(...MODES, 'passthru') })
    .map((a) => ({ command: 'set-mode', args: a })),
  fc
    .record({
      command: fc.constantFrom('set-txqueuelen', 'set-bcqueuelen'),
      name: fc.constantFrom(...NAMES),
      len: fc.nat(5),
    })
    .map(({ command, ...args }) => ({ command, args })),
  fc
    .record({ name: fc.constantFrom(...NAMES), limit: fc.integer({ min: -1, max: 2 }) })
    .map((a) => ({ command: 'set-bclim', args: a })),
);
const frameArb = fc.record({
  fromGuest: fc.nat(4),
  dst: fc.constantFrom(
    'ff:ff:ff:ff:ff:ff',
    '01:00:5e:00:00:fb',
    LOWER_MAC,
    MAC(1),
    MAC(2),
    MAC(3),
    MAC(4),
    '02:00:00:00:00:77',
    EXT_MAC,
  ),
});
const itemArb = fc.oneof({ arbitrary: cmdArb, weight: 1 }, { arbitrary: frameArb, weight: 2 });

describe('random scripts', () => {
  it('never break the engine and leave nothing in flight', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('bc_cutoff', 'queue-all'),
        fc.constantFrom('unicast', 'promiscuous'),
        (items, mcastPath, filter) => {
          const mvs: MvSpec[] = NAMES.map((name, i) => ({
            name,
            mode: MODES[i],
            n: i + 1,
            extra: {
              up: i !== 3,
              exists: i !== 2,
              mcast: i < 2 ? ['01:00:5e:00:00:fb'] : [],
              ...(i % 2 === 0 && { macvtap: { txqueuelen: 3, reader: { every: '5us', burst: 1 } } }),
            },
          }));
          const traffic = items.map((it, k) => {
            const at = `${10 + k * 3}us`;
            if ('command' in it) return { at, node: 'H', ...it };
            const guest = it.fromGuest < 4 ? NAMES[it.fromGuest].slice(2) : undefined;
            return guest
              ? { at, node: `g${guest}`, port: 'eth0', frame: { hex: hex(it.dst, MAC(it.fromGuest + 1)) } }
              : { at, node: 'sw', port: 'eth0', frame: { hex: hex(it.dst, EXT_MAC) } };
          });
          const t = run(
            hostTopo(mvs, { traffic, hostConfig: { mcastPath, lower: { name: 'eth0', mac: LOWER_MAC, filter } } }),
          );
          for (const f of t.fates) expect(f.inFlight, f.summary).toBe(0);
        },
      ),
      { numRuns: 150, seed: 424242 },
    );
  });
});
