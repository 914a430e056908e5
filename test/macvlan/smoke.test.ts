import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';
import { hostTopo } from './topo';

describe('smoke', () => {
  it('runs a bridge-mode ARP', () => {
    const t = run(hostTopo([{ name: 'mvA', mode: 'bridge', n: 1 }, { name: 'mvB', mode: 'bridge', n: 2 }], { traffic: [{ at: '1us', node: 'gA', command: 'arp', args: { ip: '10.0.0.2' } }] }));
    for (const s of t.steps) console.log(s.index, s.node, s.kind, s.port ?? '', '|', s.decision);
    console.log(JSON.stringify(t.fates, null, 0));
    expect(t.steps.length).toBeGreaterThan(0);
  });
});
