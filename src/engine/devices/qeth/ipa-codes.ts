import * as say from './words'; // The numbers the qeth driver and the OSA card exchange, with the names and message
// texts the Linux driver uses, so every step in the trace can quote them:
// `enum qeth_ipa_cmds`, `enum qeth_ipa_return_codes` and `qeth_ipa_rc_msg`
// (drivers/s390/net/qeth_core_mpc.h / qeth_core_mpc.c), `enum qeth_routing_types`,
// the SETIP/DELIP flags, the layer-3 qeth_hdr cast flags (qeth_core.h) and the
// access-control (isolation) return codes of SETADAPTERPARMS.
import { errnoValue } from '../../scenario/errno';

export const IPA_CMD = {
  STARTLAN: 0x01,
  STOPLAN: 0x02,
  SETVMAC: 0x21,
  DELVMAC: 0x22,
  SETIP: 0xb1,
  SETASSPARMS: 0xb3,
  SETIPM: 0xb4,
  DELIPM: 0xb5,
  SETRTG: 0xb6,
  DELIP: 0xb7,
  SETADAPTERPARMS: 0xb8,
} as const;

export type IpaCmdName = keyof typeof IPA_CMD;

export const ipaCmdName = (code: number): string =>
  Object.entries(IPA_CMD).find(([, v]) => v === code)?.[0] ?? `0x${code.toString(16)}`;

export interface ReturnCode {
  readonly code: number;
  readonly name: string;
  /** The text of `qeth_ipa_rc_msg` (what the driver logs). */
  readonly text: string;
}

const rc = (code: number, name: string, text: string): ReturnCode => ({ code, name, text });

/** Return codes the emulated card gives, with the Linux names and message texts. */
export const RC = {
  SUCCESS: rc(0x0000, 'IPA_RC_SUCCESS', 'success'),
  DUP_IPV6_HOME: rc(0x0010, 'IPA_RC_DUP_IPV6_HOME', say.ipv6AddressAlreadyRegistered()),
  UNREGISTERED_ADDR: rc(0x0011, 'IPA_RC_UNREGISTERED_ADDR', 'Address not registered'),
  DUPLICATE_IP_ADDRESS: rc(0xe005, 'IPA_RC_DUPLICATE_IP_ADDRESS', 'Address already registered'),
  IP_ADDR_TABLE_FULL: rc(0xe006, 'IPA_RC_IP_ADDR_TABLE_FULL', 'IP address table full'),
  IP_ADDR_ALREADY_USED: rc(0xe00a, 'IPA_RC_IP_ADDR_ALREADY_USED', say.ipAddressAlreadyUse()),
  MC_ADDR_NOT_FOUND: rc(0xe00b, 'IPA_RC_MC_ADDR_NOT_FOUND', 'Multicast address not found'),
  PRIMARY_ALREADY_DEFINED: rc(0xe010, 'IPA_RC_PRIMARY_ALREADY_DEFINED', 'Primary already defined'),
  /** The same code answering DELIP: the enum gives 0xe010 a second name (qeth_core_mpc.h). */
  IP_ADDRESS_NOT_DEFINED: rc(0xe010, 'IPA_RC_IP_ADDRESS_NOT_DEFINED', 'Primary already defined'),
  SECOND_ALREADY_DEFINED: rc(0xe011, 'IPA_RC_SECOND_ALREADY_DEFINED', 'Secondary already defined'),
  INVALID_SETRTG_INDICATOR: rc(0xe012, 'IPA_RC_INVALID_SETRTG_INDICATOR', 'Invalid SETRTG indicator'),
  MC_ADDR_ALREADY_DEFINED: rc(0xe013, 'IPA_RC_MC_ADDR_ALREADY_DEFINED', say.multicastAddressAlreadyDefined()),
  LAN_OFFLINE: rc(0xe080, 'IPA_RC_LAN_OFFLINE', say.strtlanLanDisabledLan()),
  L2_DUP_MAC: rc(0x2005, 'IPA_RC_L2_DUP_MAC', 'Duplicate MAC address'),
  L2_ADDR_TABLE_FULL: rc(0x2006, 'IPA_RC_L2_ADDR_TABLE_FULL', 'Layer2 address table full'),
  // SETADAPTERPARMS access control (isolation), enum qeth_ipa_set_access_mode_rc.
  ACCESS_NOT_SUPPORTED: rc(0x0004, 'SET_ACCESS_CTRL_RC_NOT_SUPPORTED', say.adapterSupportQdioData()),
  REFLREL_UNSUPPORTED: rc(0x0022, 'SET_ACCESS_CTRL_RC_REFLREL_UNSUPPORTED', say.adjacentSwitchPortSupport()),
} as const;

