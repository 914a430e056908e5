// IPA commands as bytes. A real guest sends them to the OSA on its write subchannel
// inside an MPC PDU and gets the same command back with `return_code` filled in
// (qeth_send_ipa_cmd, qeth_core_main.c). The lab carries them on the guest's channel
// link inside an Ethernet envelope with the IEEE local experimental EtherType 0x88b6,
// so that captures stay valid Ethernet; the payload is `struct qeth_ipacmd_hdr`
// (20 bytes) followed by the command's data as laid out in qeth_core_mpc.h:
//   SETIP/DELIP      ip, mask (4 or 16 bytes each), flags u32  (qeth_ipacmd_setdelip4/6)
//   SETIPM/DELIPM    mac[6], pad[2], ip[16] (IPv4 in the last 4)  (qeth_ipacmd_setdelipm)
//   SETRTG           type u8                                     (qeth_ipacmd_setrtg)
//   SETVMAC/DELVMAC  mac_length u32, mac[6]                      (qeth_ipacmd_setdelmac)
//   SETGMAC/DELGMAC  the same layout, a group MAC                (qeth_l2_send_setgroupmac)
//   CREATE_ADDR      mac_addr[6], uid u16                         (qeth_create_destroy_address)
// SETADAPTERPARMS and SETASSPARMS carry a reduced body (sub-command u32, value u32,
// mac[6]): the lab uses them only for "read MAC", "set isolation" and the broadcast
// filtering assist, and their full headers would teach nothing here.
import { buildEthernet, parseEthernet } from '../../frame/ethernet';
import { put16, put32, u16, u32 } from '../../frame/bytes';
import type { IpAddress } from '../../frame/address';
import { ETH_P_LAB_IPA, IPA_CMD } from './ipa-codes';
import * as say from './words';

export const IPA_HDR_LEN = 20;
/** qeth_core_mpc.h: a command from the host (and the card's reply to it) carries 0x00; one the card starts, 0x01. */
export const IPA_INITIATOR_HOST = 0x00;
export const IPA_INITIATOR_OSA = 0x01;
/** SETADAPTERPARMS sub-commands (enum qeth_ipa_setadp_cmd). */
export const SETADP = { ALTER_MAC_ADDRESS: 0x00000002, SET_ACCESS_CONTROL: 0x00010000 } as const;
/** SETASSPARMS: the broadcast filtering assist and its sub-commands (enum qeth_ipa_funcs, qeth_ipa_setassparms_cmd). */
export const ASSIST = { IPA_FILTERING: 0x0080, ASS_CONFIGURE: 0x0003, ASS_ENABLE: 0x0004 } as const;

export interface IpaCommand {
  readonly cmd: number;
  readonly seqno: number;
  readonly rc: number;
  /** 4 or 6 (prot_version). */
  readonly prot: 4 | 6;
  readonly ip?: IpAddress;
  /** Prefix length decoded from the mask. */
  readonly prefix?: number;
  readonly flags?: number;
  readonly mac?: Uint8Array;
  readonly rtgType?: number;
  /** SETADAPTERPARMS / SETASSPARMS sub-command and value. */
  readonly sub?: number;
  readonly value?: number;
  /** True for a command the card starts on its own (an unsolicited STOPLAN), not a reply. */
  readonly fromCard?: boolean;
}

const ZERO = new Uint8Array(6);

function maskBytes(prefix: number, len: number): Uint8Array {
  const m = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    m[i] = (0xff00 >> bits) & 0xff;
  }
  return m;
}

function prefixOf(mask: Uint8Array): number {
  let n = 0;
  for (const b of mask) for (let k = 7; k >= 0; k--) if ((b >> k) & 1) n++;
  return n;
}

function body(c: IpaCommand): Uint8Array {
  switch (c.cmd) {
    case IPA_CMD.SETIP:
    case IPA_CMD.DELIP: {
      const len = c.prot === 4 ? 4 : 16;
      const out = new Uint8Array(2 * len + 4);
      if (c.ip) out.set(c.ip.bytes, 0);
      out.set(maskBytes(c.prefix ?? 8 * len, len), len);
      put32(out, 2 * len, c.flags ?? 0);
      return out;
    }
    case IPA_CMD.SETIPM:
    case IPA_CMD.DELIPM: {
      const out = new Uint8Array(24);
      out.set(c.mac ?? ZERO, 0);
      if (c.ip) out.set(c.ip.bytes, c.ip.version === 4 ? 20 : 8);
      return out;
    }
    case IPA_CMD.SETRTG:
      return new Uint8Array([c.rtgType ?? 0, 0, 0, 0]);
    case IPA_CMD.CREATE_ADDR: {
      const out = new Uint8Array(8);
      out.set(c.mac ?? ZERO, 0);
      put16(out, 6, c.value ?? 0);
      return out;
    }
    case IPA_CMD.SETVMAC:
    case IPA_CMD.DELVMAC:
    case IPA_CMD.SETGMAC:
    case IPA_CMD.DELGMAC: {
      const out = new Uint8Array(10);
      put32(out, 0, 6);
      out.set(c.mac ?? ZERO, 4);
      return out;
    }
    default: {
      const out = new Uint8Array(14);
      put32(out, 0, c.sub ?? 0);
      put32(out, 4, c.value ?? 0);
      out.set(c.mac ?? ZERO, 8);
      return out;
    }
  }
}

