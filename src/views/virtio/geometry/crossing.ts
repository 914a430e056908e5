// Which backplane crossing a step shows: doorbells (host -> agent, a posted write to the
// board's message register), INTx (agent -> host), interrupt-status reads (a non-posted round trip), DMA transfers and line
// write-backs through the window. The view animates a token along the bus for it.
import type { Step } from '../../../engine/sim/types';

export type CrossingKind = 'doorbell' | 'intx' | 'isr-read' | 'dma' | 'window-write' | 'window-read';

export interface Crossing {
  readonly kind: CrossingKind;
  readonly from: 'host' | 'agent';
  readonly to: 'host' | 'agent';
  readonly label: string;
}

export function crossingOf(step: Step | undefined): Crossing | undefined {
  const d = step?.detail;
  if (!d) return undefined;
  switch (d.op) {
    case 'doorbell':
      // Every design rings the board's message register: the board cannot see BAR writes.
      return {
        kind: 'doorbell',
        from: 'host',
        to: 'agent',
        label: d.queue === undefined ? 'doorbell (message register)' : `doorbell, queue ${String(d.queue)}`,
      };
    case 'bar-write':
      return { kind: 'window-write', from: 'host', to: 'agent', label: 'write into BAR0: no one told' };
    case 'intx':
      return { kind: 'intx', from: 'agent', to: 'host', label: 'INTx asserted' };
    case 'isr-read':
      return {
        kind: 'isr-read',
        from: 'host',
        to: 'agent',
        label: d.reason === undefined ? 'status read (non-posted)' : `IRQ register read = ${String(d.reason)}`,
      };
    case 'dma':
      return d.dir === 'agent-to-host'
        ? { kind: 'dma', from: 'agent', to: 'host', label: `DMA ${String(d.frameLen)} B + header` }
        : { kind: 'dma', from: 'host', to: 'agent', label: `DMA ${String(d.frameLen)} B + header` };
    case 'clean':
      if (d.side === 'agent' && typeof d.addr === 'number' && d.addr >= 0x8000_0000)
        return { kind: 'window-write', from: 'agent', to: 'host', label: 'posted write-back' };
      return undefined;
    case 'get-head':
    case 'read-desc':
      if (typeof d.queue === 'string' && d.queue.startsWith('host'))
        return { kind: 'window-read', from: 'agent', to: 'host', label: 'non-posted read' };
      return undefined;
    case 'window-move':
      return {
        kind: 'window-write',
        from: 'agent',
        to: 'agent',
        label: `window → 0x${Number(d.to).toString(16).padStart(8, '0')}`,
      };
    case 'dma-read':
      return { kind: 'dma', from: 'host', to: 'agent', label: `agent DMA reads ${String(d.len)} B` };
    case 'dma-write':
      return { kind: 'dma', from: 'agent', to: 'host', label: `agent DMA writes ${String(d.len)} B` };
    case 'pio-write':
      return { kind: 'dma', from: 'host', to: 'agent', label: `PIO write ${String(d.len)} B` };
    case 'pio-read':
      return { kind: 'window-read', from: 'host', to: 'agent', label: `PIO read ${String(d.len)} B` };
    default:
      return undefined;
  }
}
