// Where everything lives. Host physical space: DRAM below 4 GiB with the agent's BAR0 at
// 0xF000_0000 (in the PCI hole). Agent local space: its DRAM below 0x8000_0000, then the
// movable 1 GiB outbound window at 0x8000_0000 onto host physical [windowBase,
// windowBase + 1 GiB) (fact sheet S0; the window is the modelled system's, section 4.7).
import { ALIGN_OF, vringLayout, type LayoutKind, type VringLayout } from './layout';
import { packedLayout, rebasePacked } from './packed-layout';
import { isPackedLayout, type RingLayout } from './ring-api';

export const HOST_RAM_SIZE = 0x1_0000_0000;
export const BAR0_BASE = 0xf000_0000;
export const BAR0_SIZE = 0x100;
export const AGENT_RAM_SIZE = 0x8000_0000;
export const WINDOW_LOCAL = 0x8000_0000;
export const WINDOW_SIZE = 0x4000_0000;

/**
 * The board's BAR0 is a window onto the agent's own RAM, not a register block: the agent "cannot
 * get notified when a read/write hits the BAR" (the source thread). So the config the host's
 * board driver and the agent's firmware share there is plain memory in the board driver's own
 * layout, one slot per queue, like MIC's device page (include/uapi/linux/mic_common.h:
 * per-queue mic_vqconfig, features, status) rather than legacy virtio-pci's QUEUE_SEL registers,
 * whose side effects plain memory cannot have. Offsets in BAR0 (this model's layout).
 */
export const BOARD_CFG = {
  /** written by the agent's firmware at boot */
  DEVICE_FEATURES: 0x00,
  /** written by the host */
  DRIVER_FEATURES: 0x04,
  /** written by the host: ACKNOWLEDGE | DRIVER | DRIVER_OK */
  STATUS: 0x08,
  /** per queue q: QUEUE_NUM (agent) at + 8q, QUEUE_PFN (host) at + 8q + 4 */
  QUEUE: 0x10,
  /** per queue q: a 16-bit count of the host's notifications, at + 2q (host writes, agent reads) */
  NOTIFY: 0x40,
} as const;

/**
 * The board's own registers, reached through another BAR (where this model puts them): the
 * message register the host writes to interrupt the agent's CPU, and the interrupt register
 * the agent sets to assert INTx. The thread names neither; the MPC83xx names are not used here.
 */
export const BOARD_REGS = 0xf010_0000;
export const BOARD_REG = { MESSAGE: 0x0, INTERRUPT: 0x4 } as const;

/** PCI IDs. Freescale is vendor 0x1957 (include/linux/pci_ids.h PCI_VENDOR_ID_FREESCALE). */
export const FREESCALE_VENDOR = 0x1957;
/** Legacy virtio-pci binds vendor 0x1AF4 only, device IDs 0x1000-0x103F (virtio_pci_common.c, vp_legacy_probe). */
export const VIRTIO_VENDOR = 0x1af4;

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
  readonly hostTx: RingLayout;
  readonly hostRx: RingLayout;
  readonly agentRx: RingLayout;
  readonly agentTx: RingLayout;
}

/**
 * Where one board's host-side pieces sit: its rings, its indirect tables, its BAR0 and its
 * registers. One board uses the constants above; on a backplane of several (boards.ts) each
 * board gets its own, so no two boards share a ring, a table or a register.
 */
export interface BoardPlace {
  readonly index: number;
  readonly hostRings: number;
  readonly hostIndirect: number;
  readonly bar0: number;
  readonly regs: number;
}

export const SINGLE_BOARD: BoardPlace = {
  index: 0,
  hostRings: HOST_TX_RING,
  hostIndirect: HOST_INDIRECT,
  bar0: BAR0_BASE,
  regs: BOARD_REGS,
};

/** Board k of several: rings and tables 1 MiB apart from 0x0100_0000, BARs 2 MiB apart. */
export function placeOfBoard(k: number): BoardPlace {
  return {
    index: k,
    hostRings: 0x0100_0000 + k * 0x10_0000,
    hostIndirect: 0x0100_0000 + k * 0x10_0000 + 0x8_0000,
    bar0: BAR0_BASE + k * 0x20_0000,
    regs: BOARD_REGS + k * 0x20_0000,
  };
}

/** Host RX ring right after the TX ring (0x0010_2000 for N = 8 legacy, scenario 4). */
export function placeRings(num: number, kind: LayoutKind, hostRings = HOST_TX_RING, packed = false): RingPlacement {
  if (packed) {
    // vring_create_virtqueue_packed: three page-aligned allocations per queue, one queue after the other.
    const hostTx = packedLayout(num, hostRings);
    const hostRx = packedLayout(num, hostRings + page(hostTx.size));
    const agentRx = packedLayout(num, AGENT_RX_RING);
    const agentTx = packedLayout(num, AGENT_RX_RING + page(agentRx.size));
    return { hostTx, hostRx, agentRx, agentTx };
  }
  const align = ALIGN_OF[kind];
  const hostTx = vringLayout(num, hostRings, align);
  const hostRx = vringLayout(num, hostRings + page(hostTx.size) + (page(hostTx.size) === 0x1000 ? 0x1000 : 0), align);
  // The agent's own rings are allocated by its kernel with the legacy 4096 alignment
  // (pci-epf-vnet: vring_create_virtqueue(..., VIRTIO_PCI_VRING_ALIGN, ...)).
  const agentRx = vringLayout(num, AGENT_RX_RING, 4096);
  const agentTx = vringLayout(num, AGENT_RX_RING + page(agentRx.size), 4096);
  return { hostTx, hostRx, agentRx, agentTx };
}

/** The same ring seen at another base (e.g. the host ring through the agent's window). */
export function rebase<L extends RingLayout>(l: L, base: number): L {
  if (isPackedLayout(l)) return rebasePacked(l, base) as L;
  const v = l as VringLayout;
  return vringLayout(v.num, base, v.align) as L;
}
