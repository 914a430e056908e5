// The numbers the qeth driver and the OSA card exchange, with the names and message
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
  SETGMAC: 0x23,
  DELGMAC: 0x24,
  SETIP: 0xb1,
  SETASSPARMS: 0xb3,
  SETIPM: 0xb4,
  DELIPM: 0xb5,
  SETRTG: 0xb6,
  DELIP: 0xb7,
  SETADAPTERPARMS: 0xb8,
  CREATE_ADDR: 0xc3,
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
  DUP_IPV6_HOME: rc(0x0010, 'IPA_RC_DUP_IPV6_HOME', 'ipv6 address already registered'),
  UNREGISTERED_ADDR: rc(0x0011, 'IPA_RC_UNREGISTERED_ADDR', 'Address not registered'),
  DUPLICATE_IP_ADDRESS: rc(0xe005, 'IPA_RC_DUPLICATE_IP_ADDRESS', 'Address already registered'),
  IP_ADDR_TABLE_FULL: rc(0xe006, 'IPA_RC_IP_ADDR_TABLE_FULL', 'IP address table full'),
  IP_ADDR_ALREADY_USED: rc(0xe00a, 'IPA_RC_IP_ADDR_ALREADY_USED', 'IP address already in use on LAN'),
  MC_ADDR_NOT_FOUND: rc(0xe00b, 'IPA_RC_MC_ADDR_NOT_FOUND', 'Multicast address not found'),
  PRIMARY_ALREADY_DEFINED: rc(0xe010, 'IPA_RC_PRIMARY_ALREADY_DEFINED', 'Primary already defined'),
  /** The same code answering DELIP: the enum gives 0xe010 a second name (qeth_core_mpc.h). */
  IP_ADDRESS_NOT_DEFINED: rc(0xe010, 'IPA_RC_IP_ADDRESS_NOT_DEFINED', 'Primary already defined'),
  SECOND_ALREADY_DEFINED: rc(0xe011, 'IPA_RC_SECOND_ALREADY_DEFINED', 'Secondary already defined'),
  INVALID_SETRTG_INDICATOR: rc(0xe012, 'IPA_RC_INVALID_SETRTG_INDICATOR', 'Invalid SETRTG indicator'),
  MC_ADDR_ALREADY_DEFINED: rc(0xe013, 'IPA_RC_MC_ADDR_ALREADY_DEFINED', 'Multicast address already defined'),
  LAN_OFFLINE: rc(0xe080, 'IPA_RC_LAN_OFFLINE', 'STRTLAN_LAN_DISABLED - LAN offline'),
  VEPA_TO_VEB_TRANSITION: rc(0xe090, 'IPA_RC_VEPA_TO_VEB_TRANSITION', 'Adj. switch disabled port mode RR'),
  L2_DUP_MAC: rc(0x2005, 'IPA_RC_L2_DUP_MAC', 'Duplicate MAC address'),
  L2_ADDR_TABLE_FULL: rc(0x2006, 'IPA_RC_L2_ADDR_TABLE_FULL', 'Layer2 address table full'),
  // SETADAPTERPARMS access control (isolation), enum qeth_ipa_set_access_mode_rc.
  ACCESS_NOT_SUPPORTED: rc(
    0x0004,
    'SET_ACCESS_CTRL_RC_NOT_SUPPORTED',
    'Adapter does not support QDIO data connection isolation',
  ),
  REFLREL_UNSUPPORTED: rc(
    0x0022,
    'SET_ACCESS_CTRL_RC_REFLREL_UNSUPPORTED',
    'The adjacent switch port does not support reflective relay mode',
  ),
  REFLREL_FAILED: rc(
    0x0024,
    'SET_ACCESS_CTRL_RC_REFLREL_FAILED',
    // The driver's dev_err has no newline here; the text is the same.
    'The reflective relay mode cannot be enabled at the adjacent switch port',
  ),
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

/** One answer to SET_ACCESS_CONTROL as the driver treats it. */
export interface AccessCtrlRc {
  readonly code: number;
  /** `enum qeth_ipa_set_access_mode_rc` (qeth_core_mpc.h). */
  readonly name: string;
  /** What `qeth_setadpparms_set_access_ctrl_cb` returns for it. */
  readonly errno: '0' | '-EOPNOTSUPP' | '-EPERM' | '-EREMOTEIO' | '-EIO';
  /** The dev_err/dev_warn line it logs (dev_info for success; a debug-feature message only when undefined). */
  readonly message?: string;
}

const acc = (code: number, name: string, errno: AccessCtrlRc['errno'], message?: string): AccessCtrlRc => ({
  code,
  name,
  errno,
  ...(message !== undefined && { message }),
});

/**
 * The switch of `qeth_setadpparms_set_access_ctrl_cb` (drivers/s390/net/qeth_core_main.c,
 * as reworked in v5.9 by "s390/qeth: clean up error handling for isolation mode cmds"):
 * each return code of the SETADAPTERPARMS header gets its own errno, where before every
 * failure was -EIO (and -EOPNOTSUPP from qeth_set_access_ctrl_online).
 * 0x0010 is also IPA_RC_DUP_IPV6_HOME for SETIP, hence a table of its own.
 */
