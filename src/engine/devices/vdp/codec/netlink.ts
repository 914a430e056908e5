// The rtnetlink messages between libvirt and lldpad for 802.1Qbg port profiles, byte for byte:
//   libvirt virNetDevVPortProfileOpSetLink: RTM_SETLINK, NLM_F_REQUEST; ifinfomsg {AF_UNSPEC,
//     ifindex}; IFLA_IFNAME (the physical device); IFLA_VFINFO_LIST{IFLA_VF_INFO{IFLA_VF_MAC
//     {vf, mac[32]}, IFLA_VF_VLAN {vf, vlan, qos 0}}}; IFLA_VF_PORTS{IFLA_VF_PORT{
//     IFLA_PORT_VSI_TYPE {mgr, type id[3] LE, version, pad[3]}, IFLA_PORT_INSTANCE_UUID[16],
//     IFLA_PORT_REQUEST u8}} (vf = PORT_SELF_VF, so no IFLA_PORT_VF).
//   lldpad vdpnl_error: NLMSG_ERROR, flags 0, seq and pid echoed, {error, the request's header}.
//   libvirt virNetDevLinkDump: RTM_GETLINK, NLM_F_REQUEST; ifinfomsg {AF_UNSPEC, ifindex};
//     IFLA_EXT_MASK u32 RTEXT_FILTER_VF (no IFLA_IFNAME: OpCommon passes ifname NULL).
//   lldpad vdpnl_getlink: NLMSG_DONE, seq and pid echoed; a zeroed ifinfomsg with ifi_index;
//     IFLA_VF_PORTS{IFLA_VF_PORT{IFLA_PORT_INSTANCE_UUID, IFLA_PORT_VF u32 -1, IFLA_PORT_RESPONSE
//     u16 when answered}...}, the outer nest dropped when empty (libnl nla_nest_end).
// libnl's nla_nest_start sets NLA_F_NESTED on every nest. Constants: include/uapi/linux/
// netlink.h, rtnetlink.h, if_link.h. Multi-byte fields are host order (x86: little-endian).
import { PORT_REQUEST_NAMES } from './constants';

export const NLMSG = { ERROR: 2, DONE: 3 } as const;
export const RTM = { NEWLINK: 16, GETLINK: 18, SETLINK: 19 } as const;
export const NLM_F_REQUEST = 1;
export const NLA_F_NESTED = 0x8000;
const IFLA = { IFNAME: 3, VFINFO_LIST: 22, VF_PORTS: 24, PORT_SELF: 25, EXT_MASK: 29 } as const;
const IFLA_VF_INFO = 1;
const IFLA_VF = { MAC: 1, VLAN: 2 } as const;
const IFLA_VF_PORT = 1;
const IFLA_PORT = { VF: 1, PROFILE: 2, VSI_TYPE: 3, INSTANCE_UUID: 4, HOST_UUID: 5, REQUEST: 6, RESPONSE: 7 } as const;
const RTEXT_FILTER_VF = 1;
export const PORT_SELF_VF = 0xffffffff;

const align4 = (n: number): number => (n + 3) & ~3;

function u16(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff];
}
function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** One attribute: {len, type} then the payload, padded to 4 bytes (nla_put). */
function attr(type: number, payload: readonly number[]): number[] {
  const len = 4 + payload.length;
  const out = [...u16(len), ...u16(type), ...payload];
  while (out.length < align4(len)) out.push(0);
  return out;
}

const nest = (type: number, children: readonly number[][]): number[] => attr(type | NLA_F_NESTED, children.flat());

function message(type: number, flags: number, seq: number, pid: number, body: readonly number[]): Uint8Array {
  return new Uint8Array([...u32(16 + body.length), ...u16(type), ...u16(flags), ...u32(seq), ...u32(pid), ...body]);
}

/** ifinfomsg: family AF_UNSPEC, pad, type 0, index, flags 0, change 0. */
const ifinfo = (index: number): number[] => [0, 0, 0, 0, ...u32(index), ...u32(0), ...u32(0)];

const uuidBytes = (uuid: string): number[] => {
  const hex = uuid.replace(/-/g, '');
  return Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16) || 0);
};

export interface Seq {
  readonly seq: number;
  readonly pid: number;
}

