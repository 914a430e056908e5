// Numbers shared by the VDP/ECP codecs and machines, with where each comes from.
// Fact sheet §0, §1.1, §1.2, §2.1 (lldpad include/qbg_vdp22def.h, qbg_vdp.h, qbg_ecp22.h).

/** ECP-2012 EtherType (lldpad ETH_P_ECP22, Wireshark ETHERTYPE_ECP). */
export const ETH_P_ECP22 = 0x8940;
/** IEEE 802a OUI-extended EtherType that carries ECP 0.2 (lldpad ETH_P_ECP). */
export const ETH_P_ECP02 = 0x88b7;
/** Draft OUI of the pre-standard ECP/VDP 0.2 and its org TLV. */
export const OUI_QBG_DRAFT = [0x00, 0x1b, 0x3f] as const;

/** Nearest customer bridge: ECP/VDP-2012 requests and ACKs (lldpad data_from_vdp). */
export const NEAREST_CUSTOMER_BRIDGE = new Uint8Array([0x01, 0x80, 0xc2, 0x00, 0x00, 0x00]);
/** Nearest bridge: ECP/VDP 0.2 (lldpad ecp_build_ECPDU). */
export const NEAREST_BRIDGE = new Uint8Array([0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e]);

/** VDP-2012 TLV types: the type *is* the request mode (qbg_vdp22def.h enum vdp22_modes). */
export const VDP22 = { END: 0, PREASSOC: 1, PREASSOC_RR: 2, ASSOC: 3, DEASSOC: 4, MGRID: 5, ORG: 127 } as const;
export type Vdp22Mode = 1 | 2 | 3 | 4;
export const VDP22_MODE_NAMES: Record<number, string> = { 1: 'PREASSOC', 2: 'PREASSOC_RR', 3: 'ASSOC', 4: 'DEASSOC' };

/** VDP 0.2 mode octet = the netlink PORT_REQUEST_* value (qbg_vdp.h VDP_MODE_*). */
export const VDP02 = { PREASSOC: 0, PREASSOC_RR: 1, ASSOC: 2, DEASSOC: 3 } as const;
export type Vdp02Mode = 0 | 1 | 2 | 3;
export const VDP02_MODE_NAMES: Record<number, string> = { 0: 'PREASSOC', 1: 'PREASSOC_RR', 2: 'ASSOC', 3: 'DEASSOC' };

/** netlink IFLA_PORT_REQUEST values (include/uapi/linux/if_link.h). */
export const PORT_REQUEST = { PREASSOCIATE: 0, PREASSOCIATE_RR: 1, ASSOCIATE: 2, DISASSOCIATE: 3 } as const;
export const PORT_REQUEST_NAMES: Record<number, string> = {
  0: 'PREASSOCIATE',
  1: 'PREASSOCIATE_RR',
  2: 'ASSOCIATE',
  3: 'DISASSOCIATE',
};

/** VDP-2012 status octet bits (qbg_vdp22.h VDP22_RESBIT ... VDP22_STATUS_MASK). */
export const STATUS = { ACK: 0x40, KEEP: 0x20, HARD: 0x10, MIGFROM: 0x20, MIGTO: 0x10, ERROR: 0x0f } as const;

/** VDP-2012 error codes (enum vdp22_cmdresp; Wireshark vdp_response_error_type_vals). */
export const VDP22_ERRORS: Record<number, string> = {
  0: 'success',
  1: 'invalid format',
  2: 'insufficient resources',
  3: 'unable to contact VSI manager',
  4: 'other failure',
  5: 'invalid VID, GroupID or MAC address',
};

/** VDP 0.2 response octet (VDP_RESPONSE_*; PORT_VDP_RESPONSE_*). */
export const VDP02_RESPONSES: Record<number, string> = {
  0: 'success',
  1: 'invalid format',
  2: 'insufficient resources',
  3: 'unused VTID',
  4: 'VTID violation',
  5: 'VTID version violation',
  6: 'out of sync',
};

/** lldpad-internal "no response yet" (VDP_RESPONSE_NO_RESPONSE / VDP22 status 255). */
export const NO_RESPONSE = 255;

/** VSIID formats (VDP22_ID_*). */
export const VSIID_FORMAT = { IPV4: 1, IPV6: 2, MAC: 3, LOCAL: 4, UUID: 5 } as const;
export const VSIID_FORMAT_NAMES: Record<number, string> = { 1: 'IPv4', 2: 'IPv6', 3: 'MAC', 4: 'local', 5: 'UUID' };

/** Filter info formats and their entry sizes (vsi22_fdata_sz). */
export const FIF = { VID: 1, MACVID: 2, GROUPVID: 3, GROUPMACVID: 4 } as const;
export const FIF_NAMES: Record<number, string> = { 1: 'VID', 2: 'MAC/VID', 3: 'GroupID/VID', 4: 'GroupID/MAC/VID' };
export const FIF_ENTRY_SIZE: Record<number, number> = { 1: 2, 2: 8, 3: 6, 4: 12 };

export const hex2 = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;
