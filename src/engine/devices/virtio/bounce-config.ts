// Configuration of the contrast design (`virtio-bounce`): one shared buffer of `mtu` +
// 14 bytes in the agent's BAR1, copied by the host CPU with programmed I/O.
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { readCosts, type Costs } from './costs';

export interface BounceConfig {
  readonly mtu: number;
  readonly costs: Costs;
}

export function readBounceConfig(r: Reader, _issues: IssueList): BounceConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['mtu', 'costs']);
  const mtu = r.at('mtu').number({ default: 65522, integer: true, min: 68, max: 65522 });
  if (mtu === undefined) return undefined;
  return { mtu, costs: readCosts(r) };
}
