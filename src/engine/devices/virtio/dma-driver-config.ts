// Configuration of the source thread's own custom driver (`virtio-dma-driver`): a ring of
// descriptors in the agent's BAR0 for each direction, the agent's DMA engine moving every
// byte, and a 64 KiB MTU by default, the size its author needed for acceptable speed.
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { readCosts, type Costs } from './costs';

export interface DmaDriverConfig {
  readonly mtu: number;
  /** Descriptors per direction in BAR0: frames the host may have posted and not seen done. */
  readonly ringSize: number;
  readonly costs: Costs;
}

export function readDmaDriverConfig(r: Reader, _issues: IssueList): DmaDriverConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(['mtu', 'ringSize', 'costs']);
  const mtu = r.at('mtu').number({ default: 65522, integer: true, min: 68, max: 65522 });
  const ringSize = r.at('ringSize').number({ default: 64, integer: true, min: 1, max: 1024 });
  if (mtu === undefined || ringSize === undefined) return undefined;
  return { mtu, ringSize, costs: readCosts(r) };
}
