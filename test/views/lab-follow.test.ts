// A cross-lab lesson's mechanism view follows the device the step is on.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/sim/types';
import { labForStep } from '../../src/views/lab-follow';

const trace = {
  topology: {
    nodes: [
      { id: 'lan', type: 'host' },
      { id: 'osa', type: 'qeth-osa' },
      { id: 'h1', type: 'macvlan' },
      { id: 'sw', type: 'bridge' },
    ],
    links: [],
  },
  steps: [{ node: 'lan' }, { node: 'osa' }, { node: 'lan' }, { node: 'h1' }, { node: 'l1' }, { node: 'sw' }],
} as unknown as Trace;

describe('labForStep', () => {
  it('gives no lab before any step on a lab device', () => {
    expect(labForStep(trace, -1, ['qeth', 'macvlan'])).toBeUndefined();
    expect(labForStep(trace, 0, ['qeth', 'macvlan'])).toBeUndefined();
  });
  it('follows the device the step is on, and keeps it over host and link steps', () => {
    expect(labForStep(trace, 1, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 2, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 3, ['qeth', 'macvlan'])).toBe('macvlan');
    expect(labForStep(trace, 4, ['qeth', 'macvlan'])).toBe('macvlan');
  });
  it("picks the first lab shown that draws the device: the lesson's own lab wins a shared type", () => {
    expect(labForStep(trace, 3, ['vepa', 'vdp'])).toBe('vepa');
    expect(labForStep(trace, 3, ['vdp', 'macvlan'])).toBe('macvlan');
    // A bridge is drawn by the qeth lab too (the LAN side), so a qeth lesson keeps its view.
    expect(labForStep(trace, 5, ['qeth', 'macvlan'])).toBe('qeth');
    expect(labForStep(trace, 5, ['vepa', 'bridge'])).toBe('vepa');
    expect(labForStep(trace, 5, ['bridge', 'vepa'])).toBe('bridge');
  });
});
