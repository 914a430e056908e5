// Guest-to-guest traffic on one card (fact sheet §1.7, §1.12 and correction 6.9), the fake
// Ethernet header (§1.8) and layer 2 as the contrast (§1.13).
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import type { DeviceType } from '../../src/engine/sim/device';
import { run, osaLab, macs, CARD, finalState, scenarioFile } from './qeth-helpers';
import type { Trace } from '../../src/engine/sim/types';

/** A stand-in for an adjacent switch port in reflective-relay mode: sends every frame back. */
const reflector: DeviceType<object> = {
  type: 'test-reflector',
  summary: 'test only: reflects every frame out of the port it came in on (reflective relay)',
  readConfig: () => ({}),
  ports: () => ['p1'],
  create: (id) => ({
    id,
    ports: ['p1'],
    receive: (port, p, ctx) =>
      void ctx.send(
        port,
        p.bytes,
        { decision: 'reflective relay: back out of the ingress port', source: 'IEEE 802.1Qbg reflective relay' },
        p,
      ),
  }),
};

function runWith(json: unknown): Trace {
  const types = new Map(deviceTypes);
  types.set(reflector.type, reflector as DeviceType);
  const r = loadScenario(json, types);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return runScenario(r.scenario, types);
}

const pingG2 = [{ at: '300us', node: 'g1', command: 'ping', args: { dst: '10.0.0.2' } }];
const guestsGot = (t: Trace, i: number) =>
  t.fates
    .filter((f) => f.traffic === i)
    .flatMap((f) => f.delivered.map((d) => d.node))
    .filter((n) => /^g/.test(n));

describe('guest to guest on one card', () => {
  it('isolation none: delivered inside the card, nothing on the LAN', () => {
    const t = run({ ...osaLab(2), traffic: pingG2 });
    expect(guestsGot(t, 0)).toEqual(['g2', 'g1']);
    const wire = t.steps.filter(
      (s) => s.node === 'osa' && s.port === 'wire' && s.kind === 'transmit' && s.time >= 300_000,
    );
    expect(wire).toEqual([]);
    expect(t.steps.some((s) => s.decision.includes('bypassing the LAN'))).toBe(true);
  });

  it('isolation drop on either guest: the card discards the packet instead of delivering it internally', () => {
    for (const who of [1, 2]) {
      const t = run({ ...osaLab(2, (i) => (i === who ? { isolation: 'drop' } : {})), traffic: pingG2 });
      expect(guestsGot(t, 0)).toEqual([]);
      const drop = t.fates.find((f) => f.traffic === 0)!.dropped[0];
      expect(drop.node).toBe('osa');
      expect(drop.reason).toContain('isolation "drop"');
    }
  });

  it('isolation forward: out to the adjacent switch; only reflective relay brings it back to the other guest', () => {
    const lab = osaLab(2, (i) => (i === 1 ? { isolation: 'forward' } : {}), {}, { reflectiveRelay: true });
    const nodes = (lab.nodes as { id: string }[]).map((n) =>
      n.id === 'lan' ? { id: 'sw', type: 'test-reflector' } : n,
    );
    const links = [{ id: 'sw-osa', a: 'sw:p1', b: 'osa:wire' }, ...(lab.links as { id: string }[]).slice(1)];
    const t = runWith({ ...lab, nodes, links, traffic: pingG2 });
    expect(finalState(t).get('g1/isolation')).toBe('forward');
    expect(guestsGot(t, 0)).toEqual(['g2', 'g1']);
    const out = t.steps.find(
      (s) => s.node === 'osa' && s.port === 'wire' && s.kind === 'transmit' && s.time >= 300_000,
    )!;
    expect(macs(t, out)).toEqual({ dst: CARD, src: CARD });
    expect(t.steps.some((s) => s.node === 'sw')).toBe(true);
  });

  it('isolation forward with the real bridge: reflected by a hairpin port, lost without it (br_forward should_deliver)', () => {
    const t = run(scenarioFile('isolation-forward.json'));
    expect(guestsGot(t, 0)).toEqual(['g2', 'g1']);
    const lost = t.fates.find((f) => f.traffic === 2)!;
    expect(lost.delivered).toEqual([]);
    expect(lost.dropped.map((d) => d.node)).toEqual(['sw']);
  });

  it('a guest broadcast goes to the LAN and to the other guests, not back to the sender (echo filtering)', () => {
    const lab = osaLab(3);
    lab.traffic = [{ at: '300us', node: 'g1', command: 'ping', args: { dst: '10.0.0.255' } }];
    const t = run(lab);
    const f = t.fates.find((x) => x.traffic === 0)!;
    expect(guestsGot(t, 0).sort()).toEqual(['g2', 'g3']);
    expect(
      t.steps.some(
        (s) => s.node === 'osa' && s.port === 'wire' && s.kind === 'transmit' && s.packet?.origin === f.origin,
      ),
    ).toBe(true);
  });
});

