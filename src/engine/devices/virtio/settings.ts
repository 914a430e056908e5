// What a student may change on the PCI backplane (config.ts, breaks.ts): ring size and
// layout, EVENT_IDX and the other features, the agent's window, batching, and each piece
// of cache maintenance the protocol needs (switching one off reproduces its failure).
import type { DeviceSettings, SettingDecl } from '../settings-decl';
import { BREAK_NAMES } from './breaks';

const BREAK_LABEL: Record<(typeof BREAK_NAMES)[number], string> = {
  noCleanAvail: 'skip cleaning the avail line',
  noCleanDesc: 'skip cleaning the descriptor lines',
  noWmb: 'skip the write barrier before avail.idx',
  noInvalidateUsed: 'skip invalidating the used line',
  noInvalidateAvail: "skip the agent's avail invalidate",
  noCleanUsed: "skip the agent's used-ring cleans",
  noDoorbell: 'write the notify word but skip the doorbell',
};

const breaks: SettingDecl[] = BREAK_NAMES.map((b) => ({
  at: `breaks.${b}`,
  label: BREAK_LABEL[b],
  kind: 'flag',
  creates: true,
  default: false,
  source: b === 'noWmb' ? 'virtio_wmb' : 'dma_sync_single_for_device / _for_cpu',
  help: 'cache maintenance: on reproduces the failure it prevents',
}));

export const backplaneSettings: DeviceSettings = {
  type: 'virtio-backplane',
  settings: [
    {
      at: 'queueSize',
      label: 'ring size',
      kind: 'choice',
      choices: [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      default: 8,
      unit: 'descriptors',
      source: 'virtqueue num (spec 2.7)',
    },
    {
      at: 'eventIdx',
      label: 'EVENT_IDX',
      kind: 'flag',
      default: false,
      source: 'VIRTIO_RING_F_EVENT_IDX (vring_need_event)',
      help: 'kick and interrupt only when the other side asked for this index',
    },
    {
      at: 'ringLayout',
      label: 'ring layout',
      kind: 'choice',
      choices: ['legacy', 'modern', 'spec-min'],
      default: 'legacy',
      source: 'vring_init alignment',
    },
    {
      at: 'lineSize',
      label: 'cache line size',
      kind: 'choice',
      choices: [16, 32, 64, 128, 256],
      default: 64,
      unit: 'bytes',
      source: 'L1_CACHE_BYTES',
    },
    { at: 'coherent', label: 'coherent DMA', kind: 'flag', default: false, source: 'dma_coherent' },
    {
      at: 'indirect',
      label: 'indirect descriptors',
      kind: 'flag',
      default: false,
      source: 'VIRTIO_RING_F_INDIRECT_DESC',
    },
    { at: 'mrgRxbuf', label: 'mergeable RX buffers', kind: 'flag', default: false, source: 'VIRTIO_NET_F_MRG_RXBUF' },
    {
      at: 'anyLayout',
      label: 'ANY_LAYOUT',
      kind: 'flag',
      default: false,
      source: 'VIRTIO_F_ANY_LAYOUT (virtnet_probe any_header_sg)',
      help: 'the header goes in front of the frame: one descriptor per frame',
    },
    {
      at: 'version1',
      label: 'VERSION_1',
      kind: 'flag',
      default: false,
      source: 'VIRTIO_F_VERSION_1',
      help: '12-byte header and any layout',
    },
    {
      at: 'hostNapi',
      label: 'host NAPI',
      kind: 'flag',
      default: false,
      source: 'virtio_net NAPI (virtqueue_disable_cb / enable_cb_delayed)',
      help: "callbacks off while the host polls; Linux's default",
    },
    {
      at: 'badTxChain',
      label: 'short TX chain',
      kind: 'choice',
      choices: ['complete-zero', 'broken', 'leak'],
      default: 'complete-zero',
      source: 'QEMU virtio_net_flush_tx / vhost-net handle_tx',
    },
    {
      at: 'agentWindow',
      label: "agent's window",
      kind: 'choice',
      choices: ['cached', 'uncached'],
      default: 'cached',
      source: 'pci-epf outbound window mapping',
    },
    {
      at: 'agentPollNs',
      label: 'agent poll interval (0: doorbell)',
      kind: 'duration',
      min: 0,
      max: 1e9,
      default: 0,
      source: 'pci-epf-vnet polling',
    },
    {
      at: 'batchWindowNs',
      label: 'xmit_more batch window',
      kind: 'duration',
      min: 0,
      max: 1e9,
      default: 100,
      source: 'netdev_xmit_more',
    },
    ...breaks,
  ],
};

export const bounceSettings: DeviceSettings = {
  type: 'virtio-bounce',
  settings: [
    {
      at: 'mtu',
      label: 'MTU',
      kind: 'integer',
      min: 68,
      max: 65522,
      default: 65522,
      unit: 'bytes',
      source: 'dev->mtu',
    },
  ],
};
