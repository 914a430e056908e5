// virtio-net across a PCI backplane (drivers/virtio/virtio_ring.c, drivers/vhost/vringh.c,
// pci-epf-vnet): the driver fills the descriptor table, publishes in the avail ring after
// a write barrier, cleans the cache lines, rings the board's doorbell; the agent's vringh reads
// the ring, DMA copies the buffer, the used ring records it, an interrupt wakes the
// driver, which reaps. Also the stacks at both ends and the bounce-buffer alternative.
import { any, layerIs, sourceHas, sourceIs, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const virtioStackStack: StackDecl = {
  types: ['virtio-stack'],
  slots: [
    { id: 'app', label: 'traffic (scripted)', match: sourceHas('scenario traffic') },
    { id: 'net', label: 'netdev stack', match: sourceHas('dev_queue_xmit', 'netif_receive_skb', 'eth_type_trans') },
    wireSlot('eth0'),
  ],
  catchAll: { slot: 'net', why: say.stackDeviceStateInterface() },
};

export const virtioBackplaneStack: StackDecl = {
  types: ['virtio-backplane'],
  slots: [
    {
      id: 'driver',
      label: 'virtio-net driver',
      match: any(layerIs('L2'), sourceHas('board driver probe', 'virtio_config_ops')),
    },
    {
      id: 'desc',
      label: 'descriptors',
      // Packed: the descriptors and the head's flags that publish them (no separate avail ring).
      match: sourceIs(
        /^(virtqueue_add_(split|packed) \(drivers\/virtio\/virtio_ring\.c\)$|virtqueue_add_indirect_packed|dma_map_single)/,
      ),
    },
    {
      id: 'avail',
      // Split: the barrier then avail.idx; packed: the barrier then the head's flags.
      label: 'make available (wmb)',
      match: sourceHas('virtio_wmb', 'virtqueue_kick_prepare', 'noWmb', 'initialIndex'),
    },
    {
      id: 'cache',
      label: 'cache clean · invalidate',
      match: sourceHas(
        'VRING_FLUSH',
        'VRING_INVALIDATE',
        'dma_sync_single',
        'write-back',
        'break switch',
        'L1_CACHE_BYTES',
      ),
    },
    {
      id: 'doorbell',
      label: 'doorbell (notify)',
      match: sourceHas(
        'notify callback',
        'message register',
        'doorbell handler',
        'set_status',
        'noDoorbell',
        'vdev_notify',
        'polling thread',
      ),
    },
    {
      id: 'vringh',
      label: "agent's vringh",
      match: sourceHas(
        '__vringh_get_head',
        '__vringh_iov',
        '__vringh_notify_',
        'badTxChain',
        'virtio_net_flush_tx',
        'get_tx_bufs',
        'virtqueue_pop',
        'virtqueue_packed_pop',
        'virtio_queue_packed_set_notification',
        'virtio_queue_set_notification',
        'agentEngine',
        'vringh_abandon',
        'rx refill notify',
      ),
    },
    {
      id: 'dma',
      label: 'DMA engine',
      match: sourceHas('epf_vnet_transfer', 'dma_sync_wait', 'pci_epc_map_addr', 'PCI posted write'),
    },
    {
      id: 'used',
      // Split: used.ring and used.idx; packed: used descriptors written over the ring.
      label: 'used buffers',
      match: sourceHas(
        '__vringh_complete',
        '__vringh_need_notify',
        'virtqueue_get_buf_ctx_split',
        'vq-complete',
        'virtqueue_packed_fill_desc',
        'virtio_packed_should_notify',
        'virtqueue_get_buf_ctx_packed',
      ),
    },
    {
      id: 'irq',
      label: 'interrupt',
      match: sourceHas(
        'interrupt register',
        'INTx handler',
        'vring_interrupt',
        'virtqueue_disable_cb',
        'virtqueue_enable_cb',
        'virtqueue_poll',
      ),
    },
    wireSlot('host · agent netdevs'),
  ],
  catchAll: { slot: 'driver', why: say.backplaneDeviceStateRecords() },
};

export const virtioBounceStack: StackDecl = {
  types: ['virtio-bounce'],
  slots: [
    {
      id: 'driver',
      label: 'custom driver (xmit · rx)',
      match: sourceHas('custom driver xmit', 'custom driver rx', 'netif_rx'),
    },
    { id: 'copy', label: 'bounce buffer · memcpy_toio', match: sourceHas('memcpy_toio', 'memcpy_fromio') },
    { id: 'doorbell', label: 'doorbell · irq', match: sourceHas('doorbell', 'irq') },
    wireSlot('host · agent netdevs'),
  ],
  catchAll: { slot: 'driver', why: say.bounceDeviceDeviceState() },
};

export const virtioDmaDriverStack: StackDecl = {
  types: ['virtio-dma-driver'],
  slots: [
    {
      id: 'driver',
      label: 'custom driver (xmit · rx)',
      match: sourceHas('custom driver xmit', 'custom driver rx', 'netif_rx'),
    },
    { id: 'dma', label: 'agent DMA engine', match: sourceHas('dmaengine') },
    { id: 'doorbell', label: 'doorbell · INTx', match: sourceHas('doorbell', 'irq') },
    wireSlot('host · agent netdevs'),
  ],
  catchAll: { slot: 'driver', why: say.dmaDriverDeviceState() },
};

/** A backplane of many boards: the host's bridge over its per-board netdevs on top, then one board's layers. */
export const virtioBoardsStack: StackDecl = {
  types: ['virtio-boards'],
  slots: [
    {
      id: 'bridge',
      label: 'host bridge (br0)',
      match: sourceHas('br_handle_frame', 'br_forward', 'br_pass_frame_up'),
    },
    ...virtioBackplaneStack.slots,
  ],
  catchAll: virtioBackplaneStack.catchAll,
};
