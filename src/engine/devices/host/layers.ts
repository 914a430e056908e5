// A plain Linux host's stack as the layer stage draws it: the application or socket, the
// IP/ARP layer (arp_process, arp_solicit, neighbour timers), the netdev that sends raw
// frames, and the wire. Sources are the ones host.ts and receive.ts record.
import { all, any, kindIs, layerIs, sourceHas, wireSlot, type StackDecl } from '../stack/layers';
import * as say from './words';

export const hostStack: StackDecl = {
  types: ['host'],
  slots: [
    {
      id: 'app',
      label: 'application · socket',
      match: any(layerIs('L4'), all(kindIs('command'), sourceHas('scenario traffic'))),
    },
    { id: 'ip', label: 'IP · ARP (neighbour)', match: layerIs('L3') },
    { id: 'dev', label: 'netdev (dev_queue_xmit)', match: layerIs('L2') },
    wireSlot('eth0 · wire'),
  ],
  catchAll: { slot: 'ip', why: say.hostDeviceStateRecords() },
};
