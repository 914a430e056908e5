// The SR-IOV NIC at the cursor: its functions (VFs, SFs) with the MAC and VLAN the host
// set, their representors in switchdev mode, the offloaded rules and the software
// switch's table, and the latest eswitch decision: who decided and how many software
// copies it cost.
import type { Trace } from '../../engine/sim/types';
import { nodeAt, stepAt } from '../../engine/sim/trace-access';

export interface EswitchView {
  readonly mode: string;
  readonly hwmode: string;
  readonly functions: { name: string; kind: string; mac: string; vlan: number; representor: string | null }[];
  readonly rules: { key: string; out: string }[];
  readonly swfdb: { key: string; rep: string }[];
  readonly last?: {
    step: number;
    where: string;
    demux: string;
    outs: string[];
    softwareCopies: number;
    decision: string;
  };
}

export function eswitchAt(trace: Trace, cursor: number, nic: string, state: Record<string, unknown>): EswitchView {
  const e = (state.eswitch ?? {}) as { mode?: string; hwmode?: string };
  const functions = Object.entries(state)
    .filter(([k]) => k.startsWith('fn/'))
    .map(([k, v]) => ({
      name: k.slice(3),
      ...(v as { kind: string; mac: string; vlan: number; representor: string | null }),
    }));
  const rules = Object.entries(state)
    .filter(([k]) => k.startsWith('rule/'))
    .map(([k, v]) => ({ key: k.slice(5), out: String(v) }));
  const swfdb = Object.entries(state)
    .filter(([k]) => k.startsWith('swfdb/'))
    .map(([k, v]) => ({ key: k.slice(6), rep: String(v) }));
  let last: EswitchView['last'];
  // The latest decision is near the cursor; a bounded look back keeps a cursor move cheap.
  for (let i = cursor; i >= 0 && !last && cursor - i <= 400; i--) {
    if (nodeAt(trace, i) !== nic) continue;
    const s = stepAt(trace, i)!;
    const d = s.detail as { demux?: string; where?: string; outs?: string[]; softwareCopies?: number } | undefined;
    if (s.node === nic && d?.demux && d.outs)
      last = {
        step: i,
        where: d.where ?? '',
        demux: d.demux,
        outs: d.outs,
        softwareCopies: d.softwareCopies ?? 0,
        decision: s.decision,
      };
  }
  return { mode: e.mode ?? 'legacy', hwmode: e.hwmode ?? 'veb', functions, rules, swfdb, last };
}
