// The virtio-over-PCI-backplane lab: split virtqueues byte by byte, a host without a DMA
// engine and an agent with one, doorbells and INTx, non-coherent caches, and what breaks
// when a clean, an invalidate or a barrier is missing.
import type { LabDefinition } from '../lab-contract';
import { virtioScenarios } from './scenarios';

export const virtioLab: LabDefinition = {
  id: 'virtio',
  title: 'virtio over a PCI backplane',
  summary:
    "virtio-net between a host with no DMA engine and an agent board that has one, over memory that is not cache coherent: the rings byte by byte, the board's doorbell and interrupt registers (it cannot see BAR accesses, so the host runs a board-specific virtio driver), DMA, and how it breaks.",
  scenarios: virtioScenarios,
  view: () => import('./VirtioView.svelte'),
};