export type RcName = keyof typeof RC;

export function rcByCode(code: number): ReturnCode {
  return Object.values(RC).find((r) => r.code === code) ?? rc(code, `0x${code.toString(16)}`, 'unknown return code');
}

/** The return code as named for the command it answers (0xe010 has two names). */
export function rcFor(cmd: number, code: number): ReturnCode {
  if (code === 0xe010 && cmd === IPA_CMD.DELIP) return RC.IP_ADDRESS_NOT_DEFINED;
  return rcByCode(code);
}

export const hexRc = (code: number): string => `0x${code.toString(16).padStart(4, '0')}`;

/** `qeth_l3_setdelip_cb`: how the driver turns the card's SETIP/DELIP/SETIPM reply into an errno. */
export function setdelipErrno(code: number): '0' | '-EADDRINUSE' | '-ENOENT' | '-ENETDOWN' | '-EIO' {
  if (code === RC.SUCCESS.code) return '0';
  if (code === RC.DUPLICATE_IP_ADDRESS.code) return '-EADDRINUSE';
  if (code === RC.MC_ADDR_NOT_FOUND.code) return '-ENOENT';
  if (code === RC.LAN_OFFLINE.code) return '-ENETDOWN';
  return '-EIO';
}

/** `qeth_send_ipa_cmd_cb`: a command sent without its own reply callback (SETRTG) returns -EIO on any code. */
export const ipaCmdErrno = (code: number): number => (code === RC.SUCCESS.code ? 0 : errno('-EIO'));

/**
 * `qeth_setadpparms_set_access_ctrl_cb` (current driver): what `echo <mode> > isolation`
 * returns; qeth_dev_isolation_store keeps the old mode on any error.
 */
export function accessCtrlErrno(code: number): number {
  if (code === RC.SUCCESS.code) return 0;
  if (code === RC.ACCESS_NOT_SUPPORTED.code || code === RC.REFLREL_UNSUPPORTED.code) return errno('-EOPNOTSUPP');
  return errno('-EIO');
}

const errno = (name: string): number => errnoValue(name) ?? -1;

/** `enum qeth_routing_types` (qeth_core_mpc.h), sent as the one-byte setrtg.type. */
export const ROUTING = {
  no_router: 0,
  primary_router: 1,
  secondary_router: 2,
  multicast_router: 3,
  primary_connector: 4,
  secondary_connector: 5,
} as const;

export type RoutingRole = keyof typeof ROUTING;
export const ROUTING_ROLES = Object.keys(ROUTING) as RoutingRole[];
export const routingName = (t: number): RoutingRole | undefined => ROUTING_ROLES.find((r) => ROUTING[r] === t);

/** How sysfs route4/route6 read back (qeth_l3_sys.c). */
export const ROUTING_SYSFS: Record<RoutingRole, string> = {
  no_router: 'no',
  primary_router: 'primary router',
  secondary_router: 'secondary router',
  multicast_router: 'multicast router',
  primary_connector: 'primary connector',
  secondary_connector: 'secondary connector',
};

/** `enum qeth_ipa_setdelip_flags`. */
export const SETIP_FLAG = {
  DEFAULT: 0x00,
  VIPA: 0x01, // "no grat. ARP"
  TAKEOVER: 0x02, // "nofail on grat. ARP"
  DELIP_VIPA: 0x40,
} as const;

/** Layer-3 qeth_hdr flags (qeth_core.h). */
export const QETH_HDR = {
  TYPE_LAYER3: 0x01,
  TYPE_LAYER2: 0x02,
  PASSTHRU: 0x10,
  IPV6: 0x80,
  CAST_UNICAST: 0x06,
  CAST_MULTICAST: 0x04,
  CAST_BROADCAST: 0x05,
  EXT_SRC_MAC_ADDR: 0x08,
} as const;

/** sysfs `isolation` values and ISOLATION_MODE_* numbers (qeth_core_mpc.h). */
export const ISOLATION = { none: 0, forward: 1, drop: 2 } as const;
export type Isolation = keyof typeof ISOLATION;

/** The 6 bytes "FAKELL" the driver puts where it has no real MAC (qeth_l3_rebuild_skb, qeth_l3_neigh_setup_noarp). */
export const FAKELL = new Uint8Array([0x46, 0x41, 0x4b, 0x45, 0x4c, 0x4c]);

/** IEEE 802 Local Experimental EtherType 2: the lab's envelope for IPA commands on a guest's channel. */
export const ETH_P_LAB_IPA = 0x88b6;