export interface SetlinkQbg extends Seq {
  readonly ifindex: number;
  readonly ifname: string;
  readonly mac: Uint8Array;
  readonly vlan: number;
  readonly managerId: number;
  readonly typeId: number;
  readonly typeVersion: number;
  readonly uuid: string;
  readonly request: number;
}

/** libvirt's RTM_SETLINK to lldpad (virNetDevVPortProfileOpSetLink, 802.1Qbg, vf PORT_SELF_VF). */
export function setlinkQbg(p: SetlinkQbg): Uint8Array {
  const vfMac = [...u32(PORT_SELF_VF), ...p.mac, ...new Array(26).fill(0)];
  const vfVlan = [...u32(PORT_SELF_VF), ...u32(p.vlan), ...u32(0)];
  const name = [...new TextEncoder().encode(p.ifname), 0];
  const vsi = [
    p.managerId & 0xff,
    p.typeId & 0xff,
    (p.typeId >>> 8) & 0xff,
    (p.typeId >>> 16) & 0xff,
    p.typeVersion & 0xff,
    0,
    0,
    0,
  ];
  const body = [
    ...ifinfo(p.ifindex),
    ...attr(IFLA.IFNAME, name),
    ...nest(IFLA.VFINFO_LIST, [nest(IFLA_VF_INFO, [attr(IFLA_VF.MAC, vfMac), attr(IFLA_VF.VLAN, vfVlan)])]),
    ...nest(IFLA.VF_PORTS, [
      nest(IFLA_VF_PORT, [
        attr(IFLA_PORT.VSI_TYPE, vsi),
        attr(IFLA_PORT.INSTANCE_UUID, uuidBytes(p.uuid)),
        attr(IFLA_PORT.REQUEST, [p.request & 0xff]),
      ]),
    ]),
  ];
  return message(RTM.SETLINK, NLM_F_REQUEST, p.seq, p.pid, body);
}

/** lldpad's answer to a request (vdpnl_error): NLMSG_ERROR with the error and the request's header. */
export function nlmsgError(request: Uint8Array, errno: number): Uint8Array {
  const view = new DataView(request.buffer, request.byteOffset, request.byteLength);
  const seq = request.length >= 16 ? view.getUint32(8, true) : 0;
  const pid = request.length >= 16 ? view.getUint32(12, true) : 0;
  const hdr = [...request.slice(0, 16)];
  while (hdr.length < 16) hdr.push(0);
  return message(NLMSG.ERROR, 0, seq, pid, [...u32(errno >>> 0), ...hdr]);
}

/** libvirt's poll (virNetDevLinkDump): RTM_GETLINK with IFLA_EXT_MASK RTEXT_FILTER_VF. */
export function getlinkRequest(p: Seq & { readonly ifindex: number }): Uint8Array {
  return message(RTM.GETLINK, NLM_F_REQUEST, p.seq, p.pid, [
    ...ifinfo(p.ifindex),
    ...attr(IFLA.EXT_MASK, u32(RTEXT_FILTER_VF)),
  ]);
}

export interface ReplyPort {
  readonly uuid: string;
  readonly response?: number;
}

/** lldpad's reply to RTM_GETLINK (vdpnl_getlink / vdpnl_reply2). */
export function getlinkReplyLldpad(
  p: Seq & { readonly ifindex: number; readonly ports: readonly ReplyPort[] },
): Uint8Array {
  const ports = p.ports.map((x) =>
    nest(IFLA_VF_PORT, [
      attr(IFLA_PORT.INSTANCE_UUID, uuidBytes(x.uuid)),
      attr(IFLA_PORT.VF, u32(PORT_SELF_VF)),
      ...(x.response !== undefined ? [attr(IFLA_PORT.RESPONSE, u16(x.response))] : []),
    ]),
  );
  // libnl's nla_nest_end cancels a nest that holds nothing (since 3.1).
  const body = [...ifinfo(p.ifindex), ...(ports.length ? nest(IFLA.VF_PORTS, ports) : [])];
  return message(NLMSG.DONE, 0, p.seq, p.pid, body);
}

// ---- decoding -------------------------------------------------------------------------

export interface NlNode {
  readonly label: string;
  readonly offset: number;
  readonly length: number;
  readonly value?: string;
  readonly children?: NlNode[];
}

export type NlDecode =
  | { readonly ok: true; readonly tree: NlNode }
  | { readonly ok: false; readonly error: string; readonly offset: number; readonly tree?: NlNode };

