// Smaller card and driver behaviours: multicast to registered groups only, broadcast echo
// to the sender when echo filtering is off, VIPA without gratuitous ARP, a router guest
// without ip_forward, and deregistration with DELIP.
import { describe, expect, it } from 'vitest';
import { run, osaLab, finalState, CARD } from './qeth-helpers';
import type { Trace } from '../../src/engine/sim/types';

const guestsGot = (t: Trace, i: number) =>
  t.fates
    .filter((f) => f.traffic === i)
    .flatMap((f) => f.delivered.map((d) => d.node))
    .filter((n) => /^g/.test(n))
    .sort();

describe('more card behaviours', () => {
  it('multicast from the LAN reaches only the guests that registered the group (SETIPM)', () => {
    const lab = osaLab(3, (i) => (i !== 2 ? { multicast: ['239.1.1.1'] } : {}));
    lab.traffic = [
      { at: '300us', node: 'lan', command: 'udp', args: { dst: '239.1.1.1', dstMac: '01:00:5e:01:01:01', dstPort: 9 } },
      { at: '400us', node: 'lan', command: 'udp', args: { dst: '239.9.9.9', dstMac: '01:00:5e:09:09:09', dstPort: 9 } },
    ];
    const t = run(lab);
    expect(guestsGot(t, 0)).toEqual(['g1', 'g3']);
    expect(finalState(t).get('osa/table/0x0a03/mc/239.1.1.1')).toBeUndefined();
    expect(guestsGot(t, 1)).toEqual([]);
    expect(t.fates.find((f) => f.traffic === 1)!.dropped[0].reason).toContain('no guest registered it');
  });

  it('broadcast echo: without echo filtering the sender gets its own broadcast back', () => {
    const lab = osaLab(2, (i) => (i === 1 ? { echoFilter: false } : {}));
    lab.traffic = [{ at: '300us', node: 'g1', command: 'ping', args: { dst: '10.0.0.255' } }];
    const t = run(lab);
    expect(guestsGot(t, 0).filter((g) => g === 'g1' || g === 'g2')).toContain('g1');
  });

  it('a guest with broadcast disabled gets no broadcast copies', () => {
    const lab = osaLab(3, (i) => (i === 2 ? { broadcast: false } : {}));
    lab.traffic = [
      {
        at: '300us',
        node: 'lan',
        command: 'udp',
        args: { dst: '10.0.0.255', dstMac: 'ff:ff:ff:ff:ff:ff', dstPort: 9 },
      },
    ];
    expect(guestsGot(run(lab), 0)).toEqual(['g1', 'g3']);
  });

  it('VIPA: registered with flag 0x01 and no gratuitous ARP; the card then routes it to the guest', () => {
    const lab = osaLab(1);
    lab.traffic = [
      { at: '300us', node: 'g1', command: 'ip-addr-add', args: { ip: '10.9.9.9/32', type: 'vipa' } },
      { at: '500us', node: 'lan', command: 'udp', args: { dst: '10.9.9.9', dstMac: CARD, dstPort: 9 } },
    ];
    const t = run(lab);
    expect(finalState(t).get('osa/table/0x0a00/ip/10.9.9.9')).toEqual({ prefix: 32, flags: 1, version: 4 });
    expect(
      t.steps.some(
        (s) => s.node === 'osa' && s.kind === 'inject' && s.port === 'wire' && s.decision.includes('10.9.9.9'),
      ),
    ).toBe(false);
    expect(guestsGot(t, 1)).toEqual(['g1']);
  });

  it('a primary router guest without ip_forward drops what the card routes to it', () => {
    const lab = osaLab(2, (i) => (i === 1 ? { route4: 'primary_router' } : {}));
    lab.traffic = [{ at: '300us', node: 'lan', command: 'udp', args: { dst: '192.0.2.7', dstMac: CARD, dstPort: 9 } }];
    const t = run(lab);
    const f = t.fates.find((x) => x.traffic === 0)!;
    expect(f.dropped.map((d) => d.node)).toEqual(['g1']);
    expect(f.dropped[0].reason).toContain('ip_forward=0');
  });

  it('ip addr del sends DELIP; the card forgets the address and the next packet for it takes the unregistered path', () => {
    const lab = osaLab(2);
    lab.traffic = [
      { at: '300us', node: 'g2', command: 'ip-addr-del', args: { ip: '10.0.0.2/24' } },
      { at: '500us', node: 'lan', command: 'udp', args: { dst: '10.0.0.2', dstMac: CARD, dstPort: 9 } },
    ];
    const t = run(lab);
    expect(finalState(t).get('osa/table/0x0a03/ip/10.0.0.2')).toBeUndefined();
    expect(t.fates.find((x) => x.traffic === 1)!.dropped[0].reason).toContain('not registered');
  });
});
