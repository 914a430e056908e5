// These lookups now read indexes made once per trace (steps by frame, by site, with a
// detail) instead of walking the steps from the cursor back (or from the first step up).
// (The macvlan, VEPA and VDP machine views were since reworked by their owners with their
// own bounded look-backs; their tests live with them.) They must answer exactly what the walks answered: each is compared,
// at every cursor of every bundled scenario of its lab, with the walk it replaced (kept in
// test/views/walks/, copied from commit f78ba54).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepCount } from '../../src/engine/sim/trace-access';
import type { Trace } from '../../src/engine/sim/types';
import { focusAt } from '../../src/views/qeth/focus';
import { headerPair } from '../../src/views/qeth/headers';
import { filterSteps } from '../../src/views/steplog/filter';
import { defaultFocusNode } from '../../src/views/stepper/focus-node';
import { sequenceModel } from '../../src/views/vdp/sequence';
import { run } from '../helpers/run';
import * as walkFocus from './walks/qeth-focus';
import * as walkHeaders from './walks/qeth-headers';
import * as walkFilter from './walks/steplog-filter';
import * as walkSequence from './walks/vdp-sequence';

const lab = (name: string): [string, Trace][] =>
  readdirSync(`src/scenarios/${name}`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, run(JSON.parse(readFileSync(`src/scenarios/${name}/${f}`, 'utf8')))]);

const nodesOf = (t: Trace, type: string): string[] => t.topology.nodes.filter((n) => n.type === type).map((n) => n.id);

/** Every cursor from before the first step to the last. */
function eachCursor(t: Trace, fn: (c: number) => void): void {
  for (let c = -1; c < stepCount(t); c++) fn(c);
}

describe('indexed view lookups answer what the walks answered, at every cursor', () => {
  it('qeth: the frame in focus and the header pair', () => {
    for (const [, t] of lab('qeth')) {
      for (const card of nodesOf(t, 'qeth-osa'))
        eachCursor(t, (c) => {
          if (c >= 0) expect(focusAt(t, c, card)).toEqual(walkFocus.focusAt(t, c, card));
          expect(headerPair(t, c, card)).toEqual(walkHeaders.headerPair(t, c, card));
        });
    }
  });

  it('vdp: the sequence model', () => {
    for (const [, t] of lab('vdp')) {
      expect(sequenceModel(t)).toEqual(walkSequence.sequenceModel(t));
    }
  });

  it('stepper: the default focus node is the first node that decides', () => {
    for (const name of ['bridge', 'qeth', 'macvlan', 'vdp', 'vepa', 'virtio'])
      for (const [, t] of lab(name)) {
        const ids = new Set(t.topology.nodes.map((x) => x.id));
        const first = t.steps.find((s) => s.kind === 'decide' && ids.has(s.node));
        expect(defaultFocusNode(t)).toBe(first ? first.node : (t.topology.nodes[0]?.id ?? ''));
      }
  });

  it('step log: rows and hidden count under node, layer and frame filters', () => {
    for (const [, t] of [...lab('bridge'), ...lab('vepa').slice(0, 3), ...lab('vdp').slice(0, 2)]) {
      const nodes = ['', ...t.topology.nodes.map((n) => n.id).slice(0, 3)];
      const filters = nodes.flatMap((node) =>
        ['', 'L2', 'control'].flatMap((layer) => ['', '1', '3'].map((frame) => ({ node, layer, frame }))),
      );
      eachCursor(t, (c) => {
        for (const f of filters) {
          const got = filterSteps(t, c, f, 7);
          const want = walkFilter.filterSteps(t, c, f, 7);
          expect(got.rows).toEqual(want.rows);
          // The walk stopped counting once the rows were full under a frame filter (capped);
          // the index counts exactly, so it says how many are hidden instead.
          if (!want.capped) expect(got.hidden).toBe(want.hidden);
        }
      });
    }
  });
});