const TYPE_NAMES: Record<number, string> = {
  2: 'NLMSG_ERROR',
  3: 'NLMSG_DONE',
  16: 'RTM_NEWLINK',
  18: 'RTM_GETLINK',
  19: 'RTM_SETLINK',
};

/** Attribute names per nesting context. */
type Ctx = 'link' | 'vfinfo-list' | 'vfinfo' | 'vf-ports' | 'port';
const NAMES: Record<Ctx, Record<number, string>> = {
  link: { 3: 'IFLA_IFNAME', 22: 'IFLA_VFINFO_LIST', 24: 'IFLA_VF_PORTS', 25: 'IFLA_PORT_SELF', 29: 'IFLA_EXT_MASK' },
  'vfinfo-list': { 1: 'IFLA_VF_INFO' },
  vfinfo: { 1: 'IFLA_VF_MAC', 2: 'IFLA_VF_VLAN' },
  'vf-ports': { 1: 'IFLA_VF_PORT' },
  port: {
    1: 'IFLA_PORT_VF',
    2: 'IFLA_PORT_PROFILE',
    3: 'IFLA_PORT_VSI_TYPE',
    4: 'IFLA_PORT_INSTANCE_UUID',
    5: 'IFLA_PORT_HOST_UUID',
    6: 'IFLA_PORT_REQUEST',
    7: 'IFLA_PORT_RESPONSE',
  },
};
const INNER: Partial<Record<string, Ctx>> = {
  IFLA_VFINFO_LIST: 'vfinfo-list',
  IFLA_VF_INFO: 'vfinfo',
  IFLA_VF_PORTS: 'vf-ports',
  IFLA_PORT_SELF: 'port',
  IFLA_VF_PORT: 'port',
};

