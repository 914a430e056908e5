// A trace crossing threads as columns (trace-data.ts): what the page reads back must be
// the trace the worker recorded, step for step, fate for fate and byte for byte, and the
// page must be able to read one step, the column accessors and the state index without
// the whole list of Step objects ever being made.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RecordedTrace } from '../../src/engine/sim/recorded-trace';
import { StateIndex } from '../../src/engine/sim/state-index';
import { StepStore } from '../../src/engine/sim/step-store';
import { jsonExact, stepData, storeFromData, transferables } from '../../src/engine/sim/trace-data';
import {
  kindAt,
  layerAt,
  nextStepWhere,
  nodeAt,
  portAt,
  sourceAt,
  stepAt,
  stepCount,
  timeAt,
} from '../../src/engine/sim/trace-access';
import type { Trace } from '../../src/engine/sim/types';
import { run } from '../helpers/run';

const scenario = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

/** What a worker posts and the page reads back: the data through structuredClone, buffers transferred. */
function acrossThreads(t: Trace): RecordedTrace {
  const data = (t as RecordedTrace).toData();
  return RecordedTrace.fromData(structuredClone(data, { transfer: transferables(data) }));
}

const SCENARIOS = [
  'docs/examples/learning-bridge.json',
  'src/scenarios/vepa/vepa-schannels.json',
  'src/scenarios/vepa/vepa-acl-deny.json',
  'src/scenarios/qeth/router-fallback.json',
  'src/scenarios/macvlan/bcqueue-overflow.json',
  'src/scenarios/vdp/frame-loss.json',
  'src/scenarios/virtio/virtio-stale-used.json',
];

