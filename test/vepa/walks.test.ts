// Golden walks from the fact sheet (l2-qeth-macvlan-vepa.md §4 S1, S3, S4) and the rules of
// §3 they exercise, run on the lab's own scenario files. Expected values are the fact
// sheet's; latencies are recomputed here from the link formula, not read from the engine.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { run, finalState } from '../helpers/run';
import { wireBytes } from '../../src/engine/sim/links';
import type { Step, Trace } from '../../src/engine/sim/types';

const scenario = (id: string): unknown => JSON.parse(readFileSync(`src/scenarios/vepa/${id}.json`, 'utf8'));
const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';

/** Serialisation time of a frame of `len` bytes at `bps`, rounded as the links do. */
const ser = (len: number, bps: number) => Math.round((wireBytes(len) * 8 * 1e9) / bps);

function originOf(t: Trace, node: string, text: string): number {
  const s = t.steps.find((x) => x.node === node && x.kind === 'inject' && x.decision.includes(text));
  if (!s?.packet) throw new Error(`no inject at ${node} with "${text}"`);
  return s.packet.origin;
}
const stepsOf = (t: Trace, origin: number): Step[] => t.steps.filter((s) => s.packet?.origin === origin);
const crossings = (t: Trace, origin: number, link: string) => stepsOf(t, origin).filter((s) => s.link?.id === link);

describe('S1: VEPA unicast via hairpin switch', () => {
  const t = run(scenario('vepa-hairpin-on'));
  const echo = originOf(t, 'gA', 'sends ICMP echo request');
  it('goes out to the wire, is reflected out p1, and reaches gB only', () => {
    const up = crossings(t, echo, 'uplink');
    expect(up.map((s) => `${s.link!.from.node}:${s.link!.from.port}`)).toEqual(['h1:eth0', 'sw:p1']);
    const reflect = up[1];
    expect(reflect.detail).toMatchObject({ reflected: true, in: 'p1', out: 'p1' });
    expect(reflect.source).toContain('BR_HAIRPIN_MODE');
    const fate = t.fates.find((f) => f.origin === echo)!;
    expect(fate.delivered.map((d) => d.node)).toEqual(['gB']);
    expect(fate.dropped).toEqual([]);
  });
  it("is stolen by macvlan for mvB: eth0's stack never gets it, mvA gets nothing", () => {
    const s = stepsOf(t, echo);
    expect(s.some((x) => x.node === 'h1' && x.kind === 'deliver')).toBe(false);
    expect(s.some((x) => x.node === 'h1' && x.kind === 'transmit' && x.port === 'mvA')).toBe(false);
    expect(s.some((x) => x.node === 'h1' && x.kind === 'transmit' && x.port === 'mvB')).toBe(true);
  });
  it('ping succeeds; RTT = 4 crossings of the 1 Gbit/s 5 µs uplink + 4 of the guest links', () => {
    const oneWay = 2 * ser(98, 10e9) + 2 * (ser(98, 1e9) + 5000);
    expect(finalState(t).get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'reply', rttNs: 2 * oneWay });
  });
  it('§3.3: many guest MACs are learned behind the one reflective-relay port', () => {
    const st = finalState(t);
    expect(st.get(`sw/fdb/${A}@0`)).toBe('p1');
    expect(st.get(`sw/fdb/${B}@0`)).toBe('p1');
    expect([st.get('sw/counters/p1/rx'), st.get('sw/counters/p1/tx'), st.get('sw/counters/p1/reflected')]).toEqual([
      4, 4, 4,
    ]);
  });
});

