// The two ring formats behind one set of calls: the net driver, NAPI, the crossed-wires engine,
// the agent's loop and the ring script use whichever format the backplane negotiated (split,
// or VIRTIO_F_RING_PACKED). Each side's class keeps its own source's names inside.
import type { VringLayout } from './layout';
import type { PackedLayout } from './packed-layout';
import type { SplitDriver } from './split-driver';
import type { PackedDriver } from './packed-driver';
import type { VringhDevice } from './vringh';
import type { PackedDevice } from './packed-device';

export type RingLayout = VringLayout | PackedLayout;
export type RingDriver<T> = SplitDriver<T> | PackedDriver<T>;
export type RingDevice = VringhDevice | PackedDevice;

export const isPackedLayout = (l: RingLayout): l is PackedLayout => (l as PackedLayout).kind === 'packed';
