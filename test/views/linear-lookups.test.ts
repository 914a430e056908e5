// The CLI's report and every view lookup stay linear in the trace. A generated bridge run
// of 20,000 frames (about 60,000 steps) is read the way a student holding → reads it: every
// lookup at every cursor. A lookup that walked from the cursor back to the first step (or
// from the first step up) would make this tens of billions of step reads, minutes; the
// indexes answer it in seconds. Only the results are asserted (no timing): a quadratic
// lookup shows up as this test timing out.
import { describe, expect, it } from 'vitest';
import { copiesAt } from '../../src/engine/sim/copy-index';
import { StateIndex } from '../../src/engine/sim/state-index';
import { nodeAt, pidAt, stepAt, stepCount } from '../../src/engine/sim/trace-access';
import { jsonReport, textReport, totals } from '../../src/cli/report';
import { demuxFrames } from '../../src/views/macvlan/demux-compare';
import { fanoutAt } from '../../src/views/macvlan/fanout-view';
import { lookupAt } from '../../src/views/macvlan/hash-view';
import { queueSeries } from '../../src/views/macvlan/queue-series';
import { headerPair } from '../../src/views/qeth/headers';
import { focusAt } from '../../src/views/qeth/focus';
import { stateDiff } from '../../src/views/state-diff';
import { filterOptions, filterSteps } from '../../src/views/steplog/filter';
import { instancesAt, machineIndex } from '../../src/views/vdp/machine-focus';
import { sequenceModel } from '../../src/views/vdp/sequence';
import { mapCursor } from '../../src/views/vepa/cost/cursor-map';
import { busyIntervals } from '../../src/views/vepa/cost/link-busy';
import type { Trace } from '../../src/engine/sim/types';
import { MAC, run } from '../helpers/run';

const FRAMES = 20_000;
const PORTS = 8;

function bridgeRun() {
  const nodes: unknown[] = [
    { id: 'br0', type: 'bridge', config: { ports: Array.from({ length: PORTS }, (_, i) => `p${i + 1}`) } },
  ];
  const links: unknown[] = [];
  for (let i = 1; i <= PORTS; i++) {
    nodes.push({ id: `h${i}`, type: 'host', config: { mac: MAC(i), ip: `10.0.0.${i}` } });
    links.push({ id: `l${i}`, a: `h${i}:eth0`, b: `br0:p${i}`, bandwidth: '100Gbit', latency: '100ns' });
  }
  const traffic: unknown[] = [];
  for (let k = 0; k < FRAMES; k++) {
    const s = 1 + (k % PORTS);
    const d = 1 + ((k + 1 + (k % 3)) % PORTS);
    traffic.push({
      at: `${k * 100}ns`,
      node: `h${s}`,
      port: 'eth0',
      frame: {
        eth: { dst: MAC(d), src: MAC(s) },
        ipv4: { src: `10.0.0.${s}`, dst: `10.0.0.${d}`, udp: { srcPort: 4000, dstPort: 5000, payload: 'hi' } },
      },
    });
  }
  return run({ name: 'linear: bridge run', seed: 5, maxSteps: 1_000_000, nodes, links, traffic });
}