describe('a trace sent as columns', () => {
  it.each(SCENARIOS)('%s: every step, fate, frame and counter comes back identical', (path) => {
    const original = run(scenario(path));
    const received = acrossThreads(run(scenario(path)));
    expect(received).toBeInstanceOf(RecordedTrace);
    expect(stepCount(received)).toBe(stepCount(original));
    for (let i = 0; i < stepCount(original); i++) {
      const a = stepAt(original, i)!;
      const b = stepAt(received, i)!;
      // Field by field, own keys in the same order (undefined fields included).
      expect(Object.keys(b)).toEqual(Object.keys(a));
      if (JSON.stringify(b) !== JSON.stringify(a)) expect(b).toEqual(a);
      expect([nodeAt(received, i), portAt(received, i), kindAt(received, i)]).toEqual([a.node, a.port, a.kind]);
      expect([layerAt(received, i), timeAt(received, i), sourceAt(received, i)]).toEqual([a.layer, a.time, a.source]);
    }
    expect(received.frames.map((f) => Array.from(f))).toEqual(original.frames.map((f) => Array.from(f)));
    expect(received.fates).toEqual(original.fates);
    expect(received.counters).toEqual(original.counters);
    expect([received.endTime, received.scenario, received.seed]).toEqual([
      original.endTime,
      original.scenario,
      original.seed,
    ]);
    expect(received.topology).toEqual(original.topology);
    expect(received.deliveredCount()).toBe((original as RecordedTrace).deliveredCount());
    expect(received.steps).toEqual(original.steps);
  });

  it('builds the same state index from the received change columns, at every step', () => {
    const original = run(scenario('src/scenarios/vepa/vepa-stream-hairpin.json'));
    const received = acrossThreads(run(scenario('src/scenarios/vepa/vepa-stream-hairpin.json')));
    const a = new StateIndex(original, 16);
    const b = new StateIndex(received, 16);
    for (let i = -1; i < stepCount(original); i++) expect([...b.at(i)]).toEqual([...a.at(i)]);
    expect(received.allStepsMade).toBe(false);
  });

  it('reads one step, the column accessors and the state index without making every Step', () => {
    const received = acrossThreads(run(scenario('src/scenarios/macvlan/macvtap-fill.json')));
    const n = stepCount(received);
    expect(n).toBeGreaterThan(5000);
    const last = stepAt(received, n - 1)!;
    expect(last.index).toBe(n - 1);
    expect(typeof last.decision).toBe('string');
    let drops = 0;
    for (let i = 0; i < n; i++)
      if (kindAt(received, i) === 'drop' && nodeAt(received, i) && timeAt(received, i) >= 0) drops++;
    expect(drops).toBeGreaterThan(0);
    new StateIndex(received).at(n - 1);
    expect(received.allStepsMade).toBe(false);
    // And the whole list is there when someone does ask for it.
    expect(received.steps).toHaveLength(n);
    expect(received.allStepsMade).toBe(true);
  });

  it('finds the next step of a node and kind from the columns as a scan of the steps would', () => {
    const original = run(scenario('src/scenarios/vepa/vepa-schannels.json'));
    const received = acrossThreads(run(scenario('src/scenarios/vepa/vepa-schannels.json')));
    const plain: Trace = { ...original, steps: original.steps.slice() };
    for (const [node, kind] of [
      ['sw', 'decide'],
      ['st', 'transmit'],
      ['nowhere', 'drop'],
    ])
      for (let from = -1; from <= stepCount(original); from++) {
        const match = (n: string, k: string) => n === node && k === kind;
        const want = plain.steps.findIndex((s, i) => i >= from && match(s.node, s.kind));
        expect([nextStepWhere(original, from, match), nextStepWhere(received, from, match)]).toEqual([want, want]);
        expect(nextStepWhere(plain, from, match)).toBe(want);
      }
    expect(received.allStepsMade).toBe(false);
  });

  it('moves its buffers instead of copying them: the sender keeps none', () => {
    const data = (run(scenario('docs/examples/learning-bridge.json')) as RecordedTrace).toData();
    const buffers = transferables(data);
    expect(buffers.length).toBeGreaterThan(20);
    structuredClone(data, { transfer: buffers });
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
  });

  it('keeps each distinct decision text once', () => {
    const t = run(scenario('src/scenarios/vepa/vepa-stream-bridge.json')) as RecordedTrace;
    const d = t.toData().steps;
    const distinct = new Set(t.steps.map((s) => s.decision)).size;
    expect(d.textEnd.length).toBeGreaterThanOrEqual(distinct);
    expect(new Set(d.decision).size).toBe(distinct);
  });
});

describe('details that JSON cannot carry exactly', () => {
  it('are sent as objects; the others as JSON text', () => {
    const s = new StepStore();
    const odd = [
      { a: undefined },
      { n: NaN },
      { bytes: Uint8Array.of(1, 2) },
      { big: -0 },
      { date: new Map([[1, 2]]) },
    ];
    const plain = [{ a: 1, b: ['x', null, true], c: { d: 2.5 } }, Object.freeze({ shared: 1 })];
    for (const detail of [...odd, ...plain, plain[1]])
      s.push(0, 'n', undefined, 'decide', { decision: 'd', source: 's', detail }, 0, 0, -1, -1, -1, false, 0);
    const data = stepData(s, []);
    expect(data.objects).toHaveLength(odd.length);
    // The frozen detail shared by two steps is encoded once: both steps name the same text.
    expect(data.detail[odd.length + 1]).toBe(data.detail[odd.length + 2]);
    const back = storeFromData(structuredClone(data));
    [...odd, ...plain, plain[1]].forEach((d, i) => expect(back.detailAt(i)).toEqual(d));
    expect(Object.keys(back.detailAt(0)!)).toEqual(['a']);
  });

  it('jsonExact accepts plain JSON data only', () => {
    expect(jsonExact({ a: [1, 'x', null, false, { b: 2 }] })).toBe(true);
    for (const v of [undefined, NaN, Infinity, -0, Uint8Array.of(1), new Map(), new Array(3), { f: () => 1 }, 10n])
      expect(jsonExact({ v }), String(v)).toBe(false);
    expect(jsonExact(Object.create(null))).toBe(false);
  });
});
