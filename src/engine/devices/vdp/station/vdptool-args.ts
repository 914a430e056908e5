// vdptool's `-c key=value` arguments as lldpad reads them (openlldp qbg/vdp_ascii.c
// vdp22_parse_str_vdpnl, getmode, getmgr2id, getnumber, vdp_str2uuid, gethints, getfid,
// str2vdpnl; the keys are include/qbg_vdp22def.h VSI22_ARG_*_STR). vdptool itself only counts
// the `filter` arguments into the command's ops (vdptool.c: `fid << OP_FID_POS`); lldpad parses
// every value. A value lldpad cannot read makes the parse return -EINVAL, which the clif layer
// answers with cmd_bad_params. A missing mandatory key is only logged ("Incomplete arguments":
// str2vdpnl returns the parse's 0), so the request goes on with that field zero and the checks
// of vdp22_request decide.
import { VDP22, FIF } from '../codec/constants';

export interface ClifFilter {
  /** The 16-bit value as given: VID in the low 12 bits, QoS (PCP) above (vdp22_get_vlanid / _qos). */
  vlan: number;
  mac?: Uint8Array;
  groupId?: number;
}

export interface ClifVsi {
  /** The mode vdp22_request gets from clif: 1..4 for a word, the digit itself (0..3) for a one-digit mode. */
  mode: number;
  /**
   * 1 for a one-digit mode (vdpnl_nlf1), 2 for a word (vdpnl_nlf2). vdp22_alloc_vsi_int takes
   * the manager ID from mgrid2 only for version 2; for version 1 it takes the one-byte
   * vsi_mgrid, which no vdptool key sets, so the manager ID is 0.
   */
  nlVersion: 1 | 2;
  /** `mode=assoc[n]`: the response a test wants back (vdp22 does not use it for a request). */
  response?: number;
  mgrid2: Uint8Array;
  typeId: number;
  typeVersion: number;
  /** 16 octets; zero when no `uuid` was given. */
  uuid: Uint8Array;
  /** 5 (UUID) once `uuid` was read, else 0. */
  vsiidFormat: number;
  hints: number;
  fif: number;
  filters: ClifFilter[];
  /** Mandatory keys that were not given (logged by lldpad, not refused). */
  missing: string[];
}

export type ClifParse = { ok: true; vsi: ClifVsi } | { ok: false; key: string; why: string };

const MANDATORY = ['mode', 'mgrid2', 'typeid', 'typeidver', 'uuid', 'filter'];
const KEYS = [...MANDATORY, 'hints', 'oui'];

/** strtol(s, &end, 0) with `*end == '\0'` and min <= n <= max (getnumber). */
export function getnumber(s: string, min: number, max: number): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2];
  const n =
    (m[1] === '-' ? -1 : 1) *
    (/^0[xX]/.test(body)
      ? parseInt(body.slice(2), 16)
      : body.length > 1 && body[0] === '0'
        ? parseInt(body, 8)
        : Number(body));
  // the result goes into an unsigned int: a negative number wraps far above any max
  return n >= min && n <= max ? n : undefined;
}

/** vdp_str2uuid: hex digits and dashes only, two digits per octet (sscanf "%02hhx"), at most `max` octets. */
export function str2uuid(s: string, max = 16): Uint8Array | undefined {
  if (!/^[0-9a-fA-F-]*$/.test(s)) return undefined;
  const out = new Uint8Array(max);
  let j = 0;
  let i = 0;
  for (; i < s.length && j < max; i++) {
    if (s[i] === '-') continue;
    const two = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i, i + 2).replace(/-.*/, ''))![0];
    out[j++] = parseInt(two, 16);
    i += two.length - 1;
  }
  return i < s.length ? undefined : out; // -2: not enough space
}

function getmode(s: string): { mode: number; response?: number; nlVersion: 1 | 2 } | undefined {
  if (s.length === 1) {
    // The digit names a netlink request (0 PREASSOCIATE .. 3 DISASSOCIATE): getmode stores the
    // VDP22 mode - 1, and vdp22_request adds 1 back only for netlink, not for clif. So through
    // vdptool "0" is mode 0 (refused), "2" is PREASSOC_RR and "3" is ASSOC.
    const d = ['0', '1', '2', '3'].indexOf(s);
    return d < 0 ? undefined : { mode: d, nlVersion: 1 };
  }
  let response: number | undefined;
  const b = s.indexOf('[');
  if (b >= 0) {
    const m = /^([+-]?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*))\]$/.exec(s.slice(b + 1));
    if (!m) return undefined;
    response = getnumber(m[1], -Infinity, Infinity);
    s = s.slice(0, b);
  }
  const mode = (
    {
      assoc: VDP22.ASSOC,
      preassoc: VDP22.PREASSOC,
      'preassoc-rr': VDP22.PREASSOC_RR,
      deassoc: VDP22.DEASSOC,
    } as Record<string, number>
  )[s.toLowerCase()];
  return mode === undefined ? undefined : { mode, nlVersion: 2, ...(response !== undefined && { response }) };
}

