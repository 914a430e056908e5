// The draft's contract with the lab page: a good run replaces the one on screen; a broken
// one (not JSON, loader problems, another lab's devices) keeps it and says why; a run
// answered after a newer one started is dropped. Runs on the main thread here (no Worker).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Draft } from '../../../src/app/edit/draft.svelte';
import { kindAt, nodeAt, stepCount } from '../../../src/engine/sim/trace-access';
import type { Trace } from '../../../src/engine/sim/types';

const bridge = readFileSync('src/scenarios/macvlan/five-modes-bridge.json', 'utf8');
const vepa = bridge.replaceAll('"mode": "bridge"', '"mode": "vepa"');
const qeth = readFileSync('src/scenarios/qeth/router-fallback.json', 'utf8');

describe('Draft', () => {
  it('keeps the last good run when an edit breaks, and replaces it when an edit runs', async () => {
    const d = new Draft();
    await d.load('k', 'macvlan', bridge, 'bundled');
    const first0 = d.good!;
    expect(first0).toBeDefined();
    expect(d.problems).toBeUndefined();

    await d.replace(bridge.replace('"mode": "bridge"', '"mode": "sideways"'));
    expect(d.good).toBe(first0);
    expect(d.problems?.title).toBe('The edited scenario has problems and cannot run');
    expect(d.problems?.issues.map((i) => i.path)).toEqual(['$.nodes[3].config.macvlans[0].mode']);

    await d.replace(bridge.replace('"seed": 1,', '"seed": 1'));
    expect(d.good).toBe(first0);
    expect(d.problems?.title).toBe('The scenario is not valid JSON');
    // The comma is missing at the end of line 4; JSON goes wrong at the next key, line 5.
    expect(d.problems?.syntax).toMatchObject({ line: 5, column: 3 });

    await d.replace(vepa);
    expect(d.good).not.toBe(first0);
    expect(d.problems).toBeUndefined();
    // macvlan_queue_xmit: a bridge-mode macvlan hands guest A's broadcast to guest B inside
    // H, before the external switch sees it; a VEPA one only sends it out, and B gets it when
    // the switch (hairpin on p1) reflects it back.
    // (Set-up "state" steps at the start are not traffic.)
    const first = (t: Trace, node: string) =>
      [...Array(stepCount(t)).keys()].find((i) => nodeAt(t, i) === node && kindAt(t, i) !== 'state') ?? -1;
    const order = (t: Trace) => first(t, 'gB') < first(t, 'sw');
    expect(order(first0.trace)).toBe(true);
    expect(order(d.good!.trace)).toBe(false);
    expect(d.edited).toBe(true);
  });

  it('does not run another lab’s scenario, and names the lab that shows it', async () => {
    const d = new Draft();
    await d.load('k', 'macvlan', qeth, 'link');
    expect(d.good).toBeUndefined();
    expect(d.problems?.betterLab).toBe('qeth');
    await d.load('k2', 'qeth', qeth, 'link');
    expect(d.good).toBeDefined();
  });

  it('drops a run answered after a newer one started', async () => {
    const d = new Draft();
    await d.load('k', 'macvlan', bridge, 'bundled');
    const before = d.good;
    d.text = vepa;
    const slow = d.run();
    d.text = 'not json';
    await d.run();
    await slow;
    expect(d.ran).toBe('not json');
    expect(d.problems?.title).toBe('The scenario is not valid JSON');
    expect(d.busy).toBe(false);
    expect(d.good).toBe(before);
  });

  it('keeps the run before the last good one for "What changed", across broken edits, and forgets it on a new source', async () => {
    const d = new Draft();
    await d.load('k', 'macvlan', bridge, 'bundled');
    expect(d.previous).toBeUndefined();
    expect(d.reruns).toBe(0);
    const bridgeRun = d.good;
    expect(d.goodText).toBe(bridge);

    await d.replace(vepa);
    expect(d.previous).toBe(bridgeRun);
    expect(d.reruns).toBe(1);
    expect(d.goodText).toBe(vepa);
    const vepaRun = d.good;

    // A broken edit changes neither side of the comparison.
    await d.replace('{');
    expect(d.previous).toBe(bridgeRun);
    expect(d.good).toBe(vepaRun);
    expect(d.reruns).toBe(1);

    await d.replace(bridge);
    expect(d.previous).toBe(vepaRun);
    expect(d.reruns).toBe(2);

    await d.load('k2', 'macvlan', vepa, 'file');
    expect(d.previous).toBeUndefined();
    expect(d.reruns).toBe(0);
  });
});
