// Every field a switch or station decision says it read exists in the bytes that step
// shows, so the inspector can light them. On S-channel ports the S-tag sits in front of
// any C-tag, which moves C-tag paths from vlan[0] to vlan[1].
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import '../../src/engine/devices/dissectors';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import { run } from '../helpers/run';
import { shiftVlanReads } from '../../src/engine/devices/bridge/reads';

const dir = 'src/scenarios/vepa';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('decision reads resolve to decoded fields', () => {
  it('shifts only tag paths', () => {
    expect(shiftVlanReads(['eth.dst', 'vlan[0].vid', 'vlan[1].tpid'], 1)).toEqual([
      'eth.dst',
      'vlan[1].vid',
      'vlan[2].tpid',
    ]);
  });
  for (const f of files) {
    it(f, () => {
      const t = run(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
      for (const s of t.steps) {
        if ((s.node !== 'sw' && s.node !== 'st') || !s.reads || s.frame === undefined) continue;
        const d = decodeFrame(t.frames[s.frame]);
        for (const r of s.reads) expect(findField(d, r), `step ${s.index} "${s.decision}" reads ${r}`).toBeDefined();
      }
    });
  }
  it('a C-VLAN ACL on an S-channel port reads vlan[1] in the S-tagged bytes', () => {
    const s = JSON.parse(readFileSync(`${dir}/vepa-schannels.json`, 'utf8'));
    s.expect = [];
    for (const g of ['gA', 'gC']) s.nodes.find((n: any) => n.id === g).config.vlan = 5;
    s.nodes.find((n: any) => n.id === 'sw').config.ports[0].schannel.channels['1'].policy = {
      rules: [{ id: 'v', dir: 'in', match: { vlan: 5 }, action: 'count' }],
    };
    const t = run(s);
    const step = t.steps.find(
      (x) =>
        x.node === 'sw' &&
        x.kind === 'transmit' &&
        x.detail?.vport === 'p1.s10' &&
        x.reads?.some((r) => r.startsWith('vlan')),
    );
    expect(step?.reads).toContain('vlan[1].vid');
    expect(findField(decodeFrame(t.frames[step!.frame!]), 'vlan[1].vid')?.value).toBe(5);
    const hits = (
      new Map(t.steps.flatMap((x) => x.changes ?? []).map((c) => [c.key, c.after])).get('sw/acl/p1.s1') as {
        rules: { hits: number }[];
      }
    ).rules[0].hits;
    expect(hits).toBeGreaterThan(0);
  });
});
