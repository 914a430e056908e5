// A learning bridge or adjacent switch (net/bridge): the ingress port (S-VLAN port
// mapping, CDCP, port flags), FDB learning (br_fdb_update), the ACL or policy hook
// (nftables bridge forward chain in __br_forward), then forward, flood or hairpin
// (br_forward, br_flood, should_deliver with BR_HAIRPIN_MODE), then the ports.
import { any, sourceHas, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const bridgeStack: StackDecl = {
  types: ['bridge'],
  slots: [
    // The bridge device's own stack (local.ts): the local copy br_pass_frame_up hands up.
    { id: 'local', label: 'bridge device · local copy', match: sourceHas('br_pass_frame_up') },
    { id: 'port', label: 'ingress port · S-channel', match: sourceHas('802.1Qbg', 'br_setport') },
    { id: 'fdb', label: 'FDB (br_fdb_update)', match: sourceHas('br_fdb_update') },
    { id: 'acl', label: 'ACL · policy', match: sourceHas('switch port ACL') },
    {
      id: 'fwd',
      label: 'forward · flood · hairpin',
      match: any(sourceHas('br_forward', 'br_flood')),
    },
    wireSlot('ports · wire'),
  ],
  catchAll: { slot: 'port', why: say.bridgeDeviceStateScripted() },
};
