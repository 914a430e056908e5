// IBM System z OSA-Express card shared by several guests in qeth layer-3 mode (with
// layer 2 as the contrast). Follows the Linux qeth driver (drivers/s390/net/
// qeth_l3_main.c: qeth_l3_add_ip, qeth_l3_register_addr_entry, qeth_l3_setdelip_cb,
// qeth_l3_recover_ip, qeth_l3_correct_routing_type, qeth_l3_neigh_setup_noarp;
// qeth_core_main.c: qeth_l3_rebuild_skb) and IBM's documentation of shared OSA ports
// (OSA-Express port sharing, primary/secondary router, ARP offload, OSA reject codes -
// Layer 3, Isolating data connections). Two device types:
//   qeth-osa    the card: port `wire` to the LAN plus one port per guest DEVNO
//   qeth-guest  one guest's qeth device and the little IPv4 stack behind it
import type { DeviceType } from '../../sim/device';
import { OsaCard } from './osa';
import { readOsaConfig, osaCommands, type OsaConfig } from './osa-config';
import { QethGuest } from './guest';
import { readGuestConfig, guestCommands, type GuestConfig } from './guest-config';

export const qethOsaType: DeviceType<OsaConfig> = {
  type: 'qeth-osa',
  summary:
    'IBM OSA-Express port shared by guests (qeth layer 3): registration table, ARP offload, demultiplexing by IP, router roles, isolation.',
  readConfig: readOsaConfig,
  ports: (c) => ['wire', ...c.devnos],
  create: (id, c) => new OsaCard(id, c),
  commands: osaCommands,
};

export const qethGuestType: DeviceType<GuestConfig> = {
  type: 'qeth-guest',
  summary:
    'A Linux guest with a qeth device (layer 3 or 2) on a shared OSA port: registers its addresses, shows the fake Ethernet header.',
  readConfig: readGuestConfig,
  ports: () => ['osa'],
  create: (id, c) => new QethGuest(id, c),
  commands: guestCommands,
};

export const qethDeviceTypes = [qethOsaType, qethGuestType];
export { OsaCard, QethGuest };