describe('fake Ethernet headers', () => {
  it('inbound without the source-MAC assist: src 46:41:4b:45:4c:4c "FAKELL", dst the guest MAC (= the card MAC)', () => {
    const lab = osaLab(1);
    lab.traffic = [{ at: '300us', node: 'lan', command: 'ping', args: { dst: '10.0.0.1' } }];
    const t = run(lab);
    const copy = t.steps.find(
      (s) => s.node === 'osa' && s.port === '0x0a00' && s.kind === 'transmit' && s.time >= 300_000,
    )!;
    expect(macs(t, copy)).toEqual({ dst: CARD, src: '46:41:4b:45:4c:4c' });
    expect((copy.detail as { qethHdr: { flags: number; extFlags: number } }).qethHdr).toMatchObject({
      flags: 0x06,
      extFlags: 0,
    });
  });

  it('with the source-MAC assist the driver uses the real sender MAC (QETH_HDR_EXT_SRC_MAC_ADDR)', () => {
    const lab = osaLab(1, () => ({}), {}, { sourceMac: true });
    lab.traffic = [{ at: '300us', node: 'lan', command: 'ping', args: { dst: '10.0.0.1' } }];
    const t = run(lab);
    const copy = t.steps.find(
      (s) => s.node === 'osa' && s.port === '0x0a00' && s.kind === 'transmit' && s.time >= 300_000,
    )!;
    expect(macs(t, copy)).toEqual({ dst: CARD, src: '02:00:00:00:99:01' });
    expect((copy.detail as { qethHdr: { extFlags: number } }).qethHdr.extFlags).toBe(0x08);
  });

  it('outbound IPv4 from a layer-3 guest is addressed to FAKELL; the card puts real MACs on the LAN', () => {
    const lab = osaLab(1);
    lab.traffic = [{ at: '300us', node: 'g1', command: 'ping', args: { dst: '10.0.0.200' } }];
    const t = run(lab);
    const tx = t.steps.find((s) => s.node === 'g1' && s.kind === 'inject' && s.time >= 300_000)!;
    expect(macs(t, tx)).toEqual({ dst: '46:41:4b:45:4c:4c', src: CARD });
    const lanTx = t.steps.filter(
      (s) => s.node === 'osa' && s.port === 'wire' && s.time >= 300_000 && s.kind === 'transmit',
    );
    expect(lanTx.map((s) => macs(t, s))).toContainEqual({ dst: '02:00:00:00:99:01', src: CARD });
    expect(t.fates.find((f) => f.traffic === 0)!.delivered.map((d) => d.node)).toContain('lan');
  });
});

describe('layer 2 as the contrast', () => {
  it('each guest registers its own MAC (SETVMAC), does its own ARP, and gets frames by MAC with real headers', () => {
    const lab = osaLab(2, (i) => ({ layer: 2, mac: `02:00:00:00:00:0${i}` }));
    lab.traffic = [{ at: '300us', node: 'lan', command: 'ping', args: { dst: '10.0.0.2' } }];
    const t = run(lab);
    const fin = finalState(t);
    expect(fin.get('osa/table/0x0a03')).toMatchObject({ layer: 2, vmac: '02:00:00:00:00:02' });
    expect([...fin.keys()].filter((k) => k.startsWith('osa/table/0x0a03/ip/'))).toEqual([]);
    expect(t.steps.some((s) => s.node === 'g2' && s.decision.includes('SETIP'))).toBe(false);
    const arpAnswer = t.steps.find((s) => s.node === 'g2' && s.kind === 'inject' && s.decision.includes('is at'));
    expect(arpAnswer).toBeDefined();
    const echo = t.steps.find(
      (s) =>
        s.node === 'osa' &&
        s.port === '0x0a03' &&
        s.kind === 'transmit' &&
        s.decision.includes('real Ethernet header') &&
        s.time > 300_000 &&
        t.frames[s.frame!][13] === 0x00,
    )!;
    expect(macs(t, echo)).toEqual({ dst: '02:00:00:00:00:02', src: '02:00:00:00:99:01' });
    expect(t.fates.filter((f) => f.traffic === 0).flatMap((f) => f.delivered.map((d) => d.node))).toContain('g2');
  });
});
