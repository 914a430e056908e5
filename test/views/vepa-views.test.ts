// The VEPA view's helpers: the layout grows with the type without boxes meeting, the tokens
// found by the windowed walk are the ones a walk over every step finds, and the switch's
// changes (counters, flags, rule hits) read from a state diff.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';
import type { Step, Trace } from '../../src/engine/sim/types';
import { vepaLayout, type VepaLayout } from '../../src/views/vepa/geometry/layout';
import { tokensAt } from '../../src/views/vepa/geometry/tokens';
import { portChanges, ruleHits } from '../../src/views/vepa/switch-changes';
import { countUpTo, type Busy } from '../../src/views/vepa/cost/link-busy';

const trace = (name: string): Trace =>
  run(JSON.parse(readFileSync(`src/scenarios/vepa/${name}.json`, 'utf8')) as unknown);

/** Every copy's latest step at or before the cursor, found by walking all steps from 0. */
function latestByWalkingAll(t: Trace, cursor: number): Map<number, Step> {
  const last = new Map<number, Step>();
  for (let i = 0; i <= cursor; i++) if (t.steps[i].packet) last.set(t.steps[i].packet!.pid, t.steps[i]);
  return last;
}

function expectedTokens(t: Trace, l: VepaLayout, cursor: number): string[] {
  const now = t.steps[cursor].time;
  const out: string[] = [];
  for (const [pid, s] of latestByWalkingAll(t, cursor)) {
    if (s.link && s.link.arrives > now && l.nodes.has(s.link.from.node) && l.nodes.has(s.link.to.node))
      out.push(`p${pid}@${s.index}`);
    else if (s.index === cursor && l.nodes.has(s.node)) out.push(`p${pid}@${s.index}`);
  }
  return out.sort();
}

describe('VEPA layout from the type size', () => {
  for (const name of ['vepa-hairpin-on', 'vepa-schannels', 'vepa-acl-deny']) {
    it(`${name}: node boxes never meet, at 13 px and presenting`, () => {
      for (const k of [1, 1.5]) {
        const l = vepaLayout(trace(name).topology, k);
        const ns = [...l.nodes.values()];
        for (const a of ns)
          for (const b of ns) {
            if (a === b) continue;
            const apart = Math.abs(a.x - b.x) >= l.box.w + 4 * k || Math.abs(a.y - b.y) >= l.box.h + 4 * k;
            expect(apart, `${a.id} and ${b.id} at k=${k}`).toBe(true);
          }
        for (const n of ns) expect(n.x + l.box.w / 2).toBeLessThanOrEqual(l.width);
      }
    });
  }
  it('scales every coordinate with k, so the drawing is shown 1:1', () => {
    const t = trace('vepa-hairpin-on').topology;
    const [a, b] = [vepaLayout(t, 1), vepaLayout(t, 1.5)];
    expect(b.width).toBeCloseTo(a.width * 1.5, 6);
    expect(b.height).toBeCloseTo(a.height * 1.5, 6);
    expect(b.nodes.get('sw')!.x).toBeCloseTo(a.nodes.get('sw')!.x * 1.5, 6);
  });
});

describe('tokensAt walks back a window only', () => {
  for (const name of ['vepa-stream-hairpin', 'vepa-hairpin-on', 'vepa-broadcast']) {
    it(`${name}: same copies as a walk over every step, at every cursor`, () => {
      const t = trace(name);
      const l = vepaLayout(t.topology);
      for (let c = 0; c < t.steps.length; c++) {
        const got = tokensAt(t, l, c)
          .map((x) => `${x.key}@${x.step}`)
          .sort();
        expect(got, `cursor ${c}`).toEqual(expectedTokens(t, l, c));
      }
    });
  }
});

const ch = (key: string, before: unknown, after: unknown) => [key, { key: `sw/${key}`, before, after }] as const;

describe('switch changes', () => {
  it('gives each port its counter changes and flags a port whose settings changed', () => {
    const diff = new Map([
      ch('counters/p1/rx', 2, 3),
      ch('counters/p1/reflected', undefined, 1),
      ch('counters/p2/tx', 5, 5),
      ch('port/p2', { hairpin: false }, { hairpin: true }),
      ch('fdb/02:00:00:00:00:0a@0', undefined, 'p1'),
    ]);
    expect(Object.fromEntries(portChanges(diff))).toEqual({
      p1: { counters: { rx: 1, reflected: 1 }, flags: false },
      p2: { counters: {}, flags: true },
    });
  });
  it('names the policy rules whose hits moved', () => {
    const before = {
      default: 'allow',
      rules: [
        { id: 'r1', text: '', hits: 0 },
        { id: 'r2', text: '', hits: 4 },
      ],
    };
    const after = {
      default: 'allow',
      rules: [
        { id: 'r1', text: '', hits: 1 },
        { id: 'r2', text: '', hits: 4 },
      ],
    };
    expect([...ruleHits(new Map([ch('acl/p1', before, after)]))]).toEqual([['p1', new Map([['r1', 1]])]]);
  });
  it('counts the uplink crossings up to a step by binary search', () => {
    const busy = [3, 7, 7, 12].map((step) => ({ step }) as Busy);
    expect([-1, 3, 6, 7, 11, 12, 99].map((c) => countUpTo(busy, c))).toEqual([0, 1, 1, 3, 3, 4, 4]);
  });
});