class Bad extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const le16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const le32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function valueOf(name: string, p: Uint8Array): string {
  const n = (size: number): number => {
    if (p.length < size) throw new Error(`${name} needs ${size} bytes, has ${p.length}`);
    return size === 1 ? p[0] : size === 2 ? le16(p, 0) : le32(p, 0);
  };
  switch (name) {
    case 'IFLA_IFNAME':
    case 'IFLA_PORT_PROFILE':
      return JSON.stringify(new TextDecoder().decode(p.subarray(0, p.indexOf(0) < 0 ? p.length : p.indexOf(0))));
    case 'IFLA_EXT_MASK':
      return `0x${n(4).toString(16)}${n(4) & RTEXT_FILTER_VF ? ' (RTEXT_FILTER_VF)' : ''}`;
    case 'IFLA_VF_MAC': {
      if (p.length < 10) throw new Error(`IFLA_VF_MAC needs 10 bytes, has ${p.length}`);
      const vf = le32(p, 0);
      return `vf ${vf === PORT_SELF_VF ? 'PORT_SELF_VF (-1)' : vf}, mac ${[...p.subarray(4, 10)].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
    }
    case 'IFLA_VF_VLAN': {
      if (p.length < 12) throw new Error(`IFLA_VF_VLAN needs 12 bytes, has ${p.length}`);
      const vf = le32(p, 0);
      return `vf ${vf === PORT_SELF_VF ? 'PORT_SELF_VF (-1)' : vf}, vlan ${le32(p, 4)}, qos ${le32(p, 8)}`;
    }
    case 'IFLA_PORT_VF': {
      const v = n(4);
      return v === PORT_SELF_VF ? 'PORT_SELF_VF (-1)' : String(v);
    }
    case 'IFLA_PORT_VSI_TYPE':
      if (p.length < 8) throw new Error(`IFLA_PORT_VSI_TYPE needs 8 bytes, has ${p.length}`);
      return `manager ${p[0]}, type id 0x${(p[1] | (p[2] << 8) | (p[3] << 16)).toString(16)}, version ${p[4]}`;
    case 'IFLA_PORT_INSTANCE_UUID':
    case 'IFLA_PORT_HOST_UUID': {
      if (p.length < 16) throw new Error(`${name} needs 16 bytes, has ${p.length}`);
      const h = hex(p.subarray(0, 16));
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'IFLA_PORT_REQUEST': {
      const v = n(1);
      return `${v} (${PORT_REQUEST_NAMES[v] ?? 'unknown'})`;
    }
    case 'IFLA_PORT_RESPONSE':
      return `${n(2)} (0x${n(2).toString(16)})`;
    default:
      return hex(p.subarray(0, 32)) + (p.length > 32 ? '…' : '');
  }
}

/** Walk attributes in [from, to) of `b`, named for `ctx`. */
function attrs(b: Uint8Array, from: number, to: number, ctx: Ctx, depth: number): NlNode[] {
  const out: NlNode[] = [];
  let o = from;
  while (o + 4 <= to) {
    const len = le16(b, o);
    const rawType = le16(b, o + 2);
    if (len < 4) throw new Bad(`attribute length ${len} is shorter than its 4-byte header`, o);
    if (o + len > to) throw new Bad(`attribute of ${len} bytes runs past the end of its container (${to - o} left)`, o);
    const type = rawType & 0x3fff;
    const name = NAMES[ctx][type] ?? `attribute ${type}`;
    const nested = (rawType & NLA_F_NESTED) !== 0 || INNER[name] !== undefined;
    const label = `${name}${rawType & NLA_F_NESTED ? ' (nested)' : ''}`;
    const inner = INNER[name];
    if (nested && inner) {
      if (depth > 8) throw new Bad('attributes nested deeper than 8 levels', o);
      out.push({ label, offset: o, length: len, children: attrs(b, o + 4, o + len, inner, depth + 1) });
    } else {
      let value: string;
      try {
        value = valueOf(name, b.subarray(o + 4, o + len));
      } catch (e) {
        throw new Bad((e as Error).message, o);
      }
      out.push({ label, offset: o, length: len, value });
    }
    o += align4(len);
  }
  if (o < to && o + 4 > to) throw new Bad(`${to - o} trailing bytes, too few for an attribute header`, o);
  return out;
}

/** Decode one netlink message as the inspector shows it; never throws. */
export function decodeNetlink(b: Uint8Array): NlDecode {
  if (b.length < 16)
    return { ok: false, error: `a netlink header is 16 bytes; this message has ${b.length}`, offset: 0 };
  const len = le32(b, 0);
  const type = le16(b, 4);
  const header: NlNode[] = [
    { label: 'nlmsg_len', offset: 0, length: 4, value: String(len) },
    { label: 'nlmsg_type', offset: 4, length: 2, value: `${type} (${TYPE_NAMES[type] ?? 'unknown'})` },
    {
      label: 'nlmsg_flags',
      offset: 6,
      length: 2,
      value: `0x${le16(b, 6).toString(16)}${le16(b, 6) & NLM_F_REQUEST ? ' (NLM_F_REQUEST)' : ''}`,
    },
    { label: 'nlmsg_seq', offset: 8, length: 4, value: String(le32(b, 8)) },
    { label: 'nlmsg_pid', offset: 12, length: 4, value: String(le32(b, 12)) },
  ];
  const root = (children: NlNode[]): NlNode => ({
    label: TYPE_NAMES[type] ?? `netlink message type ${type}`,
    offset: 0,
    length: b.length,
    children,
  });
  if (len !== b.length)
    return {
      ok: false,
      error: `nlmsg_len says ${len} bytes; the message has ${b.length}`,
      offset: 0,
      tree: root(header),
    };
  try {
    if (type === NLMSG.ERROR) {
      if (len < 36) throw new Bad(`NLMSG_ERROR needs 36 bytes (error and the request's header), has ${len}`, 16);
      const err = le32(b, 16) | 0;
      return {
        ok: true,
        tree: root([
          ...header,
          { label: 'error', offset: 16, length: 4, value: err === 0 ? '0 (success)' : String(err) },
          {
            label: 'request header',
            offset: 20,
            length: 16,
            value: `type ${le16(b, 24)}, seq ${le32(b, 28)}, pid ${le32(b, 32)}`,
          },
        ]),
      };
    }
    if (len < 32)
      throw new Bad(`a link message needs a 16-byte ifinfomsg after the header; ${len - 16} bytes follow`, 16);
    const info: NlNode = {
      label: 'ifinfomsg',
      offset: 16,
      length: 16,
      value: `family ${b[16]}, index ${le32(b, 20) | 0}, flags 0x${le32(b, 24).toString(16)}, change 0x${le32(b, 28).toString(16)}`,
    };
    return { ok: true, tree: root([...header, info, ...attrs(b, 32, len, 'link', 0)]) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: e.message, offset: e.offset, tree: root(header) };
    throw e;
  }
}
