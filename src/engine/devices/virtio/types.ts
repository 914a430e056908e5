// Device types this lab registers: the backplane (host + agent + bus in one node), the
// contrast designs (a bounce-buffer driver; the thread's own DMA driver), and a small network stack endpoint
// that originates frames and consumes the ones delivered to it.
import type { DeviceType } from '../../sim/device';
import { Backplane } from './backplane';
import { readBackplaneConfig, type BackplaneConfig } from './config';
import { ringCommands } from './ring-script';
import { Boards, readBoardsConfig, type BoardsConfig } from './boards';
import { Stack, stackCommands, readStackConfig, type StackConfig } from './stack';
import { Bounce } from './bounce';
import { readBounceConfig, type BounceConfig } from './bounce-config';
import { DmaDriver } from './dma-driver';
import { readDmaDriverConfig, type DmaDriverConfig } from './dma-driver-config';

export const virtioBackplaneType: DeviceType<BackplaneConfig> = {
  type: 'virtio-backplane',
  summary:
    'A host and an agent board on a non-coherent PCI backplane running virtio-net "crossed wires": rings, caches, doorbells, DMA and INTx.',
  readConfig: (r, issues) => readBackplaneConfig(r, issues),
  ports: () => ['host', 'agent'],
  create: (id, cfg) => new Backplane(id, cfg),
  commands: ringCommands,
};

export const virtioBoardsType: DeviceType<BoardsConfig> = {
  type: 'virtio-boards',
  summary:
    'One host and many agent boards on a PCI backplane, each board a virtio-net "crossed wires" pair; ' +
    'the host bridges its netdevs, so agent-to-agent traffic goes through it.',
  readConfig: (r, issues) => readBoardsConfig(r, issues),
  ports: (cfg) => ['host', ...Array.from({ length: cfg.agents }, (_, k) => `agent${k}`)],
  create: (id, cfg) => new Boards(id, cfg),
};

export const virtioBounceType: DeviceType<BounceConfig> = {
  type: 'virtio-bounce',
  summary:
    'The contrast design: a custom driver that copies each packet through one shared buffer in the agent BAR, one doorbell and one interrupt per packet.',
  readConfig: (r, issues) => readBounceConfig(r, issues),
  ports: () => ['host', 'agent'],
  create: (id, cfg) => new Bounce(id, cfg),
};

export const virtioDmaDriverType: DeviceType<DmaDriverConfig> = {
  type: 'virtio-dma-driver',
  summary:
    "The source thread's own custom driver: descriptor rings in the agent's BAR0, the agent's DMA engine " +
    'moving every byte both ways, a 64 KiB MTU, one doorbell and one interrupt per frame.',
  readConfig: (r, issues) => readDmaDriverConfig(r, issues),
  ports: () => ['host', 'agent'],
  create: (id, cfg) => new DmaDriver(id, cfg),
};

export const virtioStackType: DeviceType<StackConfig> = {
  type: 'virtio-stack',
  summary: "A computer's network stack above a virtio-net interface: sends scripted frames, takes delivered ones.",
  readConfig: (r, issues) => readStackConfig(r, issues),
  ports: () => ['eth0'],
  create: (id, cfg) => new Stack(id, cfg),
  commands: stackCommands,
};

export const virtioDeviceTypes = [
  virtioBackplaneType,
  virtioBoardsType,
  virtioBounceType,
  virtioDmaDriverType,
  virtioStackType,
];
