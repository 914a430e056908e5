// The qeth view's geometry and readings, checked in Node: the ring of 80 guests, the lit
// decision path, the focus at a cursor, the table rows, the fake/real header pair and the
// copies chart (1 against 80 copies, 1 against 80 Gbit/s for unicast at line rate).
import { describe, expect, it } from 'vitest';
import { StateIndex } from '../../src/engine/sim/state-index';
import { cardLayout } from '../../src/views/qeth/geometry/card-layout';
import { lightFlow } from '../../src/views/qeth/geometry/decision-flow';
import { focusAt } from '../../src/views/qeth/focus';
import { tableRows } from '../../src/views/qeth/table-rows';
import { headerPair } from '../../src/views/qeth/headers';
import { copiesChart, figures, type CardStats } from '../../src/views/qeth/copies-chart';
import { guestState } from '../../src/views/qeth/guest-state';
import { runFile, finalState } from './qeth-helpers';

const eighty = runFile('eighty-guests.json');
const fallback = runFile('router-fallback.json');

describe('qeth view geometry', () => {
  it('puts 80 guests on a ring around the card, apart from each other and clear of the card', () => {
    const l = cardLayout(eighty.topology);
    expect(l.guests).toHaveLength(80);
    expect(l.dot).toBe(6);
    for (const g of l.guests) {
      expect(Math.hypot(g.x - l.card.x, g.y - l.card.y)).toBeGreaterThan(l.card.r + 2 * l.dot);
      expect(g.x).toBeGreaterThanOrEqual(0);
      expect(g.x).toBeLessThanOrEqual(l.width);
    }
    const minGap = Math.min(...l.guests.slice(1).map((g, i) => Math.hypot(g.x - l.guests[i].x, g.y - l.guests[i].y)));
    expect(minGap).toBeGreaterThan(2 * l.dot);
    expect(l.guests[41].devno).toBe('0x0a7b');
    expect(l.lan.map((x) => x.id)).toEqual(['lan']);
  });

  it('lights the decision path: questions asked "no", the branch taken', () => {
    expect(
      lightFlow([
        { id: 'arp', asked: true, yes: false },
        { id: 'registered', asked: true, yes: false },
        { id: 'primary', asked: true, yes: true },
      ]),
    ).toEqual({ arp: 'asked-no', registered: 'asked-no', primary: 'taken', secondary: 'idle', drop: 'idle' });
    expect(lightFlow(undefined).drop).toBe('idle');
  });

  it('focus: the copy to G1 shows the primary-router decision and G1 lit; the drop shows the drop branch', () => {
    const copy = fallback.steps.findIndex(
      (s) => s.node === 'osa' && s.kind === 'transmit' && s.port === '0x0a00' && s.time >= 500_000,
    );
    const f = focusAt(fallback, copy);
    expect(f.demux?.branch).toBe('primary');
    expect([...f.copiedTo]).toEqual(['0x0a00']);
    const drop = fallback.steps.findIndex((s) => s.node === 'osa' && s.kind === 'drop' && s.time >= 900_000);
    expect(focusAt(fallback, drop).demux?.branch).toBe('drop');
  });

  it('table rows: roles, addresses, and the primary router struck out once its guest is down', () => {
    const idx = new StateIndex(fallback);
    const guests = new Map([['0x0a00', 'G1 router']]);
    const before = tableRows(
      idx.under(
        fallback.steps.findIndex((s) => s.time >= 500_000),
        'osa/table/',
      ),
      guests,
    );
    expect(before.find((r) => r.devno === '0x0a00')).toMatchObject({
      guest: 'G1 router',
      route4: 'primary_router',
      active: true,
      ips: ['10.0.0.1'],
      groups: ['224.0.0.1'],
    });
    const after = tableRows(idx.under(fallback.steps.length - 1, 'osa/table/'), guests);
    expect(after.find((r) => r.devno === '0x0a00')).toMatchObject({ active: false, ips: [], route4: 'no_router' });
  });

  it('header pair: the guest sees FAKELL and its own MAC where the LAN frame had the real MACs', () => {
    const at = fallback.steps.findIndex((s) => s.node === 'g1' && s.kind === 'deliver' && s.time >= 500_000);
    const p = headerPair(fallback, at)!;
    expect(p.guestPort).toBe('0x0a00');
    expect(p.fake).toEqual({ dst: '02:00:00:0a:00:01', src: '46:41:4b:45:4c:4c', type: '0x0800' });
    expect(p.real).toEqual({ dst: '02:00:00:0a:00:01', src: '02:00:00:00:99:01', type: '0x0800' });
  });

  it('copies chart from the 80-guest run: 1 copy per unicast against 80, 1 Gbit/s against 80 Gbit/s', () => {
    const s = finalState(eighty).get('osa/stats') as CardStats;
    const f = figures(s, 1e9);
    expect(f.perUnicastDemux).toBe(1);
    expect(f.perUnicastFlood).toBe(80);
    expect(f.internalDemux).toBeCloseTo(1, 9);
    expect(f.internalFlood).toBe(80);
    const c = copiesChart(s, 1e9);
    const [copies, bw] = c.panels;
    expect(copies.bars.map((b) => b.text)).toEqual(['1.0', '80']);
    expect(bw.bars[1].h / bw.bars[0].h).toBeCloseTo(80, 0);
  });

  it('guest panel: after 0xe005, ip addr lists 10.0.0.5 but the card never registered it; the driver keeps it; dmesg warns', () => {
    const dup = runFile('duplicate-registration.json');
    const idx = new StateIndex(dup);
    const at = dup.steps.findIndex((s) => s.node === 'g2' && s.decision.includes('keeps 10.0.0.5'));
    const g = guestState(idx.at(at), 'g2')!;
    expect(g.ifname).toBe('enccw0.0.0a03');
    expect(g.addrs.find((a) => a.ip === '10.0.0.5')).toMatchObject({
      registered: false,
      card: 'not registered (0xe005 IPA_RC_DUPLICATE_IP_ADDRESS)',
    });
    expect(g.addrs.find((a) => a.ip === '10.0.0.6')?.registered).toBe(true);
    expect(g.driver.find((d) => d.ip === '10.0.0.5')).toEqual({ ip: '10.0.0.5', disp: 'DO_NOTHING', flags: 0 });
    expect(g.dmesg).toBe('qeth 0.0.0a03: Registering IP address 10.0.0.5 failed');
  });
});
