// The stepper's cursor logic: seeking, gates, exact instant stepping back, next decision.
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/app/run/player.svelte';
import { learningRun } from './fixtures';

const { trace, state } = learningRun();

describe('Player', () => {
  it('steps forward and back exactly, and clamps at both ends', () => {
    const p = new Player(trace);
    expect(p.cursor).toBe(-1);
    p.back();
    expect(p.cursor).toBe(-1);
    for (let i = 0; i < 10; i++) p.forward();
    expect(p.cursor).toBe(9);
    const fdb9 = state.under(p.cursor, 'br0/fdb/');
    p.forward();
    p.back();
    expect([p.cursor, p.previous]).toEqual([9, 10]);
    expect(state.under(p.cursor, 'br0/fdb/')).toEqual(fdb9);
    p.toEnd();
    expect(p.cursor).toBe(trace.steps.length - 1);
    expect(p.forward()).toBe(false);
    p.toStart();
    expect(p.cursor).toBe(-1);
    expect(new Player(trace, 1e9).cursor).toBe(trace.steps.length - 1);
    expect(new Player(trace, Number.NaN).cursor).toBe(-1);
  });

  it('stops forward moves at the gate but never backward ones; jump ignores it', () => {
    const p = new Player(trace, -1, () => 4);
    p.toEnd();
    expect(p.cursor).toBe(4);
    expect(p.forward()).toBe(false);
    p.seek(2);
    expect(p.cursor).toBe(2);
    p.jump(20);
    expect(p.cursor).toBe(20);
  });

  it('finds the next decision at a node, skipping frames that only pass through', () => {
    const p = new Player(trace, 6);
    const i = p.nextDecisionAt('br0');
    expect(i).toBeGreaterThan(6);
    expect(trace.steps[i].node).toBe('br0');
    expect(['inject', 'transmit', 'arrive', 'receive']).not.toContain(trace.steps[i].kind);
    expect(p.toNextDecision('br0')).toBe(true);
    expect(p.cursor).toBe(i);
    expect(new Player(trace, trace.steps.length - 1).nextDecisionAt('br0')).toBe(-1);
  });

  it('plays on a timer and stops at the end', async () => {
    const p = new Player(trace, trace.steps.length - 4);
    p.setSpeed(8);
    p.play();
    expect(p.playing).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    expect(p.cursor).toBe(trace.steps.length - 1);
    expect(p.playing).toBe(false);
    p.setSpeed(3);
    expect(p.speed).toBe(1);
  });
});
