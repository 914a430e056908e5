// What lldpad's clif answers vdptool for a VDP-2012 set command (openlldp qbg/vdp22_cmds.c
// set_arg_vsi3 → get_vdp22_retval, ifok; include/lldpad_status.h cmd_status;
// include/qbg_vdp22_clif.h vdp22_cmd_status) and how vdptool prints it (vdptool.c
// print_status, print_vdp_status). ctrl_iface.c puts the status into the reply as two hex
// digits (`hexlist[(status & 0xf0) >> 4]`, `hexlist[status & 0x0f]`), so a raw negative errno
// returned as a status arrives as its low byte.

export const CMD_STATUS = {
  cmd_success: 0,
  cmd_failed: 1,
  cmd_device_not_found: 2,
  cmd_agent_not_found: 3,
  cmd_invalid: 4,
  cmd_bad_params: 5,
  cmd_peer_not_present: 6,
  cmd_ctrl_vers_not_compatible: 7,
  cmd_not_capable: 8,
  cmd_not_applicable: 9,
  cmd_no_access: 10,
  cmd_agent_not_supported: 11,
  // cmd_max_status = 12; VDP22's own codes follow it
  cmd_vdp_prot_no_support: 13,
  cmd_vdp_nomem: 14,
  cmd_vdp_busy: 15,
} as const;

const NAMES = Object.fromEntries(Object.entries(CMD_STATUS).map(([k, v]) => [v, k])) as Record<number, string>;

/** vdptool's words for a status (print_status; print_vdp_status for the VDP22 codes and anything else). */
const TEXT: Record<number, string> = {
  0: 'Successful',
  1: 'Failed',
  2: 'Device not found or inactive',
  3: 'Agent instance for device not found',
  4: 'Invalid command',
  5: 'Invalid parameters',
  6: 'Peer feature not present',
  7: 'Version not compatible',
  8: 'Device not capable',
  9: 'Command not applicable',
  10: 'Access denied',
  11: 'TLV does not support agent type',
  13: 'VDP protocol not supported on interface',
  14: 'Not enough memory',
  15: 'VSI association in progress',
};

/** get_vdp22_retval: vdp22_request's errno to a clif status. */
export function vdp22Retval(errno: number): number {
  switch (errno) {
    case 0:
      return CMD_STATUS.cmd_success;
    case -93: // -EPROTONOSUPPORT
      return CMD_STATUS.cmd_vdp_prot_no_support;
    case -95: // -EOPNOTSUPP
      return CMD_STATUS.cmd_not_capable;
    case -22: // -EINVAL
      return CMD_STATUS.cmd_bad_params;
    case -12: // -ENOMEM
      return CMD_STATUS.cmd_vdp_nomem;
    case -16: // -EBUSY
      return CMD_STATUS.cmd_vdp_busy;
    case -19: // -ENODEV
      return CMD_STATUS.cmd_device_not_found;
    default:
      return CMD_STATUS.cmd_failed;
  }
}

export interface ClifAnswer {
  /** The status byte of the reply (0..255). */
  status: number;
  /** lldpad's name for it, or "0x.. (raw)" for a value that is no cmd_status. */
  name: string;
  /** What vdptool prints ("FAILED:" before it unless 0). */
  text: string;
}

/** The reply's status byte for a value lldpad's handler returned (a cmd_status, or a raw errno). */
export function clifAnswer(returned: number): ClifAnswer {
  const status = returned & 0xff;
  const name = returned >= 0 && NAMES[status] ? NAMES[status] : `0x${status.toString(16)} (raw ${returned})`;
  return { status, name, text: TEXT[status] ?? 'Unknown status' };
}
