// Property: whatever the table holds (stacks, addresses, roles, groups, isolation,
// broadcast settings, inactive stacks), a unicast packet from the LAN to a registered
// address is copied to exactly one guest, its owner; an unregistered one to at most one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CardTable } from '../../src/engine/devices/qeth/card-table';
import { demuxFromLan } from '../../src/engine/devices/qeth/demux';
import { RC, ROUTING } from '../../src/engine/devices/qeth/ipa-codes';
import { run, osaLab, CARD } from './qeth-helpers';

const CARD_MAC = '02:00:00:0a:00:01';
const stack = fc.record({
  ips: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 6 }),
  route4: fc.constantFrom('no_router', 'primary_router', 'secondary_router'),
  groups: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
  broadcast: fc.boolean(),
  isolation: fc.constantFrom('none', 'drop', 'forward'),
  layer: fc.constantFrom(3, 3, 3, 2),
  down: fc.boolean(),
});

type StackSpec = {
  ips: number[];
  route4: string;
  groups: number[];
  broadcast: boolean;
  isolation: string;
  layer: number;
  down: boolean;
};

function build(stacks: StackSpec[]): CardTable {
  const t = new CardTable({ maxIps: 1000, multicastRouter: false, multipleSecondary: true });
  stacks.forEach((s, i) => {
    const devno = `0x${(0x0a00 + 3 * i).toString(16).padStart(4, '0')}`;
    const r = t.row(devno, s.layer as 2 | 3);
    r.broadcast = s.broadcast;
    r.isolation = s.isolation as 'none' | 'drop' | 'forward';
    if (s.layer === 2) t.setvmac(devno, `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`);
    for (const ip of s.ips) {
      const a = `10.0.0.${ip}`;
      if (t.checkSetip(devno, a, 4, 0).rc === RC.SUCCESS) t.commitSetip(devno, a, { prefix: 24, flags: 0, version: 4 });
    }
    for (const g of s.groups) t.setipm(devno, `239.0.0.${g}`);
    t.setrtg(devno, 4, ROUTING[s.route4 as keyof typeof ROUTING]);
    if (s.down) t.deactivate(devno);
  });
  return t;
}

const frame = (dst: string) => ({
  dstMac: CARD_MAC,
  srcMac: '02:00:00:00:99:01',
  ethertype: 0x0800,
  ip: { version: 4 as const, src: '10.0.0.200', dst },
});

describe('demux properties', () => {
  it('unicast to a registered address: exactly one copy, to the owner', () => {
    fc.assert(
      fc.property(fc.array(stack, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 60 }), (stacks, n) => {
        const t = build(stacks);
        const dst = `10.0.0.${n}`;
        const owner = t.ownerOf(dst);
        fc.pre(owner !== undefined);
        const r = demuxFromLan(t, CARD_MAC, frame(dst));
        expect(r.targets).toEqual([owner!.devno]);
        expect(r.branch).toBe('registered');
      }),
      { numRuns: 400 },
    );
  });

  it('unicast to an unregistered address: at most one copy, to the primary router, else a secondary, else none', () => {
    fc.assert(
      fc.property(fc.array(stack, { minLength: 1, maxLength: 12 }), (stacks) => {
        const t = build(stacks);
        const r = demuxFromLan(t, CARD_MAC, frame('192.0.2.7'));
        expect(r.targets.length).toBeLessThanOrEqual(1);
        const prim = [...t.stacks.values()].find((s) => s.active && s.route4 === 'primary_router');
        if (prim) expect(r.targets).toEqual([prim.devno]);
        else if (r.targets.length) expect(t.stacks.get(r.targets[0])!.route4).toBe('secondary_router');
        else expect(r.branch).toBe('drop');
      }),
      { numRuns: 300 },
    );
  });

  it('end to end: one engine copy per registered unicast, for random registrations on a real run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), (n, pick, primary) => {
        const lab = osaLab(n, (i) => (i === 1 && primary ? { route4: 'primary_router', ipForward: true } : {}));
        const target = Math.min(pick, n);
        lab.traffic = [
          { at: '300us', node: 'lan', command: 'udp', args: { dst: `10.0.0.${target}`, dstMac: CARD, dstPort: 9 } },
        ];
        const t = run(lab);
        const f = t.fates.find((x) => x.traffic === 0)!;
        expect(f.delivered.map((d) => d.node)).toEqual([`g${target}`]);
        const copies = t.steps.filter(
          (s) => s.packet?.origin === f.origin && s.node === 'osa' && s.kind === 'transmit',
        );
        expect(copies).toHaveLength(1);
      }),
      { numRuns: 25 },
    );
  });
});
