// virtio over a non-coherent PCI backplane: memory, caches, bus costs, split virtqueues
// (Linux driver and vringh device), DMA engine, doorbells/INTx, virtio-net crossed wires,
// the bounce-buffer contrast design, and the break switches.
export { virtioDeviceTypes, virtioBackplaneType, virtioBounceType, virtioStackType } from './types';
export { vringLayout, vringSize, ringFields, sharedLines, ALIGN_OF } from './layout';
export { vringNeedEvent, pending, u16 } from './need-event';
export { DEFAULT_COSTS } from './costs';
export type { BackplaneConfig } from './config';