/** The IPA command (or its reply) inside the lab's Ethernet envelope. */
export function buildIpaFrame(c: IpaCommand): Uint8Array {
  const data = body(c);
  const p = new Uint8Array(IPA_HDR_LEN + data.length);
  p[0] = c.cmd;
  p[1] = c.fromCard ? IPA_INITIATOR_OSA : IPA_INITIATOR_HOST;
  put16(p, 2, c.seqno & 0xffff);
  put16(p, 4, c.rc);
  p[8] = 1; // prim_version_no
  p[9] = 1; // param_count
  put16(p, 10, c.prot);
  p.set(data, IPA_HDR_LEN);
  return buildEthernet({ dst: ZERO, src: ZERO, ethertype: ETH_P_LAB_IPA, payload: p });
}

export const isIpaFrame = (frame: Uint8Array): boolean =>
  frame.length >= 14 + IPA_HDR_LEN && u16(frame, 12) === ETH_P_LAB_IPA;

/** Bytes of command data each command needs after the header (body() above writes exactly these). */
function bodyLength(cmd: number, prot: 4 | 6): number {
  switch (cmd) {
    case IPA_CMD.SETIP:
    case IPA_CMD.DELIP:
      return prot === 4 ? 12 : 36;
    case IPA_CMD.SETIPM:
    case IPA_CMD.DELIPM:
      return 24;
    case IPA_CMD.SETRTG:
      return 1;
    case IPA_CMD.SETVMAC:
    case IPA_CMD.DELVMAC:
    case IPA_CMD.SETGMAC:
    case IPA_CMD.DELGMAC:
      return 10;
    case IPA_CMD.CREATE_ADDR:
      return 8;
    default:
      return 14;
  }
}

/**
 * The command in an IPA frame, or a string saying why it cannot be one: the card checks
 * the length it was given against the command's layout before reading, as
 * qeth_check_ipa_data and the command's own length field make a real card do.
 */
export function parseIpaFrame(frame: Uint8Array): IpaCommand | string {
  let o: number;
  try {
    o = parseEthernet(frame).payloadOffset;
  } catch (e) {
    return `not an Ethernet frame (${(e as Error).message})`;
  }
  if (frame.length < o + IPA_HDR_LEN) return say.bytesIpaDataShorter(frame.length - o);
  const cmd = frame[o];
  const prot = u16(frame, o + 10) === 6 ? 6 : 4;
  const d = o + IPA_HDR_LEN;
  const need = bodyLength(cmd, prot);
  if (frame.length < d + need)
    return say.commandCarriesBytesData(cmd.toString(16).padStart(2, '0'), frame.length - d, need);
  const base = {
    cmd,
    seqno: u16(frame, o + 2),
    rc: u16(frame, o + 4),
    prot,
    ...(frame[o + 1] === IPA_INITIATOR_OSA && { fromCard: true }),
  } as const;
  switch (cmd) {
    case IPA_CMD.SETIP:
    case IPA_CMD.DELIP: {
      const len = prot === 4 ? 4 : 16;
      const ip: IpAddress = { version: prot, bytes: frame.slice(d, d + len) };
      return { ...base, ip, prefix: prefixOf(frame.subarray(d + len, d + 2 * len)), flags: u32(frame, d + 2 * len) };
    }
    case IPA_CMD.SETIPM:
    case IPA_CMD.DELIPM: {
      const ip: IpAddress =
        prot === 4
          ? { version: 4, bytes: frame.slice(d + 20, d + 24) }
          : { version: 6, bytes: frame.slice(d + 8, d + 24) };
      return { ...base, mac: frame.slice(d, d + 6), ip };
    }
    case IPA_CMD.SETRTG:
      return { ...base, rtgType: frame[d] };
    case IPA_CMD.SETVMAC:
    case IPA_CMD.DELVMAC:
    case IPA_CMD.SETGMAC:
    case IPA_CMD.DELGMAC:
      return { ...base, mac: frame.slice(d + 4, d + 10) };
    case IPA_CMD.CREATE_ADDR:
      return { ...base, mac: frame.slice(d, d + 6), value: u16(frame, d + 6) };
    default:
      return { ...base, sub: u32(frame, d), value: u32(frame, d + 4), mac: frame.slice(d + 8, d + 14) };
  }
}

/** The same command with the card's return code (and optional reply data) filled in. */
export const ipaReply = (c: IpaCommand, rc: number, extra: Partial<IpaCommand> = {}): Uint8Array =>
  buildIpaFrame({ ...c, ...extra, rc });
