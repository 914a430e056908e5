// The VDP lab: how a hypervisor, its NIC and the adjacent switch agree on a guest's port
// profile (IEEE 802.1Qbg VDP over ECP, 2012 and the pre-standard 0.2; 802.1Qbh via enic).
// Its scenarios are the JSON files in src/scenarios/vdp/ (each its own lazy chunk).
import type { LabDefinition, LabScenario } from '../lab-contract';

const files = import.meta.glob('/src/scenarios/vdp/*.json', { import: 'default' });

const ORDER: Record<string, { title: string; summary: string }> = {
  associate: { title: 'Associate: the happy path', summary: 'libvirt → rtnetlink → lldpad → VDP ASSOC over ECP → the switch installs the policy → libvirt polls success; a keep-alive 10.49 s later.' },
  'frame-loss': { title: 'When frames get lost', summary: 'ECP retransmits with the same sequence number, gives up after 4 sends; libvirt times out at 10 s, VDP at 15.76 s; the switch ages the guest out.' },
  migration: { title: 'Migrating a guest', summary: 'PREASSOCIATE on the destination, ASSOCIATE at switch-over, DISASSOCIATE on the source: the policy moves from p1 to p2.' },
  'bridge-deassociate': { title: 'The switch de-associates; a guest shuts down', summary: 'An unsolicited DEASSOC, lldpad notifies libvirt, the re-associate is refused; a normal shutdown.' },
  'keep-error': { title: 'A KEEP answer to a keep-alive (lldpad bridge)', summary: 'Status 0x63 on a keep-alive makes the station de-associate (TXMIT_DEASSOC).' },
  'qbh-enic': { title: 'Port profiles: lldpad or the NIC firmware?', summary: '802.1Qbg (VDP frames from the host) beside 802.1Qbh (enic firmware, a labelled stand-in frame).' },
  'vdp02-associate': { title: 'VDP 0.2 (the 2010 pre-standard)', summary: 'ECP 0.2 on 0x88B7 with OUI 00-1B-3F, response codes 0-6, 500 ms / 3 s / 10 s timers.' },
  'vdp02-lldpad-stub': { title: "VDP 0.2 against lldpad's bridge stub", summary: 'The stub never answers: the 3 s VDP ackTimer deletes the profile silently and libvirt cannot find its netlink response.' },
};

export const vdpLab: LabDefinition = {
  id: 'vdp',
  title: 'VDP and ECP: agreeing on a guest port profile (802.1Qbg)',
  summary: 'A hypervisor asks the adjacent switch, over VDP carried by ECP, to associate each guest with a VSI type; the switch applies that type policy to the guest MAC/VLAN and drops traffic from guests it does not know.',
  scenarios: Object.entries(files)
    .map(([path, load]): LabScenario => {
      const id = path.split('/').pop()!.replace(/\.json$/, '');
      return { id, title: ORDER[id]?.title ?? id, summary: ORDER[id]?.summary ?? '', load };
    })
    .sort((a, b) => Object.keys(ORDER).indexOf(a.id) - Object.keys(ORDER).indexOf(b.id)),
  view: () => import('./VdpView.svelte'),
};
