// The loader of the scenario `expect` list: every key it accepts lands in the checked
// structure, and every mistake an author can make is reported with its JSON path.
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import type { Expectation } from '../../src/engine/sim/scenario-types';
import { star } from '../helpers/run';

/** Two hosts on br0; traffic 0 is a command (ping), traffic 1 sends a frame. */
const scenarioWith = (expectations: unknown[]) =>
  star(2, {
    traffic: [
      { at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } },
      {
        at: '1ms',
        node: 'h2',
        port: 'eth0',
        frame: { hex: 'ffffffffffff020000000002080600010800060400010200000000020a0000020000000000000a000001' },
      },
    ],
    expect: expectations,
  });

function loaded(expectations: unknown[]): Expectation[] {
  const r = loadScenario(scenarioWith(expectations), deviceTypes);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return [...r.scenario.expect];
}

function problems(expectations: unknown[]): string[] {
  const r = loadScenario(scenarioWith(expectations), deviceTypes);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`);
}

/** The one problem whose path is `path` (fails when there is none). */
function problemAt(expectations: unknown[], path: string): string {
  const all = problems(expectations);
  const hit = all.filter((p) => p.startsWith(`${path}: `));
  expect(hit, `problems were:\n${all.join('\n')}`).toHaveLength(1);
  return hit[0];
}

describe('expect loader: every key lands where the checker reads it', () => {
  it('a step matcher with every field, a count and an id', () => {
    const [e] = loaded([
      {
        id: 'flood',
        description: 'br_flood: a broadcast leaves by every port but the one it came in on',
        step: {
          node: 'br0',
          port: 'p2',
          kind: 'transmit',
          layer: 'L2',
          source: 'br_flood',
          text: '/broadcast/i',
          detail: { out: 'p2', in: '/^p1$/' },
          within: ['1us', '2ms'],
        },
        count: 1,
      },
    ]);
    expect(e.kind).toBe('step');
    if (e.kind !== 'step') return;
    expect(e.id).toBe('flood');
    expect(e.count).toEqual({ min: 1, max: 1 });
    const m = e.match;
    expect([m.node, m.port, m.kind, m.layer]).toEqual(['br0', 'p2', 'transmit', 'L2']);
    expect(m.source).toEqual({ includes: 'br_flood' });
    expect(m.text && 'regex' in m.text && m.text.regex.flags).toBe('i');
    expect(m.detail?.get('out')).toEqual({ equals: 'p2' });
    expect(String((m.detail?.get('in') as { regex: RegExp }).regex)).toBe('/^p1$/');
    expect([m.from, m.to]).toEqual([1_000, 2_000_000]);
  });

  it('"at" is a window of one instant; the counts read as [min, max]', () => {
    const es = loaded([
      { step: { at: '5us' } },
      { step: {}, atLeast: 2 },
      { step: {}, atMost: 3 },
      { step: {}, atLeast: 1, atMost: 4 },
      { step: {}, none: true },
      { step: {} },
    ]);
    const s = es.map((e) => (e.kind === 'step' ? e : undefined));
    expect([s[0]?.match.from, s[0]?.match.to]).toEqual([5_000, 5_000]);
    expect(s.slice(1).map((e) => e?.count)).toEqual([
      { min: 2, max: Infinity },
      { min: 0, max: 3 },
      { min: 1, max: 4 },
      { min: 0, max: 0 },
      { min: 1, max: Infinity },
    ]);
  });

  it('an order resolves ids declared after it and takes inline matchers and a bound', () => {
    const es = loaded([
      { order: ['req', { node: 'h2', kind: 'deliver' }, 'rep'], within: '1ms' },
      { id: 'req', step: { node: 'h1', kind: 'inject' } },
      { id: 'rep', step: { node: 'h1', kind: 'deliver' } },
    ]);
    const o = es.find((e) => e.kind === 'order');
    expect(o?.kind === 'order' && o.chain.map((c) => c.label)).toEqual(['"req"', 'entry 1', '"rep"']);
    expect(o?.kind === 'order' && o.within).toBe(1_000_000);
    // Its place in the list is kept, so its result keeps the path $.expect[0].
    expect(es[0].kind).toBe('order');
  });

  it('returns takes 0, a negative number or an errno name, and knows the command node', () => {
    const es = loaded([
      { command: 0, returns: 0 },
      { command: 0, returns: -22 },
      { command: 0, returns: '-EINVAL' },
      { command: 0, returns: 'EADDRINUSE' },
    ]);
    expect(es.map((e) => e.kind === 'returns' && [e.command, e.node, e.errno])).toEqual([
      [0, 'h1', 0],
      [0, 'h1', -22],
      [0, 'h1', -22],
      [0, 'h1', -98],
    ]);
  });

  it('frame takes an index or a step matcher; string values that look like /re/ are patterns', () => {
    const es = loaded([
      { frame: 0, fields: { 'eth.dst': 'ff:ff:ff:ff:ff:ff', 'arp.op': 1 } },
      { frame: { node: 'h2', kind: 'inject' }, fields: { 'vlan[0].vid': '/^1\\d$/' } },
    ]);
    expect(es[0].kind === 'frame' && es[0].frame).toBe(0);
    expect(es[0].kind === 'frame' && es[0].fields.get('arp.op')).toEqual({ equals: 1 });
    expect(es[1].kind === 'frame' && es[1].frame).toEqual({ node: 'h2', kind: 'inject' });
    expect(es[1].kind === 'frame' && 'regex' in es[1].fields.get('vlan[0].vid')!).toBe(true);
  });

  it('state: equals at the end, equals at a time, unset at the end or at a time', () => {
    const es = loaded([
      { state: 'br0/fdb/02:00:00:00:00:01@0', equals: 'p1' },
      { state: 'br0/fdb/02:00:00:00:00:01@0', equals: 'p1', at: '1ms' },
      { state: 'br0/fdb/02:00:00:00:00:09@0', unset: true },
      { state: 'br0/fdb/02:00:00:00:00:01@0', unset: true, at: 0 },
    ]);
    expect(es).toEqual([
      { kind: 'state', key: 'br0/fdb/02:00:00:00:00:01@0', equals: 'p1' },
      { kind: 'state-at', key: 'br0/fdb/02:00:00:00:00:01@0', at: 1_000_000, want: { equals: 'p1' } },
      { kind: 'state-at', key: 'br0/fdb/02:00:00:00:00:09@0', want: { unset: true } },
      { kind: 'state-at', key: 'br0/fdb/02:00:00:00:00:01@0', at: 0, want: { unset: true } },
    ]);
  });

  it('the older forms still load: deliveredTo, droppedAt, counter', () => {
    const es = loaded([
      { traffic: 0, deliveredTo: ['h2'] },
      { traffic: 1, droppedAt: 'h1', reasonIncludes: 'ARP' },
      { node: 'br0', counter: 'tx_flooded', equals: 1 },
    ]);
    expect(es.map((e) => e.kind)).toEqual(['delivered', 'dropped', 'counter']);
  });
});

describe('expect loader: every mistake is reported at its JSON path', () => {
  it('unknown keys in an expectation and in a step matcher', () => {
    expect(problemAt([{ step: {}, colour: 'red' }], '$.expect[0].colour')).toContain('unknown field "colour"');
    expect(problemAt([{ step: { colour: 'red' } }], '$.expect[0].step.colour')).toMatch(
      /unknown field "colour".*allowed fields: node, port, kind, layer, source, text, detail, at, within/,
    );
    expect(problemAt([{ order: ['a', 'b'], count: 1 }], '$.expect[0].count')).toContain('unknown field');
    expect(problemAt([{ frame: 0, fields: { 'eth.dst': 'x' }, at: 0 }], '$.expect[0].at')).toContain('unknown field');
  });

  it('an expectation that checks nothing, or a step that is not an object', () => {
    expect(problemAt([{ traffic: 0 }], '$.expect[0]')).toMatch(
      /says nothing to check.*"deliveredTo", "droppedAt", "counter", "state", "step", "order", "returns" or "frame"/,
    );
    expect(problemAt([{ step: 'x' }], '$.expect[0].step')).toContain('expected a step to match');
    expect(problemAt([{ description: 3, step: {} }], '$.expect[0].description')).toContain('expected a string');
  });

  it('unknown node, kind and layer name the ones that exist', () => {
    expect(problemAt([{ step: { node: 'h9' } }], '$.expect[0].step.node')).toBe(
      '$.expect[0].step.node: no node "h9" (hint: nodes are: "br0", "h1", "h2")',
    );
    expect(problemAt([{ step: { kind: 'jump' } }], '$.expect[0].step.kind')).toContain('"jump" is not one of "inject"');
    expect(problemAt([{ step: { layer: 'L7' } }], '$.expect[0].step.layer')).toContain('did you mean "L1"?');
    expect(problemAt([{ frame: { node: 'zz' }, fields: { 'eth.dst': 'x' } }], '$.expect[0].frame.node')).toContain(
      'no node "zz"',
    );
    expect(problemAt([{ order: [{ node: 'zz' }, { node: 'h1' }] }], '$.expect[0].order[0].node')).toContain(
      'no node "zz"',
    );
  });

  it('bad regular expressions and flags, in source, text, detail and frame fields', () => {
    expect(problemAt([{ step: { source: '/(/' } }], '$.expect[0].step.source')).toMatch(
      /bad regular expression: .*Unterminated group/,
    );
    expect(problemAt([{ step: { text: '/x/g' } }], '$.expect[0].step.text')).toContain(
      'regular expression flags "g" are not allowed',
    );
    expect(problemAt([{ step: { detail: { out: '/[/' } } }], '$.expect[0].step.detail.out')).toContain(
      'bad regular expression',
    );
    expect(problemAt([{ frame: 0, fields: { 'eth.dst': '/[/' } }], '$.expect[0].fields["eth.dst"]')).toContain(
      'bad regular expression',
    );
  });

  it('field paths that are not paths, and empty field maps', () => {
    expect(problemAt([{ step: { detail: { 'a..b': 1 } } }], '$.expect[0].step.detail["a..b"]')).toContain(
      '"a..b" is not a field path',
    );
    expect(problemAt([{ frame: 0, fields: {} }], '$.expect[0].fields')).toContain('is empty');
    expect(problemAt([{ frame: 'x', fields: { 'eth.dst': 'x' } }], '$.expect[0].frame')).toContain(
      'expected a frame number or a step',
    );
  });

  it('bad windows: reversed, wrong length, both at and within, not a duration', () => {
    expect(problemAt([{ step: { within: ['2us', '1us'] } }], '$.expect[0].step.within')).toBe(
      '$.expect[0].step.within: the window ends before it starts (["2us","1us"]) (hint: write [from, to] with from ≤ to)',
    );
    expect(problemAt([{ step: { within: ['2us'] } }], '$.expect[0].step.within')).toContain(
      'expected [from, to], found 1 entry',
    );
    expect(problemAt([{ step: { at: 0, within: [0, 1] } }], '$.expect[0].step')).toContain(
      'has both "at" and "within"',
    );
    expect(problemAt([{ step: { at: 'soon' } }], '$.expect[0].step.at')).toContain('"soon" is not a duration');
    expect(problemAt([{ order: [{}, {}], within: 'soon' }], '$.expect[0].within')).toContain('is not a duration');
    expect(problemAt([{ state: 'k', equals: 1, at: -5 }], '$.expect[0].at')).toBeTruthy();
  });

  it('bad counts: two kinds at once, atMost below atLeast, none: false, negative', () => {
    expect(problemAt([{ step: {}, count: 1, none: true }], '$.expect[0]')).toContain('has "count" and "none"');
    expect(problemAt([{ step: {}, atLeast: 3, atMost: 1 }], '$.expect[0]')).toContain(
      '"atMost" 1 is below "atLeast" 3',
    );
    expect(problemAt([{ step: {}, none: false }], '$.expect[0].none')).toContain('can only be true');
    expect(problemAt([{ step: {}, count: -1 }], '$.expect[0].count')).toContain('out of range');
    expect(problemAt([{ step: {}, count: 1.5 }], '$.expect[0].count')).toBeTruthy();
  });

  it('ids: duplicates, bad form, unknown ids in an order, orders too short', () => {
    expect(
      problemAt(
        [
          { id: 'a', step: {} },
          { id: 'a', step: {} },
        ],
        '$.expect[1].id',
      ),
    ).toContain('id "a" is used twice');
    expect(problemAt([{ id: '1bad', step: {} }], '$.expect[0].id')).toContain('has the wrong form');
    expect(problemAt([{ id: 'a', step: {} }, { order: ['a', 'zz'] }], '$.expect[1].order[1]')).toBe(
      '$.expect[1].order[1]: no step expectation has id "zz" (hint: ids are: a)',
    );
    expect(problemAt([{ order: ['zz', {}] }], '$.expect[0].order[0]')).toContain('give a step expectation an "id"');
    expect(problemAt([{ id: 'a', step: {} }, { order: ['a'] }], '$.expect[1].order')).toContain(
      'needs at least two entries',
    );
  });

  it('returns: unknown traffic item, a frame instead of a command, an unknown errno', () => {
    expect(problemAt([{ command: 5, returns: 0 }], '$.expect[0].command')).toBe(
      '$.expect[0].command: there is no traffic item 5 (there are 2, counting repeats)',
    );
    expect(problemAt([{ command: 1, returns: 0 }], '$.expect[0].command')).toContain('sends a frame, not a command');
    expect(problemAt([{ command: 0, returns: 'EWHAT' }], '$.expect[0].returns')).toContain(
      '"EWHAT" is not a return value',
    );
    expect(problemAt([{ command: 0, returns: 5 }], '$.expect[0].returns')).toContain('is not a return value');
  });

  it('state: unset false, unset with equals, neither, bad time', () => {
    expect(problemAt([{ state: 'k', unset: false }], '$.expect[0].unset')).toContain('can only be true');
    expect(problemAt([{ state: 'k', unset: true, equals: 1 }], '$.expect[0]')).toContain(
      'has both "unset" and "equals"',
    );
    expect(problemAt([{ state: 'k' }], '$.expect[0].equals')).toContain('is required');
    expect(problemAt([{ state: 'k', equals: 1, at: 'never' }], '$.expect[0].at')).toContain('is not a duration');
  });

  it('an unknown traffic item in deliveredTo', () => {
    expect(problemAt([{ traffic: 9, deliveredTo: ['h1'] }], '$.expect[0].traffic')).toContain(
      'there is no traffic item 9',
    );
  });

  it('reports every problem of a list in one pass', () => {
    const all = problems([
      { step: { node: 'h9' } },
      { step: { within: ['2us', '1us'] } },
      { command: 5, returns: 0 },
      { order: ['nobody', {}] },
    ]);
    expect(all.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      '$.expect[0].step.node',
      '$.expect[1].step.within',
      '$.expect[2].command',
      '$.expect[3].order[0]',
    ]);
  });
});
