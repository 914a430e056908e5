// The macvlan lab's scenario files (src/scenarios/macvlan/*.json, each its own lazy
// chunk) with titles, in teaching order.
import type { LabScenario } from '../lab-contract';
import { labScenarios, type ScenarioTitles } from '../lab-scenarios';

const files = import.meta.glob('/src/scenarios/macvlan/*.json', { import: 'default' });

const TITLES: ScenarioTitles = {
  'demux-by-mac': [
    'Demux by MAC',
    'A ping from outside: the ARP broadcast is copied to every macvlan, the echo is found by hashing its destination MAC.',
  ],
  'hash-2009': ['Hash table, 2009 hash', 'Bucket = last MAC byte: two macvlans ending in 0a share a chain.'],
  'hash-current': ["Hash table, today's hash", 'The same MACs with hash_64 (v4.7+): different buckets.'],
  'five-modes-private': ['Five modes: PRIVATE', 'The same two ARP broadcasts with every macvlan PRIVATE.'],
  'five-modes-vepa': ['Five modes: VEPA', 'The same two ARP broadcasts with every macvlan VEPA.'],
  'five-modes-bridge': ['Five modes: BRIDGE', 'The same two ARP broadcasts with every macvlan BRIDGE.'],
  'five-modes-passthru': ['Five modes: PASSTHRU', 'One passthru macvlan owns the NIC.'],
  'five-modes-source': ['Five modes: SOURCE', "Macvlans that receive by the sender's MAC."],
  'then-2009': [
    'Then: the 2009 macvlan (2.6.33)',
    'PRIVATE, VEPA and BRIDGE senders broadcast on the first kernel with modes.',
  ],
  'then-now': ['Now: the same frames today', "The same three broadcasts on today's kernel."],
  'bridge-local': [
    'BRIDGE mode stays inside the host (S4)',
    'A pings B through dev_forward_skb; the wire stays silent.',
  ],
  'bcqueue-overflow': ['Broadcast queue overflow', 'bcqueuelen 4 and ten broadcasts in a row.'],
  'macvtap-fill': ['macvtap: a queue per guest', 'A slow VMM, a 500-frame ring, 700 frames.'],
  'macvtap-small-ring': ['macvtap: a small ring', 'The ring shrunk live to 8 slots, a slow VMM, a 20-frame burst.'],
  'macvtap-multiqueue': ['macvtap multiqueue', 'Four queues, four flows.'],
  'demux-software': ['Demux in software', 'Plain NIC, three macvlans.'],
  'demux-l2fwd': ['Demux in NIC queues', 'L2 forwarding offload: one hardware station per macvlan.'],
  'demux-sriov-legacy': [
    'Demux in the eswitch (legacy)',
    'Three VFs (no SFs in legacy mode); the NIC replicates broadcasts.',
  ],
  'demux-sriov-switchdev': [
    'Demux via representors (switchdev)',
    'VFs and a devlink subfunction: slow path through the host, then offloaded flows.',
  ],
  'queues-or-representors': [
    'Queues per MAC or representors',
    'macvlan offload stations against a switchdev NIC with a VF and two SFs, host CPU counted (lesson macvlan-05).',
  ],
  'macvtap-at-first': [
    'macvtap at first: no limit',
    "The 2.6.34 macvtap beside today's, a UDP flood faster than the reader (lesson macvlan-06).",
  ],
  'sriov-hwmode-vepa': [
    'SR-IOV hardware VEPA mode',
    "hwmode vepa: a VF-to-VF ping goes out the uplink and comes back only by the switch's hairpin.",
  ],
  'sriov-spoofchk': [
    'SR-IOV VF spoof check',
    "A guest forges another's MAC: the eswitch drops it where spoofchk is on.",
  ],
  'sriov-vepa-spoofchk': [
    'SR-IOV: VEPA and spoof check together',
    'hwmode vepa and spoofchk on one NIC: a VF-to-VF ping by the hairpin, then two forgeries (lesson macvlan-07).',
  ],
};

export const macvlanScenarios: readonly LabScenario[] = labScenarios(files, TITLES);

export function scenarioLoader(id: string): (() => Promise<unknown>) | undefined {
  return macvlanScenarios.find((s) => s.id === id)?.load;
}
