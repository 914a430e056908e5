// A guest's port-profile parameters as libvirt holds them (<virtualport type='802.1Qbg'>
// managerid, typeid, typeidversion, instanceid; for 802.1Qbh the profileid), plus its
// MAC/VLAN and IP for the traffic it sends.
import { formatMac } from '../../frame/address';
import { VDP22, VSIID_FORMAT, FIF } from './codec/constants';
import { encodeVdp22Payload, managerIdFromByte, type Vdp22Vsi } from './codec/vdp22-tlv';
import { parseUuid } from './codec/vsiid';
import type { IpAddress } from '../../frame/address';

export interface GuestSpec {
  name: string;
  mac: Uint8Array;
  /** VLAN the macvtap's lower device chain gives; 0 when none (libvirt always sends IFLA_VF_VLAN). */
  vlan: number;
  ip: IpAddress;
  managerId: number;
  typeId: number;
  typeVersion: number;
  uuid: string;
  /** 802.1Qbh port profile name (enic path). */
  profile?: string;
}

export const guestMac = (g: GuestSpec): string => formatMac(g.mac);

/** The VSI as VDP-2012 carries it for this guest: VSIID format 5 (UUID), fif 2 (MAC/VID). */
export function guestVsi22(g: GuestSpec, mode: number, status: number): Vdp22Vsi {
  return {
    mode,
    status,
    typeId: g.typeId,
    typeVersion: g.typeVersion,
    vsiidFormat: VSIID_FORMAT.UUID,
    vsiid: parseUuid(g.uuid),
    fif: FIF.MACVID,
    entries: [{ ps: 0, pcp: 0, vid: g.vlan, mac: g.mac }],
  };
}

export const guestPayload22 = (g: GuestSpec, mode: number, status: number): Uint8Array =>
  encodeVdp22Payload({ managerId: managerIdFromByte(g.managerId), vsi: guestVsi22(g, mode, status), org: [] });

/** lldpad check_vid / filter_ok: VID 0 (wildcard) or 2..4094; VID 1 is rejected. */
export function checkFilter(g: GuestSpec): string | undefined {
  if (g.vlan !== 0 && (g.vlan < 2 || g.vlan > 4094))
    return `VLAN ${g.vlan} is not 0 or 2..4094 (lldpad check_vid rejects VID 1)`;
  if ((g.mac[0] & 1) === 1 || g.mac.every((b) => b === 0)) return `MAC ${guestMac(g)} is not a valid unicast address`;
  return undefined;
}

export const modeName22 = (m: number): string =>
  ({
    [VDP22.PREASSOC]: 'PREASSOC',
    [VDP22.PREASSOC_RR]: 'PREASSOC_RR',
    [VDP22.ASSOC]: 'ASSOC',
    [VDP22.DEASSOC]: 'DEASSOC',
  })[m] ?? `mode ${m}`;
