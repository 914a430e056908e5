// Every decision the macvlan and sriov-nic devices record is written for a student: a
// decision text, a source, and `reads` that name fields the inspector can find in the
// frame's decoded tree (so the bytes it lights are the ones the decision read).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import { run } from '../helpers/run';

const files = readdirSync('src/scenarios/macvlan').filter((f) => f.endsWith('.json') && !f.startsWith('macvtap-fill'));

describe('decisions of the macvlan lab devices', () => {
  for (const f of files) {
    it(`${f}: decision, source and readable fields on every step`, () => {
      const t = run(JSON.parse(readFileSync(`src/scenarios/macvlan/${f}`, 'utf8')));
      const mine = new Set(
        t.topology.nodes.filter((n) => n.type === 'macvlan' || n.type === 'sriov-nic').map((n) => n.id),
      );
      let checked = 0;
      for (const s of t.steps) {
        if (!mine.has(s.node)) continue;
        expect(s.decision.length, `step ${s.index}`).toBeGreaterThan(15);
        expect(s.source.length, `step ${s.index}`).toBeGreaterThan(3);
        if (!s.reads?.length || s.frame === undefined) continue;
        const d = decodeFrame(t.frames[s.frame]);
        for (const r of s.reads) {
          if (r.startsWith('vlan[') && !findField(d, 'vlan[0].vid')) continue; // untagged frame: nothing to light
          expect(findField(d, r), `step ${s.index} reads ${r}`).toBeDefined();
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
