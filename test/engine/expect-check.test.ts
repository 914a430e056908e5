// Each kind of expectation checked against a real run: it holds when the trace agrees,
// fails when it does not, and a failure names the expectation's JSON path and the
// nearest step (or value) that did not match. The expected outcomes are read from the
// trace with plain filters, independently of the checker under test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { checkExpectations, type ExpectationResult } from '../../src/engine/scenario/expect';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import type { Step, Trace } from '../../src/engine/sim/types';
import { star } from '../helpers/run';

/** h1 pings h2 twice across br0 (three hosts), then two bridge commands: one good, one on a missing port. */
const base = () =>
  star(3, {
    traffic: [
      { at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2', count: 2, interval: '100us' } },
      { at: '300us', node: 'br0', command: 'port-set', args: { port: 'p1', hairpin: true } },
      { at: '400us', node: 'br0', command: 'port-set', args: { port: 'p9', hairpin: true } },
    ],
  });

function runWith(
  scenario: Record<string, unknown>,
  expectations: unknown[],
): { trace: Trace; results: ExpectationResult[] } {
  const r = loadScenario({ ...scenario, expect: expectations }, deviceTypes);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const trace = runScenario(r.scenario, deviceTypes);
  return { trace, results: checkExpectations(r.scenario, trace) };
}

const bridgeRun = runWith(base(), []).trace;
const check = (...expectations: unknown[]) => runWith(base(), expectations).results;
const one = (e: unknown) => check(e)[0];
const where = (f: (s: Step) => boolean) => bridgeRun.steps.filter(f);

describe('step expectations', () => {
  const floods = where((s) => s.node === 'br0' && s.kind === 'transmit' && s.source === 'br_flood');

  it('match on node, port, kind, layer, source, text and detail', () => {
    expect(floods.length).toBeGreaterThan(0);
    const f = floods[0];
    const r = one({
      step: {
        node: 'br0',
        port: f.port,
        kind: 'transmit',
        layer: f.layer,
        source: 'br_flood',
        text: '/broadcast/',
        detail: { out: f.port, in: '/^p\\d$/' },
      },
    });
    expect(r).toMatchObject({ ok: true, path: '$.expect[0]' });
    expect(r.message).toContain(`first step #${f.index}`);
  });

  it('each criterion alone can make it fail, and the failure names the nearest step and what differs', () => {
    const f = floods[0];
    const cases: [Record<string, unknown>, string][] = [
      [{ node: 'br0', port: 'p9' }, 'port is '],
      [{ node: 'br0', kind: 'drop' }, 'kind is '],
      [{ node: 'br0', source: 'br_flood', layer: 'L3' }, 'layer is L2'],
      [{ node: 'br0', source: 'no_such_function' }, 'source is '],
      [{ node: 'br0', source: 'br_flood', text: 'no such words' }, 'text does not match'],
      [{ node: 'br0', source: 'br_flood', detail: { out: 'p7' } }, `detail out is "${f.port}"`],
      [{ node: 'br0', source: 'br_flood', detail: { nothing: 1 } }, 'detail nothing is unset'],
    ];
    check(...cases.map(([step]) => ({ step }))).forEach((r, i) => {
      expect(r.ok, r.message).toBe(false);
      expect(r.path).toBe(`$.expect[${i}]`);
      expect(r.message.startsWith(`$.expect[${i}]: `)).toBe(true);
      expect(r.message).toMatch(/no, never; nearest: step #\d+ at .* br0/);
      expect(r.message).toContain(cases[i][1]);
    });
  });

  it('at and within windows select by time (inclusive), and a near miss in time is the nearest step', () => {
    const f = floods[0];
    const [exact, inside, before, after] = check(
      { step: { node: 'br0', source: 'br_flood', at: f.time } },
      { step: { node: 'br0', source: 'br_flood', within: [f.time, f.time] } },
      { step: { node: 'br0', source: 'br_flood', within: [0, f.time - 1] } },
      { step: { node: 'br0', source: 'br_flood', within: [f.time + 1, f.time + 1_000] } },
    );
    expect([exact.ok, inside.ok, before.ok, after.ok]).toEqual([true, true, false, false]);
    expect(before.message).toContain(`nearest: step #${f.index}`);
    expect(before.message).toContain('too late for a window to');
    expect(after.message).toContain('too early for a window from');
  });

  it('counts: exactly, atLeast, atMost, none', () => {
    const n = floods.length;
    const rs = check(
      { step: { source: 'br_flood' }, count: n },
      { step: { source: 'br_flood' }, count: n + 1 },
      { step: { source: 'br_flood' }, atLeast: n },
      { step: { source: 'br_flood' }, atLeast: n + 1 },
      { step: { source: 'br_flood' }, atMost: n },
      { step: { source: 'br_flood' }, atMost: n - 1 },
      { step: { source: 'br_flood' }, atLeast: n - 1, atMost: n + 1 },
      { step: { node: 'h3', kind: 'deliver' }, none: true },
      { step: { source: 'br_flood' }, none: true },
    );
    expect(rs.map((r) => r.ok)).toEqual([true, false, true, false, true, false, true, true, false]);
    // A count that is off lists the steps it found.
    expect(rs[1].message).toContain(`no, ${n} times (steps ${floods.map((s) => `#${s.index}`).join(', ')})`);
    expect(rs[8].message).toContain('happens never: no');
  });
});

describe('order expectations', () => {
  const request = where((s) => s.node === 'h1' && s.kind === 'inject' && s.source.startsWith('ping'))[0];
  const answer = where((s) => s.node === 'h2' && s.kind === 'deliver' && s.source === 'icmp_echo')[0];

  it('by id and by inline matcher, in order', () => {
    const r = check(
      { id: 'request', step: { node: 'h1', kind: 'inject', source: 'ping' } },
      { order: ['request', { node: 'h2', kind: 'deliver', source: 'icmp_echo' }] },
    )[1];
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toContain(`from step #${request.index}`);
  });

  it('reversed, it fails at $.expect[i].order and says where each one happened', () => {
    // The echo request is answered before the next request goes out, so ask for an order that never happens:
    // the second ARP flood (there is none) after the first echo delivery.
    const r = one({
      order: [
        { node: 'h2', kind: 'deliver', source: 'icmp_echo' },
        { node: 'br0', source: 'br_flood' },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.path).toBe('$.expect[0].order');
    expect(r.message).toContain('entry 1 happens only before entry 0');
    expect(r.message).toContain(`entry 0 step #${answer.index}`);
  });

  it('an entry that never happens names its nearest step', () => {
    const r = one({
      order: [
        { node: 'h1', kind: 'inject' },
        { node: 'h3', kind: 'deliver' },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/entry 1 \(a deliver step at h3\) never happens; nearest: step #\d+/);
  });

  it('a time bound holds when each step follows the previous soon enough', () => {
    const gap = answer.time - request.time;
    const [ok, late] = check(
      {
        order: [
          { node: 'h1', kind: 'inject', source: 'ping' },
          { node: 'h2', kind: 'deliver', source: 'icmp_echo' },
        ],
        within: gap,
      },
      {
        order: [
          { node: 'h1', kind: 'inject', source: 'ping' },
          { node: 'h2', kind: 'deliver', source: 'icmp_echo' },
        ],
        within: gap - 1,
      },
    );
    expect(ok.ok, ok.message).toBe(true);
    expect(late.ok).toBe(false);
    expect(late.message).toContain('at the soonest');
  });
});

describe('state expectations', () => {
  const key = 'br0/fdb/02:00:00:00:00:01@0';
  const learn = where((s) => s.node === 'br0' && s.source === 'br_fdb_update')[0];

  it('unset before the bridge learned the address, set after, and at the end', () => {
    const rs = check(
      { state: key, unset: true, at: learn.time - 1 },
      { state: key, equals: 'p1', at: learn.time },
      { state: key, equals: 'p1' },
      { state: 'br0/fdb/02:00:00:00:00:09@0', unset: true },
    );
    expect(rs.map((r) => r.ok)).toEqual([true, true, true, true]);
  });

  it('failures say what the key holds instead', () => {
    const rs = check(
      { state: key, unset: true },
      { state: key, equals: 'p2', at: learn.time },
      { state: key, equals: 'p1', at: 0 },
    );
    expect(rs.map((r) => r.ok)).toEqual([false, false, false]);
    expect(rs[0].message).toBe(`$.expect[0]: state ${key} unset at the end: no, it is "p1"`);
    expect(rs[1].message).toContain('no, it is "p1"');
    expect(rs[2].message).toContain('no, it is unset');
  });
});

describe('returns expectations', () => {
  it('the value a bridge command returned: 0, and -ENODEV for a port that does not exist', () => {
    const rs = check(
      { command: 1, returns: 0 },
      { command: 2, returns: '-ENODEV' },
      { command: 2, returns: -19 },
      { command: 2, returns: 0 },
    );
    expect(rs.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(rs[3].path).toBe('$.expect[3].returns');
    expect(rs[3].message).toMatch(/no, it returned -ENODEV to bridge link set \(step #\d+ at 400us br0 state/);
  });

  it('a command that records no return value says so', () => {
    const r = one({ command: 0, returns: 0 });
    expect(r.ok).toBe(false);
    expect(r.message).toContain('nothing was returned after step #');
  });

  it('a netlink error: lldpad refuses the port profile when EVB is off (NLMSG_ERROR -EPROTONOSUPPORT)', () => {
    const vdp = JSON.parse(readFileSync(new URL('../../src/scenarios/vdp/associate.json', import.meta.url), 'utf8'));
    vdp.nodes[0].config.evbOn = false;
    const [right, wrong, detail] = runWith(vdp, [
      { command: 0, returns: '-EPROTONOSUPPORT' },
      { command: 0, returns: 0 },
      { step: { node: 'hostA', detail: { 'netlink.msg': 'NLMSG_ERROR', 'netlink.errno': -93 } } },
    ]).results;
    expect(right.ok, right.message).toBe(true);
    expect(right.message).toContain('to libvirt');
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain('it returned -EPROTONOSUPPORT to libvirt');
    expect(detail.ok, detail.message).toBe(true);
  });
});

describe('frame expectations', () => {
  it('fields of a frame by index, by value or by the text the inspector shows', () => {
    const r = one({
      frame: 0,
      fields: { 'eth.dst': 'ff:ff:ff:ff:ff:ff', 'eth.type': '0x0806 (ARP)', 'arp.op': 1, 'arp.tpa': '10.0.0.2' },
    });
    expect(r.ok, r.message).toBe(true);
  });

  it('the frame of the first matching step that carries one', () => {
    const echo = where((s) => s.node === 'h2' && s.source === 'icmp_echo')[0];
    const r = one({ frame: { node: 'h2', source: 'icmp_echo' }, fields: { 'icmp.type': 8, 'ipv4.dst': '10.0.0.2' } });
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toContain(`(of step #${echo.index})`);
  });

  it('a wrong value, a missing field, a frame out of range, a step with no frame', () => {
    const rs = check(
      { frame: 0, fields: { 'arp.tpa': '10.0.0.3' } },
      { frame: 0, fields: { 'vlan[0].vid': 5 } },
      { frame: 999, fields: { 'eth.dst': 'x' } },
      { frame: { node: 'h3', kind: 'inject' }, fields: { 'eth.dst': 'x' } },
    );
    expect(rs.map((r) => r.ok)).toEqual([false, false, false, false]);
    expect(rs[0]).toMatchObject({ path: '$.expect[0].fields' });
    expect(rs[0].message).toContain('arp.tpa is "10.0.0.2", not "10.0.0.3"');
    expect(rs[1].message).toContain('vlan[0].vid is not in the frame (it has eth.dst, eth.src, eth.type');
    expect(rs[2]).toMatchObject({ path: '$.expect[2].frame' });
    expect(rs[2].message).toContain(`the run has only ${bridgeRun.frames.length} frames`);
    expect(rs[3].message).toMatch(/no such step carries a frame; nearest: step #\d+ at 0 h3/);
  });
});
