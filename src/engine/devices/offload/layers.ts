// An SR-IOV NIC: VFs and subfunctions (or their representors in switchdev mode) above
// the embedded switch that filters by MAC and VLAN, then the physical port.
import { sourceHas, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const sriovNicStack: StackDecl = {
  types: ['sriov-nic'],
  slots: [
    { id: 'fn', label: 'PF · VF · representor', match: sourceHas('PF netdev', 'representor') },
    { id: 'eswitch', label: 'eswitch filter', match: sourceHas('eswitch') },
    wireSlot('p0 · wire'),
  ],
  catchAll: { slot: 'eswitch', why: say.nicDeviceStateEswitch() },
};