/** getmgr2id: a UUID-like hex string, or up to 15 alphanumeric characters copied as they are. */
function getmgr2id(s: string): Uint8Array | undefined {
  const u = str2uuid(s);
  if (u) return u;
  if (!/^[0-9a-zA-Z]*$/.test(s) || s.length >= 16) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const HINTS: Record<string, number> = { to: 0x10, from: 0x20, none: 0, '-': 0 };

/** getfid: vlan (fif 1), vlan-mac (2), vlan--group (3), vlan-mac-group (4). */
function getfid(v: ClifVsi, value: string): string | undefined {
  const d1 = value.indexOf('-');
  const d2 = d1 < 0 ? -1 : value.indexOf('-', d1 + 1);
  const haveMac = d1 >= 0 && !(d2 === d1 + 1);
  const vlanText = d1 < 0 ? value : value.slice(0, d1);
  const vlan = getnumber(vlanText, 0, 0xffff);
  if (vlan === undefined) return `"${vlanText}" is not a number 0..65535 (VID and QoS)`;
  let fif: number = FIF.VID;
  let mac: Uint8Array | undefined;
  if (haveMac) {
    const text = value.slice(d1 + 1, d2 < 0 ? undefined : d2);
    // sscanf("%02hhx:%02hhx:...") must fill six octets; anything after the sixth is ignored
    const m =
      /^\s*([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})/.exec(
        text,
      );
    if (!m) return `"${text}" is not a MAC address xx:xx:xx:xx:xx:xx`;
    mac = Uint8Array.from(m.slice(1, 7).map((x) => parseInt(x, 16)));
    fif = FIF.MACVID;
  }
  let groupId: number | undefined;
  if (d2 >= 0 && value.length > d2 + 1) {
    groupId = getnumber(value.slice(d2 + 1), 1, 0xffffffff);
    if (groupId === undefined) return `group "${value.slice(d2 + 1)}" is not a number 1..4294967295`;
    fif += 2;
  }
  if (v.fif && v.fif !== fif) return `filter format ${fif} differs from the earlier filters' ${v.fif}`;
  v.fif = fif;
  if (mac && v.filters.some((f) => f.mac && f.mac.every((b, i) => b === mac![i])))
    return `MAC ${value.slice(d1 + 1, d2 < 0 ? undefined : d2)} is already in the filter list`;
  v.filters.push({ vlan, ...(mac && { mac }), ...(groupId !== undefined && { groupId }) });
  return undefined;
}

/** Parse vdptool's `-c` list as lldpad receives it. */
export function parseVdptoolArgs(args: readonly string[]): ClifParse {
  const v: ClifVsi = {
    mode: 0,
    nlVersion: 2,
    mgrid2: new Uint8Array(16),
    typeId: 0,
    typeVersion: 0,
    uuid: new Uint8Array(16),
    vsiidFormat: 0,
    hints: 0,
    fif: 0,
    filters: [],
    missing: [],
  };
  const seen = new Set<string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    const key = eq < 0 ? a : a.slice(0, eq);
    const val = eq < 0 ? undefined : a.slice(eq + 1);
    const bad = (why: string): ClifParse => ({ ok: false, key, why });
    if (!KEYS.includes(key)) return bad(`"${key}" is not one of ${KEYS.join(', ')}`);
    if (val === undefined) return bad(`${key} has no value (vdptool sends -c ${key} without "=")`);
    switch (key) {
      case 'mode': {
        const m = getmode(val!);
        if (!m) return bad(`"${val}" is not assoc, preassoc, preassoc-rr, deassoc (optionally [n]) or 0..3`);
        v.mode = m.mode;
        v.nlVersion = m.nlVersion;
        if (m.response !== undefined) v.response = m.response;
        break;
      }
      case 'mgrid2': {
        const m = getmgr2id(val!);
        if (!m) return bad(`"${val}" is neither hex digits and dashes for 16 octets nor 1..15 letters and digits`);
        v.mgrid2 = m;
        break;
      }
      case 'typeid': {
        const n = getnumber(val!, 0, 0xffffff);
        if (n === undefined) return bad(`"${val}" is not a number 0..0xffffff`);
        v.typeId = n;
        break;
      }
      case 'typeidver': {
        const n = getnumber(val!, 0, 0xff);
        if (n === undefined) return bad(`"${val}" is not a number 0..255`);
        v.typeVersion = n;
        break;
      }
      case 'uuid': {
        const u = str2uuid(val!);
        if (!u) return bad(`"${val}" is not hex digits and dashes for at most 16 octets`);
        v.uuid = u;
        v.vsiidFormat = 5;
        break;
      }
      case 'hints': {
        const h = HINTS[val!.toLowerCase()];
        if (h === undefined) return bad(`"${val}" is not to, from, none or -`);
        v.hints = h;
        break;
      }
      case 'filter': {
        const why = getfid(v, val!);
        if (why) return bad(why);
        break;
      }
      case 'oui':
        // oui_str2vdpnl needs a registered OUI handler (Cisco, Oracle); the lab registers none.
        return bad('no OUI handler is registered in this lab (oui_str2vdpnl finds none)');
    }
    seen.add(key);
  }
  v.missing = MANDATORY.filter((k) => !seen.has(k));
  return { ok: true, vsi: v };
}