export const ACCESS_CTRL_RC: readonly AccessCtrlRc[] = [
  acc(0x0000, 'SET_ACCESS_CTRL_RC_SUCCESS', '0'),
  acc(0x0004, 'SET_ACCESS_CTRL_RC_NOT_SUPPORTED', '-EOPNOTSUPP', RC.ACCESS_NOT_SUPPORTED.text),
  acc(0x0008, 'SET_ACCESS_CTRL_RC_ALREADY_NOT_ISOLATED', '0'),
  acc(0x0010, 'SET_ACCESS_CTRL_RC_ALREADY_ISOLATED', '0'),
  acc(
    0x0014,
    'SET_ACCESS_CTRL_RC_NONE_SHARED_ADAPTER',
    '-EOPNOTSUPP',
    'Adapter is dedicated. QDIO data connection isolation not supported',
  ),
  acc(0x0018, 'SET_ACCESS_CTRL_RC_ACTIVE_CHECKSUM_OFF', '-EPERM', 'TSO does not permit QDIO data connection isolation'),
  acc(0x0022, 'SET_ACCESS_CTRL_RC_REFLREL_UNSUPPORTED', '-EOPNOTSUPP', RC.REFLREL_UNSUPPORTED.text),
  acc(0x0024, 'SET_ACCESS_CTRL_RC_REFLREL_FAILED', '-EREMOTEIO', RC.REFLREL_FAILED.text),
  // "benign error while disabling ISOLATION_MODE_FWD": the new mode is taken.
  acc(
    0x0028,
    'SET_ACCESS_CTRL_RC_REFLREL_DEACT_FAILED',
    '0',
    'Turning off reflective relay mode at the adjacent switch failed',
  ),
];

/** The callback's `default:` arm ("this should never happen" before v5.9): -EIO. */
export const accessCtrlRc = (code: number): AccessCtrlRc =>
  ACCESS_CTRL_RC.find((r) => r.code === code) ?? acc(code, `0x${code.toString(16)}`, '-EIO');

/**
 * What `echo <mode> > isolation` returns while the device is online: the callback's errno,
 * which qeth_dev_isolation_store hands back; only 0 stores the new mode (WRITE_ONCE).
 */
export const accessCtrlErrno = (code: number): number => errno(accessCtrlRc(code).errno);

/** IPA_SETADP_SET_ACCESS_CONTROL, repeated from ipa-frame.ts (which imports this file). */
const SETADP_ACCESS_CONTROL = 0x00010000;

/**
 * The errno the driver's reply callback makes of `code` for command `c`, when the lab models
 * that callback: qeth_l3_setdelip_cb (SETIP, DELIP, SETIPM, DELIPM), qeth_send_ipa_cmd_cb
 * (SETRTG and STOPLAN: any code is -EIO), qeth_setadpparms_set_access_ctrl_cb (access
 * control), qeth_send_startlan_cb ("if (cmd->hdr.return_code == IPA_RC_LAN_OFFLINE) return
 * -ENETDOWN; return (cmd->hdr.return_code) ? -EIO : 0;"), qeth_setassparms_cb ("if
 * (cmd->hdr.return_code) return -EIO;") and qeth_l2_setdelmac_makerc (SETVMAC, DELVMAC;
 * since 2020 a duplicate is -EADDRINUSE; the lab's card answers only its 0x2005 and 0x2006).
 */
export function ipaErrno(c: { readonly cmd: number; readonly sub?: number }, code: number): string | undefined {
  switch (c.cmd) {
    case IPA_CMD.SETIP:
    case IPA_CMD.DELIP:
    case IPA_CMD.SETIPM:
    case IPA_CMD.DELIPM:
      return setdelipErrno(code);
    case IPA_CMD.SETRTG:
    case IPA_CMD.STOPLAN:
    case IPA_CMD.SETASSPARMS:
      return code === RC.SUCCESS.code ? '0' : '-EIO';
    case IPA_CMD.STARTLAN:
      return code === RC.SUCCESS.code ? '0' : code === RC.LAN_OFFLINE.code ? '-ENETDOWN' : '-EIO';
    case IPA_CMD.SETVMAC:
    case IPA_CMD.DELVMAC:
      if (code === RC.SUCCESS.code) return '0';
      if (code === RC.L2_DUP_MAC.code) return '-EADDRINUSE';
      if (code === RC.L2_ADDR_TABLE_FULL.code) return '-ENOSPC';
      return '-EIO';
    case IPA_CMD.SETADAPTERPARMS:
      return c.sub === SETADP_ACCESS_CONTROL ? accessCtrlRc(code).errno : undefined;
    default:
      return undefined;
  }
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

/**
 * IEEE 802 Local Experimental EtherType 1: the lab's envelope for a qeth header and its packet
 * (qdio-element.ts); the VDP lab's VIC stand-in uses it too (dissectors.ts tells them apart).
 */
export const ETH_P_LAB_QDIO = 0x88b5;
