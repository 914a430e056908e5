// The VDP lab: how a hypervisor, its NIC and the adjacent switch agree on a guest's port
// profile (IEEE 802.1Qbg VDP over ECP, 2012 and the pre-standard 0.2; 802.1Qbh via enic).
// Its scenarios are the JSON files in src/scenarios/vdp/ (each its own lazy chunk).
import type { LabDefinition } from '../lab-contract';
import { labScenarios, type ScenarioTitles } from '../lab-scenarios';

const files = import.meta.glob('/src/scenarios/vdp/*.json', { import: 'default' });

const TITLES: ScenarioTitles = {
  associate: [
    'Associate: the happy path',
    'libvirt → rtnetlink → lldpad → VDP ASSOC over ECP → the switch installs the policy → libvirt polls success; a keep-alive 10.49 s later.',
  ],
  'frame-loss': [
    'When frames get lost',
    'ECP retransmits with the same sequence number, gives up after 4 sends; libvirt times out at 10 s, VDP at 15.76 s; the switch ages the guest out.',
  ],
  migration: [
    'Migrating a guest',
    'PREASSOCIATE on the destination, ASSOCIATE at switch-over, DISASSOCIATE on the source: the policy moves from p1 to p2.',
  ],
  'bridge-deassociate': [
    'The switch de-associates; a guest shuts down',
    'An unsolicited DEASSOC, lldpad notifies libvirt, the re-associate is refused; a normal shutdown.',
  ],
  'keep-error': [
    'A KEEP answer to a keep-alive (lldpad bridge)',
    'Status 0x63 on a keep-alive makes the station de-associate (TXMIT_DEASSOC).',
  ],
  'qbh-enic': [
    'Port profiles: lldpad or the NIC firmware?',
    '802.1Qbg (VDP frames from the host) beside 802.1Qbh (enic firmware, a labelled stand-in frame).',
  ],
  'vdp02-associate': [
    'VDP 0.2 (the 2010 pre-standard)',
    'ECP 0.2 on 0x88B7 with OUI 00-1B-3F, response codes 0-6, 500 ms / 3 s / 10 s timers.',
  ],
  'vdp02-bridge-deassociate': [
    'VDP 0.2: the switch de-associates, lldpad sleeps 1 s',
    "vdp_trigger's sleep(1): no ECP ACK, frame or netlink for a second, the switch retransmits; then the notification, the profile delete, the late ACK.",
  ],
  'vdp02-lldpad-stub': [
    "VDP 0.2 against lldpad's bridge stub",
    'The stub never answers: the 3 s VDP ackTimer deletes the profile silently and libvirt cannot find its netlink response.',
  ],
  'define-to-traffic': [
    'From define to traffic',
    'libvirt starts a guest over a lossy link: ECP retries, the polls, the first frame at 125 ms (lesson vdp-05).',
  ],
  'stale-poll': [
    'A stale first poll',
    "A migration's ASSOCIATE reads the PREASSOC's old status 0 and succeeds at once; the switch refuses; lldpad's unsolicited DISASSOCIATE; libvirt re-sends unpolled (lesson vdp-07).",
  ],
  'evb-exchange': [
    'The EVB TLV exchange',
    "EVB TLVs over LLDP: -ENXIO before lldpad's first LLDP tick, -EPROTONOSUPPORT before the switch's TLV; then VDP22 takes the larger exponents.",
  ],
  'vdp-per-schannel': [
    'VDP on two S-channels',
    'CDCP gives host B SCID 2 (S-VID 10); the switch port runs VDP per channel: separate ECP sequences and VSI tables, S-tagged VDP.',
  ],
  'who-speaks-vdp': [
    'Who speaks VDP',
    'lldpad on one host, the enic firmware on another, a guest set up but never registered (lesson vdp-06).',
  ],
};

export const vdpLab: LabDefinition = {
  id: 'vdp',
  title: 'VDP and ECP: agreeing on a guest port profile (802.1Qbg)',
  summary:
    'A hypervisor asks the adjacent switch, over VDP carried by ECP, to associate each guest with a VSI type; the switch applies that type policy to the guest MAC/VLAN and drops traffic from guests it does not know.',
  scenarios: labScenarios(files, TITLES),
  view: () => import('./VdpView.svelte'),
};
