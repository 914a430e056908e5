// The VEPA lab's scenario files (src/scenarios/vepa/*.json, each its own lazy chunk),
// their titles, and the pairs and triples the side-by-side view compares.
import type { LabScenario } from '../lab-contract';
import { labScenarios, type ScenarioTitles } from '../lab-scenarios';

const files = import.meta.glob('/src/scenarios/vepa/*.json', { import: 'default' });

const TITLES: ScenarioTitles = {
  'vepa-hairpin-on': [
    'Ping under VEPA, hairpin on',
    'gA pings gB; both are VEPA macvlans, so every frame goes out to the switch, which reflects it back.',
  ],
  'vepa-hairpin-off': [
    'Ping under VEPA, hairpin off',
    'Same ping, but the switch port has no reflective relay: the ARP broadcast never comes back and the ping fails.',
  ],
  'vepa-bridge-mode': [
    'Ping in macvlan bridge mode',
    'Same ping with bridge-mode macvlans: the host switches it internally and the wire stays silent.',
  ],
  'vepa-acl-deny': [
    'Ping blocked by a switch ACL',
    'VEPA with hairpin, plus an ACL on the switch port that denies ICMP from gA to gB.',
  ],
  'vepa-private-mode': [
    'Ping between private-mode macvlans',
    'Hairpin on, but the macvlans are private: the reflected ARP goes back to its sender only, so the ping fails.',
  ],
  'vepa-broadcast': [
    'Broadcast and the sender-copy rule',
    "gA broadcasts an ARP request; the switch floods it back out the ingress port and the host filters gA's own copy.",
  ],
  'vepa-schannels': [
    'S-channels: two virtual ports on one wire',
    'An EVB station asks for S-channels with CDCP; guests on different channels talk through the switch without hairpin.',
  ],
  'vepa-stream-bridge': ['Stream cost: bridge mode', 'A UDP stream from gA to gB with bridge-mode macvlans.'],
  'vepa-stream-hairpin': ['Stream cost: VEPA, hairpin on', 'The same stream through the switch and back.'],
  'vepa-stream-nohairpin': [
    'Stream cost: VEPA, hairpin off',
    'The same stream: up the wire, then dropped at the switch.',
  ],
};

export const vepaScenarios: readonly LabScenario[] = labScenarios(files, TITLES);

export interface Comparison {
  readonly id: string;
  readonly title: string;
  readonly runs: readonly { scenario: string; label: string }[];
}

export const COMPARISONS: readonly Comparison[] = [
  {
    id: 'hairpin',
    title: 'Hairpin on vs off',
    runs: [
      { scenario: 'vepa-hairpin-on', label: 'hairpin on' },
      { scenario: 'vepa-hairpin-off', label: 'hairpin off' },
    ],
  },
  {
    id: 'mode',
    title: 'Bridge mode vs VEPA',
    runs: [
      { scenario: 'vepa-bridge-mode', label: 'macvlan bridge mode' },
      { scenario: 'vepa-hairpin-on', label: 'VEPA + hairpin' },
    ],
  },
  {
    id: 'private',
    title: 'VEPA vs private mode (both with hairpin)',
    runs: [
      { scenario: 'vepa-hairpin-on', label: 'VEPA' },
      { scenario: 'vepa-private-mode', label: 'private' },
    ],
  },
  {
    id: 'acl',
    title: 'ACL allow vs deny',
    runs: [
      { scenario: 'vepa-hairpin-on', label: 'no ACL (allow)' },
      { scenario: 'vepa-acl-deny', label: 'ACL denies ICMP' },
    ],
  },
  {
    id: 'cost',
    title: 'Cost of a stream: bridge, VEPA + hairpin, VEPA without',
    runs: [
      { scenario: 'vepa-stream-bridge', label: 'bridge mode' },
      { scenario: 'vepa-stream-hairpin', label: 'VEPA + hairpin' },
      { scenario: 'vepa-stream-nohairpin', label: 'VEPA, no hairpin' },
    ],
  },
];

export function scenarioLoader(id: string): (() => Promise<unknown>) | undefined {
  return vepaScenarios.find((s) => s.id === id)?.load;
}
