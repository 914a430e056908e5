// Where everything lives. Host physical space: DRAM below 4 GiB with the agent's BAR0 at
// 0xF000_0000 (in the PCI hole). Agent local space: its DRAM below 0x8000_0000, then the
// movable 1 GiB outbound window at 0x8000_0000 onto host physical [windowBase,
// windowBase + 1 GiB) (fact sheet S0; the window is the modelled system's, section 4.7).
import { ALIGN_OF, vringLayout, type LayoutKind, type VringLayout } from './layout';

export const HOST_RAM_SIZE = 0x1_0000_0000;
export const BAR0_BASE = 0xf000_0000;
export const BAR0_SIZE = 0x100;
export const AGENT_RAM_SIZE = 0x8000_0000;
export const WINDOW_LOCAL = 0x8000_0000;
export const WINDOW_SIZE = 0x4000_0000;

/** Legacy virtio-pci register offsets in BAR0 (include/uapi/linux/virtio_pci.h). */
export const VIRTIO_PCI = {
  HOST_FEATURES: 0,
  GUEST_FEATURES: 4,
  QUEUE_PFN: 8,
  QUEUE_NUM: 12,
  QUEUE_SEL: 14,
  QUEUE_NOTIFY: 16,
  STATUS: 18,
  ISR: 19,
} as const;

export const HOST_TX_RING = 0x0010_0000;
export const HOST_TX_BUFS = 0x0020_0000;
export const HOST_INDIRECT = 0x0030_0000;
export const HOST_RX_BUFS = 0x0040_0000;
export const AGENT_RX_RING = 0x0100_0000;
export const AGENT_RX_BUFS = 0x0200_0000;
export const AGENT_TX_BUFS = 0x0280_0000;
export const AGENT_SCRATCH = 0x0300_0000;
export const AGENT_INDIRECT = 0x0310_0000;
export const RX_BUF_LEN = 1526;

const page = (v: number): number => Math.ceil(v / 0x1000) * 0x1000;

export interface RingPlacement {
  readonly hostTx: VringLayout;
  readonly hostRx: VringLayout;
  readonly agentRx: VringLayout;
  readonly agentTx: VringLayout;
}

/** Host RX ring right after the TX ring (0x0010_2000 for N = 8 legacy, scenario 4). */
export function placeRings(num: number, kind: LayoutKind): RingPlacement {
  const align = ALIGN_OF[kind];
  const hostTx = vringLayout(num, HOST_TX_RING, align);
  const hostRx = vringLayout(
    num,
    HOST_TX_RING + page(hostTx.size) + (page(hostTx.size) === 0x1000 ? 0x1000 : 0),
    align,
  );
  // The agent's own rings are allocated by its kernel with the legacy 4096 alignment
  // (pci-epf-vnet: vring_create_virtqueue(..., VIRTIO_PCI_VRING_ALIGN, ...)).
  const agentRx = vringLayout(num, AGENT_RX_RING, 4096);
  const agentTx = vringLayout(num, AGENT_RX_RING + page(agentRx.size), 4096);
  return { hostTx, hostRx, agentRx, agentTx };
}

/** The same ring seen at another base (e.g. the host ring through the agent's window). */
export function rebase(l: VringLayout, base: number): VringLayout {
  return vringLayout(l.num, base, l.align);
}
