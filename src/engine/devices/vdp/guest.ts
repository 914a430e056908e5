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
  /**
   * A VSI defined by vdptool rather than libvirt: its 16-octet manager ID (mgrid2), filter
   * format and, for formats 3 and 4, group ID; `qos` is the PCP vdptool's 16-bit VLAN value
   * carried above the VID. libvirt's VSIs are always manager ID byte + MAC/VID.
   */
  clif?: { mgrid2: Uint8Array; fif: number; groupId?: number; qos: number };
}

export const guestMac = (g: GuestSpec): string => formatMac(g.mac);

/** The guest's filter format: libvirt's MAC/VID (2), or what vdptool gave. */
export const guestFif = (g: GuestSpec): number => g.clif?.fif ?? FIF.MACVID;
const hasMac = (fif: number): boolean => fif === FIF.MACVID || fif === FIF.GROUPMACVID;
const hasGroup = (fif: number): boolean => fif === FIF.GROUPVID || fif === FIF.GROUPMACVID;

/** The VSI's 16-octet manager ID: libvirt's one byte (then zeros), or vdptool's mgrid2. */
export const guestMgrid = (g: GuestSpec): Uint8Array => g.clif?.mgrid2 ?? managerIdFromByte(g.managerId);

/** The VSI as VDP-2012 carries it for this guest: VSIID format 5 (UUID), one filter entry. */
export function guestVsi22(g: GuestSpec, mode: number, status: number): Vdp22Vsi {
  const fif = guestFif(g);
  return {
    mode,
    status,
    typeId: g.typeId,
    typeVersion: g.typeVersion,
    vsiidFormat: VSIID_FORMAT.UUID,
    vsiid: parseUuid(g.uuid),
    fif,
    entries: [
      {
        ps: 0,
        pcp: g.clif?.qos ?? 0,
        vid: g.vlan,
        ...(hasMac(fif) && { mac: g.mac }),
        ...(hasGroup(fif) && { groupId: g.clif?.groupId ?? 0 }),
      },
    ],
  };
}

export const guestPayload22 = (g: GuestSpec, mode: number, status: number): Uint8Array =>
  encodeVdp22Payload({ managerId: guestMgrid(g), vsi: guestVsi22(g, mode, status), org: [] });

/**
 * lldpad filter_ok (qbg/vdp22.c): check_vid (VID 0, the wildcard, or 2..4094: VID 1 is
 * rejected), check_mac for formats 2 and 4, and for formats 3 and 4 group IDs must have been
 * agreed (`gpid`: both sides' EVB TLVs set BGID and SGID, lldp_evb22.c) and the ID be non-zero.
 */
export function checkFilter(g: GuestSpec, gpid = false): string | undefined {
  const fif = guestFif(g);
  if (g.vlan !== 0 && (g.vlan < 2 || g.vlan > 4094))
    return `VLAN ${g.vlan} is not 0 or 2..4094 (lldpad check_vid rejects VID 1)`;
  if (hasMac(fif) && ((g.mac[0] & 1) === 1 || g.mac.every((b) => b === 0)))
    return `MAC ${guestMac(g)} is not a valid unicast address`;
  if (hasGroup(fif) && !gpid)
    return `filter format ${fif} carries a group ID, but group IDs were not agreed on this port (EVB BGID and SGID)`;
  if (hasGroup(fif) && !g.clif?.groupId) return `group ID 0 (check_group)`;
  return undefined;
}

/** vdp22_vsi_equal: the same manager ID, type, version, VSIID format, UUID and filter format. */
export function sameVsi(a: GuestSpec, b: GuestSpec): boolean {
  const ma = guestMgrid(a);
  const mb = guestMgrid(b);
  return (
    ma.every((x, i) => x === mb[i]) &&
    a.typeId === b.typeId &&
    a.typeVersion === b.typeVersion &&
    a.uuid.toLowerCase() === b.uuid.toLowerCase() &&
    guestFif(a) === guestFif(b)
  );
}

export const modeName22 = (m: number): string =>
  ({
    [VDP22.PREASSOC]: 'PREASSOC',
    [VDP22.PREASSOC_RR]: 'PREASSOC_RR',
    [VDP22.ASSOC]: 'ASSOC',
    [VDP22.DEASSOC]: 'DEASSOC',
  })[m] ?? `mode ${m}`;