describe('long traces: lookups and the CLI report are linear', { timeout: 120_000 }, () => {
  const t = bridgeRun();
  const n = stepCount(t);
  // Counted here by reading every step once, apart from the code under test.
  let atBridge = 0;
  let ofFrame1 = 0;
  let sends = 0;
  let drops = 0;
  for (let i = 0; i < n; i++) {
    const s = stepAt(t, i)!;
    if (s.node === 'br0') atBridge++;
    if (s.packet?.origin === 1) ofFrame1++;
    if ((s.kind === 'transmit' || s.kind === 'inject') && s.link) sends++;
    if (s.kind === 'drop') drops++;
  }

  it('has the size it should', () => {
    expect(n).toBeGreaterThan(2.5 * FRAMES);
    expect(totals(t)).toMatchObject({ injected: FRAMES, delivered: FRAMES, dropped: drops, steps: n });
  });

  it('the CLI report lists every frame once', () => {
    expect(jsonReport('gen.json', t, []).frames).toHaveLength(FRAMES);
    expect(
      textReport('gen.json', t, [], false)
        .split('\n')
        .filter((l) => l.startsWith('frame ')),
    ).toHaveLength(FRAMES);
  });

  it('every per-cursor lookup, at every cursor', () => {
    const state = new StateIndex(t);
    const machines = machineIndex(t);
    let rows = 0;
    let withCopy = 0;
    let found = 0;
    for (let c = 0; c < n; c++) {
      const log = filterSteps(t, c, { node: 'br0', layer: '', frame: '' }, 3);
      rows += log.rows.length;
      if (c === n - 1) expect(log.hidden + log.rows.length).toBe(atBridge);
      const one = filterSteps(t, c, { node: '', layer: '', frame: '1' }, 3);
      if (c === n - 1) expect(one.hidden + one.rows.length).toBe(ofFrame1);
      const copies = copiesAt(t, c);
      if (pidAt(t, c) !== 0) expect(copies).toContain(c);
      withCopy += copies.length > 0 ? 1 : 0;
      // No qeth card, macvlan host or VDP machine here: each must say so without walking back to step 0.
      if (headerPair(t, c, 'br0') || fanoutAt(t, c, 'br0') || lookupAt(t, c, 'br0')) found++;
      if (focusAt(t, c, 'br0').demux || instancesAt(machines, c).length) found++;
      expect(mapCursor(t, t, c, 'time')).toBeGreaterThanOrEqual(c);
      const diff = stateDiff(state, c - 1, c, 'br0/');
      if (nodeAt(t, c) !== 'br0') expect(diff.size).toBe(0);
    }
    expect(rows).toBeGreaterThan(n);
    expect(withCopy).toBeGreaterThan(n / 2);
    expect(found).toBe(0);
    // Generous for a loaded machine: linear, this takes seconds; quadratic, many minutes.
  }, 300_000);

  it('a plain trace (no columns): every lookup at every cursor reads a bounded number of steps', () => {
    // The same trace as a plain object whose steps count their reads: what a lookup costs
    // is the number of steps it reads, whatever the machine. A walk back to step 0 at each
    // cursor would read about n * n / 2 of them.
    const small = 6000;
    const steps = t.steps.slice(0, small);
    let reads = 0;
    const counted = new Proxy(steps, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key >= '0' && key <= '9') reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const plain: Trace = { ...t, steps: counted, fates: t.fates };
    const state = new StateIndex(plain);
    const plainMachines = machineIndex(plain);
    for (let c = 0; c < small; c++) {
      filterSteps(plain, c, { node: 'br0', layer: '', frame: '' }, 3);
      filterSteps(plain, c, { node: '', layer: '', frame: '1' }, 3);
      copiesAt(plain, c);
      headerPair(plain, c, 'br0');
      fanoutAt(plain, c, 'br0');
      lookupAt(plain, c, 'br0');
      focusAt(plain, c, 'br0');
      instancesAt(plainMachines, c);
      mapCursor(plain, plain, c, 'time');
      stateDiff(state, c - 1, c, 'br0/');
    }
    // Some lookups look back a bounded 400 steps at most (their owners chose to); a walk to step 0 reads n / 2 on average.
    expect(reads).toBeLessThan(1000 * small);
    expect(reads).toBeGreaterThan(small);
  });

  it('the whole-trace models, once each', () => {
    expect(busyIntervals(t)).toHaveLength(sends);
    expect(sends).toBeGreaterThanOrEqual(2 * FRAMES);
    expect(demuxFrames(t, 'h1')).toEqual([]);
    expect(queueSeries(t, 'br0')).toEqual([]);
    expect(sequenceModel(t).messages).toEqual([]);
    const opts = filterOptions(t);
    expect(opts.frames).toHaveLength(FRAMES);
    expect(opts.nodes).toEqual(['br0', ...Array.from({ length: PORTS }, (_, i) => `h${i + 1}`)].sort());
  });
});
