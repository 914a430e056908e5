// The views' lookups now read indexes made once per trace (steps by frame, by site, with
// a detail, copies in flight) instead of walking the steps from the cursor back (or from
// the first step up). They must answer exactly what the walks answered: each is compared,
// at every cursor of every bundled scenario of its lab, with the walk it replaced (kept in
// test/views/walks/, copied from commit f78ba54).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StateIndex } from '../../src/engine/sim/state-index';
import { stepCount } from '../../src/engine/sim/trace-access';
import type { Trace } from '../../src/engine/sim/types';
import { eswitchAt } from '../../src/views/macvlan/eswitch-view';
import { fanoutAt } from '../../src/views/macvlan/fanout-view';
import { lookupAt } from '../../src/views/macvlan/hash-view';
import { queueSeries } from '../../src/views/macvlan/queue-series';
import { demuxFrames } from '../../src/views/macvlan/demux-compare';
import { focusAt } from '../../src/views/qeth/focus';
import { headerPair } from '../../src/views/qeth/headers';
import { filterSteps } from '../../src/views/steplog/filter';
import { defaultFocusNode } from '../../src/views/stepper/focus-node';
import { instancesAt } from '../../src/views/vdp/machine-focus';
import { sequenceModel } from '../../src/views/vdp/sequence';
import { busyIntervals } from '../../src/views/vepa/cost/link-busy';
import { vepaLayout } from '../../src/views/vepa/geometry/layout';
import { tokensAt } from '../../src/views/vepa/geometry/tokens';
import { run } from '../helpers/run';
import * as walkDemux from './walks/macvlan-demux-compare';
import * as walkEswitch from './walks/macvlan-eswitch-view';
import * as walkFanout from './walks/macvlan-fanout-view';
import * as walkHash from './walks/macvlan-hash-view';
import * as walkQueues from './walks/macvlan-queue-series';
import * as walkFocus from './walks/qeth-focus';
import * as walkHeaders from './walks/qeth-headers';
import * as walkFilter from './walks/steplog-filter';
import * as walkMachines from './walks/vdp-machine-focus';
import * as walkSequence from './walks/vdp-sequence';
import * as walkBusy from './walks/vepa-cost-link-busy';
import * as walkTokens from './walks/vepa-geometry-tokens';

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
  it('vepa: tokens in flight, link busy intervals', () => {
    for (const [, t] of lab('vepa')) {
      const layout = vepaLayout(t.topology);
      eachCursor(t, (c) => expect(tokensAt(t, layout, c)).toEqual(walkTokens.tokensAt(t, layout, c)));
      expect(busyIntervals(t)).toEqual(walkBusy.busyIntervals(t));
    }
  });

  it('qeth: the frame in focus and the header pair', () => {
    for (const [, t] of lab('qeth')) {
      for (const card of nodesOf(t, 'qeth-osa'))
        eachCursor(t, (c) => {
          if (c >= 0) expect(focusAt(t, c, card)).toEqual(walkFocus.focusAt(t, c, card));
          expect(headerPair(t, c, card)).toEqual(walkHeaders.headerPair(t, c, card));
        });
    }
  });

  it('macvlan: fan-out, hash lookup, eswitch decision, queue series, demux per frame', () => {
    for (const [, t] of lab('macvlan')) {
      const state = new StateIndex(t);
      for (const host of nodesOf(t, 'macvlan')) {
        expect(queueSeries(t, host)).toEqual(walkQueues.queueSeries(t, host));
        eachCursor(t, (c) => {
          if (c < 0) return;
          expect(fanoutAt(t, c, host)).toEqual(walkFanout.fanoutAt(t, c, host));
          expect(lookupAt(t, c, host)).toEqual(walkHash.lookupAt(t, c, host));
        });
      }
      for (const nic of nodesOf(t, 'sriov-nic'))
        eachCursor(t, (c) => {
          const st = state.under(c, `${nic}/`);
          expect(eswitchAt(t, c, nic, st)).toEqual(walkEswitch.eswitchAt(t, c, nic, st));
        });
      expect(demuxFrames(t)).toEqual(walkDemux.demuxFrames(t));
    }
  });

  it('vdp: machine instances and the sequence model', () => {
    for (const [, t] of lab('vdp')) {
      expect(sequenceModel(t)).toEqual(walkSequence.sequenceModel(t));
      eachCursor(t, (c) => expect(instancesAt(t, c)).toEqual(walkMachines.instancesAt(t, c)));
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
