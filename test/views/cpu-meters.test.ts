// The stage's CPU meters read the cost model's state keys at the cursor.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';
import { StateIndex } from '../../src/engine/sim/state-index';
import { cpuMeters, cpuText } from '../../src/views/stage/meters';

describe('CPU meters', () => {
  it('formats ns, µs with two decimals, then fewer', () => {
    expect(cpuText(999)).toBe('CPU 999 ns');
    expect(cpuText(12581)).toBe('CPU 12.58 µs');
    expect(cpuText(123456)).toBe('CPU 123.5 µs');
    expect(cpuText(12_345_678)).toBe('CPU 12346 µs');
  });

  it('shows a meter only for nodes the scenario charges, with the total at the cursor', () => {
    const json = JSON.parse(readFileSync('lessons/vepa-07-cpu-or-wire/scenario.json', 'utf8'));
    const t = run(json);
    const state = new StateIndex(t);
    const ids = t.topology.nodes.map((n) => n.id);
    expect([...cpuMeters(state, ids, -1).keys()]).toEqual([]);
    const end = cpuMeters(state, ids, t.steps.length - 1);
    expect([...end.keys()].sort()).toEqual(['br0', 'h2']);
    // br0: 8 datagrams of 1042 bytes and two 60-byte ARPs at 4 us + 0.5 ns a byte.
    expect(end.get('br0')).toBe(cpuText(8 * (4000 + 521) + 2 * (4000 + 30)));
    // h2: two passes per datagram and six ARP frames or copies at 1 us + 0.5 ns a byte.
    expect(end.get('h2')).toBe(cpuText(8 * 2 * (1000 + 521) + 6 * (1000 + 30)));
  });
});
