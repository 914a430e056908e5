// The `virtio-backplane` node's configuration, with defaults that reproduce the fact
// sheet's common set-up S0 (virtio-backplane.md section 6): N = 8, legacy layout (align
// 4096), 64-byte lines, legacy host driver without MRG_RXBUF (10-byte header, correction
// W1), agent-side local driver with the 12-byte header, outbound window 0x8000_0000 ->
// host 0x0000_0000, host TX ring at 0x0010_0000 and RX ring at 0x0010_2000.
import type { Reader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { readBreaks, type Breaks } from './breaks';
import { readCosts, type Costs } from './costs';
import type { LayoutKind } from './layout';
import { BAD_TX_CHAIN_POLICIES, type BadTxChainPolicy } from './bad-chain';

export interface BackplaneConfig {
  readonly queueSize: number;
  /** split rings, or packed (VIRTIO_F_RING_PACKED, bit 34: needs VERSION_1) on every queue. */
  readonly ringFormat: 'split' | 'packed';
  readonly ringLayout: LayoutKind;
  readonly lineSize: number;
  readonly coherent: boolean;
  readonly eventIdx: boolean;
  readonly indirect: boolean;
  readonly mrgRxbuf: boolean;
  /** VIRTIO_F_ANY_LAYOUT (27): the host pushes the header in front of the frame, one descriptor. */
  readonly anyLayout: boolean;
  /** VIRTIO_F_VERSION_1 (32): 12-byte header always, and any layout. */
  readonly version1: boolean;
  /** Size of each host receive buffer when MRG_RXBUF is on (Linux sizes them by an EWMA; a fixed size here). */
  readonly hostRxBufLen: number | 'linux';
  readonly agentWindow: 'cached' | 'uncached';
  readonly windowBase: number;
  /** Host address of the TX buffers (RX buffers 2 MiB above). Above the window, the agent must move it. */
  readonly hostBuffersAt: number;
  /** 0: the agent wakes on the doorbell; > 0: it busy-polls the host TX ring this often (pci-epf-vnet polls). */
  readonly agentPollNs: number;
  /** Frames handed to the driver within this time form one xmit_more burst (one kick). */
  readonly batchWindowNs: number;
  readonly txStopThreshold: number | undefined;
  /** Start all indexes here instead of 0 (to watch the 16-bit wrap in a short run). */
  readonly initialIndex: number;
  /** The host's virtio-net runs NAPI with Linux's callback control (napi.ts, callbacks.ts). */
  readonly hostNapi: boolean;
  /** NAPI poll weight (NAPI_POLL_WEIGHT = 64). */
  readonly napiBudget: number;
  /** auto: the agent's engine serves every kick; script: only the scenario's vq-take / vq-complete move it. */
  readonly agentEngine: 'auto' | 'script';
  /** What the agent does with a TX chain too short for the header (bad-chain.ts). */
  readonly badTxChain: BadTxChainPolicy;
  readonly costs: Costs;
  readonly breaks: Breaks;
}

const KEYS = [
  'queueSize',
  'ringFormat',
  'ringLayout',
  'lineSize',
  'coherent',
  'eventIdx',
  'indirect',
  'mrgRxbuf',
  'anyLayout',
  'version1',
  'hostRxBufLen',
  'agentWindow',
  'windowBase',
  'hostBuffersAt',
  'agentPollNs',
  'batchWindowNs',
  'txStopThreshold',
  'initialIndex',
  'hostNapi',
  'napiBudget',
  'agentEngine',
  'badTxChain',
  'costs',
  'breaks',
];

export function readBackplaneConfig(r: Reader, issues: IssueList): BackplaneConfig | undefined {
  if (!r.object()) return undefined;
  r.onlyKeys(KEYS);
  const queueSize = r.at('queueSize').number({ default: 8, integer: true, min: 2, max: 1024 });
  const ringFormat = r.at('ringFormat').string({ default: 'split', oneOf: ['split', 'packed'] }) as
    'split' | 'packed' | undefined;
  if (ringFormat === 'packed') checkPacked(r, issues);
  else if (queueSize !== undefined && (queueSize & (queueSize - 1)) !== 0)
    issues.add(
      r.at('queueSize').path,
      `${queueSize} is not a power of 2`,
      'split virtqueue sizes are powers of 2 (spec 2.7)',
    );
  const ringLayout = r.at('ringLayout').string({ default: 'legacy', oneOf: ['legacy', 'modern', 'spec-min'] }) as
    LayoutKind | undefined;
  const lineSize = r.at('lineSize').number({ default: 64, integer: true, min: 16, max: 256 });
  if (lineSize !== undefined && (lineSize & (lineSize - 1)) !== 0)
    issues.add(r.at('lineSize').path, `${lineSize} is not a power of 2`);
  const windowBase = r.at('windowBase').number({ default: 0, integer: true, min: 0, max: 0xc000_0000 });
  if (windowBase !== undefined && windowBase % 0x10_0000 !== 0)
    issues.add(r.at('windowBase').path, 'the window base must be a multiple of 1 MiB');
  const agentPollNs = r.at('agentPollNs').duration({ default: 0 });
  const cfg = {
    queueSize,
    ringFormat,
    ringLayout,
    lineSize,
    coherent: r.at('coherent').boolean({ default: false }),
    eventIdx: r.at('eventIdx').boolean({ default: false }),
    indirect: r.at('indirect').boolean({ default: false }),
    mrgRxbuf: r.at('mrgRxbuf').boolean({ default: false }),
    anyLayout: r.at('anyLayout').boolean({ default: false }),
    version1: r.at('version1').boolean({ default: false }),
    hostRxBufLen: readRxBufLen(r, issues),
    agentWindow: r.at('agentWindow').string({ default: 'cached', oneOf: ['cached', 'uncached'] }) as
      'cached' | 'uncached' | undefined,
    windowBase,
    hostBuffersAt: r.at('hostBuffersAt').number({
      default: 0x0020_0000,
      integer: true,
      min: 0x0020_0000,
      max: 0xefc0_0000,
      hint: 'a host address for the buffers, e.g. 1342177280 (0x5000_0000)',
    }),
    agentPollNs,
    batchWindowNs: r.at('batchWindowNs').duration({ default: 100 }),
    initialIndex: r.at('initialIndex').number({ default: 0, integer: true, min: 0, max: 0xffff }),
    txStopThreshold: r.has('txStopThreshold') ? r.at('txStopThreshold').number({ integer: true, min: 1 }) : undefined,
    hostNapi: r.at('hostNapi').boolean({ default: false }),
    napiBudget: r.at('napiBudget').number({ default: 64, integer: true, min: 1, max: 1024 }),
    agentEngine: r.at('agentEngine').string({ default: 'auto', oneOf: ['auto', 'script'] }) as
      'auto' | 'script' | undefined,
    badTxChain: r.at('badTxChain').string({ default: 'complete-zero', oneOf: BAD_TX_CHAIN_POLICIES }) as
      BadTxChainPolicy | undefined,
    costs: readCosts(r),
    breaks: readBreaks(r),
  };
  for (const [k, v] of Object.entries(cfg)) if (v === undefined && k !== 'txStopThreshold') return undefined;
  return cfg as BackplaneConfig;
}

/**
 * VIRTIO_F_RING_PACKED is feature bit 34: the legacy transport's feature word holds bits 0-31
 * only (vp_legacy finalize: "We only support 32 feature bits"), so packed rings need VERSION_1.
 * The options that only mean something for split rings' 16-bit indexes and separate areas are
 * refused rather than ignored.
 */
function checkPacked(r: Reader, issues: IssueList): void {
  if (r.at('version1').value !== true)
    issues.add(
      r.at('ringFormat').path,
      'packed rings need "version1": true',
      'VIRTIO_F_RING_PACKED is feature bit 34 and the legacy transport negotiates bits 0-31 only',
    );
  if (r.has('ringLayout'))
    issues.add(
      r.at('ringLayout').path,
      "ringLayout places the split ring's three areas; a packed ring has its own placement",
      'remove it',
    );
  const idx = r.at('initialIndex').value;
  if (idx !== undefined && idx !== 0)
    issues.add(
      r.at('initialIndex').path,
      "initialIndex presets the split ring's 16-bit indexes; a packed ring has none",
      'remove it',
    );
}

/**
 * A fixed size (64 to 4096 bytes: a page, the most Linux's mergeable sizing ever posts) or
 * "linux" for get_mergeable_buf_len (mergeable-sizing.ts). Buffers sit in 2 KiB slots, or 4 KiB
 * slots once they can be bigger, so the ring's slots must fit below BAR0.
 */
function readRxBufLen(r: Reader, issues: IssueList): number | 'linux' | undefined {
  const at = r.at('hostRxBufLen');
  const v =
    typeof at.value === 'string'
      ? (at.string({ oneOf: ['linux'], hint: 'a size in bytes, or "linux" for get_mergeable_buf_len' }) as
          'linux' | undefined)
      : at.number({ default: 1526, integer: true, min: 64, max: 4096 });
  const queueSize = r.at('queueSize').value;
  if (v !== undefined && typeof queueSize === 'number' && rxSlot(v) * queueSize > 0x20_0000)
    issues.add(
      at.path,
      `${queueSize} receive slots of ${rxSlot(v)} bytes do not fit the 2 MiB receive area`,
      'use a smaller ring or buffer',
    );
  return v;
}

/** The receive buffer slot for a buffer size (net-driver.ts): 2 KiB, or 4 KiB above that. */
export const rxSlot = (len: number | 'linux'): number => (len === 'linux' || len > 0x800 ? 0x1000 : 0x800);
