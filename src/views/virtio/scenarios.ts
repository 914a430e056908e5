// The virtio lab's scenario files (src/scenarios/virtio/*.json, each its own lazy chunk)
// and their titles, in teaching order: the healthy walks, the breaks, then throughput.
import type { LabScenario } from '../lab-contract';
import { labScenarios, type ScenarioTitles } from '../lab-scenarios';

const files = import.meta.glob('/src/scenarios/virtio/*.json', { import: 'default' });

const TITLES: ScenarioTitles = {
  'virtio-tx-one-frame': [
    'Host transmits one frame',
    "Follow one 1514-byte frame from the host driver's descriptors through the doorbell, the agent's DMA and the used ring to the interrupt.",
  ],
  'virtio-rx-two-frames': [
    'Host receives two frames',
    "Pre-posted receive buffers, the agent's DMA into host memory, one interrupt, LIFO refill.",
  ],
  'virtio-coherent': ['Same frame, caches off', 'Coherent mode for comparison: no clean, no invalidate.'],
  'virtio-wrap': [
    '16-bit wrap',
    'Every index starts at 0xFFFE: avail.idx goes 0xFFFF, 0x0000, 0x0001 through slots 6, 7, 0.',
  ],
  'virtio-window-move': [
    'Buffers above the window',
    "The host's buffers sit at 0x5000_0000: the agent re-points its 1 GiB outbound window for each DMA.",
  ],
  'virtio-event-idx': ['EVENT_IDX', "Kicks and interrupts only when an index crosses the other side's event index."],
  'virtio-lost-wakeup': [
    'Break: no clean of avail.idx',
    'The lost wakeup: a stale avail.idx, avail_event re-armed at 0, and no kick for the next frame.',
  ],
  'virtio-desc-before-index': [
    'Break: no clean of the descriptors',
    'The index is published before its descriptor: the agent reads zeros.',
  ],
  'virtio-no-barrier': [
    'Break: no virtio_wmb',
    'Coherent memory, polling agent: the write buffer publishes avail.idx first.',
  ],
  'virtio-stale-used': [
    'Break: no invalidate of used.idx',
    'A stale used index: interrupts with no work, TX fills up.',
  ],
  'virtio-agent-stale-cache': ['Break: agent trusts its cached window', "The lost wakeup from the agent's side."],
  'virtio-invalidate-only': [
    'Break: the agent never cleans',
    'Invalidate-only still stalls: the used entries stay in the agent cache and TX fills up.',
  ],
  'virtio-false-sharing': [
    'Break: avail and used share a line',
    'Spec-minimum layout: whole-line write-backs clobber the other side.',
  ],
  'virtio-short-tx-chain': [
    'Break: a TX chain shorter than its header',
    'vhost-net style: vq_err, the head is never returned, and the queue is wedged.',
  ],
  'virtio-scripted-interleaving': [
    'Scripted ring operations',
    'Add, kick, take and complete by hand: one kick for two chains, two completions, two interrupts.',
  ],
  'virtio-twenty-boards': [
    'Twenty boards',
    'Agent to agent through the host: the host bridge floods, then forwards; boards above 1 GiB move their window.',
  ],
  'virtio-packed-ring': [
    'Packed ring',
    'VIRTIO_F_RING_PACKED: one descriptor ring both sides write, flags and wrap counters instead of indexes.',
  ],
  'virtio-split-vs-packed': [
    'Split and packed side by side',
    'The same frames over two backplanes, one split, one packed: compare what each side writes (lesson virtio-06).',
  ],
  'virtio-batch-burst': [
    'A burst of 32 frames',
    'N = 256, EVENT_IDX: publish every frame, kick once, suppress interrupts.',
  ],
  'virtio-napi-burst': [
    'The burst with NAPI',
    "Linux's callback control: callbacks off while polling, re-armed three quarters ahead.",
  ],
  'virtio-bounce-64k': [
    'Contrast: bounce buffer, 64 KiB',
    'The custom driver: host PIO copies, one doorbell and one interrupt per packet.',
  ],
  'virtio-bounce-or-dma': [
    'Bounce buffer or DMA driver',
    "The bounce buffer and the thread's own DMA driver, 64 KiB each way (lesson virtio-05).",
  ],
};

export const virtioScenarios: readonly LabScenario[] = labScenarios(files, TITLES);