describe('S3: VEPA broadcast and the sender-copy filter', () => {
  const t = run(scenario('vepa-broadcast'));
  const arp = originOf(t, 'gA', 'ARP who-has 10.0.0.9');
  const s = stepsOf(t, arp);
  it('leaves h1 on the wire only (no local copies from a VEPA sender)', () => {
    const firstH1 = s.filter((x) => x.node === 'h1' && x.kind === 'transmit')[0];
    expect(firstH1.port).toBe('eth0');
  });
  it('§3.2: the switch floods it to every port including the ingress port', () => {
    const sw = s.filter((x) => x.node === 'sw' && x.kind === 'transmit');
    expect(sw.map((x) => x.port).sort()).toEqual(['p1', 'p2']);
    expect(sw.find((x) => x.port === 'p1')!.detail).toMatchObject({ reflected: true });
  });
  it('§3.4: macvlan finds src = mvA, floods with VEPA|BRIDGE and skips mvA', () => {
    const fan = s.find((x) => x.node === 'h1' && Array.isArray(x.detail?.fanout))!;
    expect(fan.detail!.src).toBe('mvA');
    expect(fan.detail!.maskNames).toBe('VEPA|BRIDGE');
    const out = s
      .filter((x) => x.node === 'h1' && x.kind === 'transmit' && x.port !== 'eth0')
      .map((x) => x.port)
      .sort();
    expect(out).toEqual(['mvB', 'mvC']);
    expect(s.some((x) => x.node === 'h1' && x.kind === 'deliver' && x.port === 'eth0')).toBe(true);
    expect(s.some((x) => x.node === 'gA' && (x.kind === 'deliver' || x.kind === 'drop'))).toBe(false);
  });
});

describe('S4: bridge-mode unicast stays inside the host', () => {
  const t = run(scenario('vepa-bridge-mode'));
  const echo = originOf(t, 'gA', 'sends ICMP echo request');
  it('never crosses the uplink and is delivered to gB', () => {
    expect(crossings(t, echo, 'uplink')).toEqual([]);
    expect(t.fates.find((f) => f.origin === echo)!.delivered.map((d) => d.node)).toEqual(['gB']);
  });
  it('ping RTT is 4 guest-link crossings only', () => {
    expect(finalState(t).get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'reply', rttNs: 4 * ser(98, 10e9) });
  });
});

describe('§3.1: without hairpin a bridge never sends a frame out its ingress port', () => {
  const t = run(scenario('vepa-hairpin-off'));
  it("the flood of gA's ARP request goes to p2 only", () => {
    const floods = t.steps.filter((s) => s.node === 'sw' && s.kind === 'transmit');
    expect(floods.length).toBeGreaterThan(0);
    expect(new Set(floods.map((s) => s.port))).toEqual(new Set(['p2']));
  });
  it('a unicast to a MAC learned on the ingress port is dropped there', () => {
    const direct = t.fates.find((f) => f.traffic === 2)!;
    expect(direct.delivered).toEqual([]);
    expect(direct.dropped).toHaveLength(1);
    const drop = t.steps[direct.dropped[0].step];
    expect(drop).toMatchObject({ node: 'sw', kind: 'drop', port: 'p1', detail: { rule: 'never-out-ingress' } });
    expect(drop.decision).toContain('No hairpin');
  });
  it('the ping fails: ARP is never answered', () => {
    expect(finalState(t).get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'unreachable' });
    expect(t.steps.some((s) => s.node === 'gA' && s.decision.includes('Unreachable'))).toBe(true);
  });
  it('turning hairpin on at run time (bridge link set dev p1 hairpin on) makes the next ping work', () => {
    const s = scenario('vepa-hairpin-off') as { traffic: unknown[]; expect: unknown[] };
    s.expect = [];
    s.traffic = [
      { at: '1us', node: 'sw', command: 'port-set', args: { port: 'p1', hairpin: true } },
      { at: '10us', node: 'gA', command: 'ping', args: { dst: '10.0.0.2' } },
    ];
    const t2 = run(s);
    expect(t2.steps.some((x) => x.node === 'sw' && x.decision.includes('hairpin on'))).toBe(true);
    expect(finalState(t2).get('gA/ping/1/1')).toMatchObject({ result: 'reply' });
  });
});

describe('§2.7 matrix, PRIVATE row: isolation holds even through a hairpin switch', () => {
  const t = run(scenario('vepa-private-mode'));
  it('the reflected broadcast goes back to its sender only; gB never hears it and the ping fails', () => {
    const arp = originOf(t, 'gA', 'ARP who-has 10.0.0.2');
    const s = stepsOf(t, arp);
    expect(s.some((x) => x.node === 'sw' && x.kind === 'transmit' && x.detail?.reflected === true)).toBe(true);
    const toGuests = s.filter((x) => x.node === 'h1' && x.kind === 'transmit' && x.port !== 'eth0').map((x) => x.port);
    expect(new Set(toGuests)).toEqual(new Set(['mvA']));
    expect(finalState(t).get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'unreachable' });
  });
});
