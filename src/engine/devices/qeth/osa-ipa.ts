// The card's side of the IPA control path: what the OSA does with each command a guest's
// qeth driver sends (SETIP/DELIP, SETIPM/DELIPM, SETRTG, SETVMAC/DELVMAC, access
// control, broadcast filtering) and the return code it answers with. SETIP for an IPv4
// address without the VIPA flag makes the card announce the address with a gratuitous
// ARP first (the driver's comment in qeth_l3_add_ip: "SETIP ipa cmd starts ARP staff
// for IPV4 addr"); an answer from the LAN fails it with 0xe00a unless TAKEOVER is set.
import { formatIp, formatMac } from '../../frame/address';
import { IPA_CMD, ISOLATION, RC, SETIP_FLAG, hexRc, ipaCmdName, type Isolation, type ReturnCode } from './ipa-codes';
import { ASSIST, SETADP, type IpaCommand } from './ipa-frame';
import type { CardTable, OpResult } from './card-table';
import * as say from './words';

export interface IpaOutcome {
  readonly result: OpResult;
  /** IPv4 SETIP that must first wait for answers to a gratuitous ARP. */
  readonly garp?: { readonly ip: string; readonly takeover: boolean; readonly commit: () => string | undefined };
  /** Extra reply data (the card's MAC in the STARTLAN reply). */
  readonly replyMac?: boolean;
  /** CREATE_ADDR: the unique id the card hands back. */
  readonly replyValue?: number;
}

const okR = (why: string): OpResult => ({ rc: RC.SUCCESS, why });
const failR = (rc: ReturnCode, why: string): OpResult => ({ rc, why });

/** Apply one IPA command from `devno` to the table; `lanUp` false means the LAN is offline. */
export function applyIpa(
  t: CardTable,
  devno: string,
  c: IpaCommand,
  lanUp: boolean,
  reflectiveRelay: boolean,
  reflectiveRelayRefused = false,
): IpaOutcome {
  switch (c.cmd) {
    case IPA_CMD.STARTLAN: {
      const layer = c.value === 2 ? 2 : 3;
      const r = t.row(devno, layer);
      r.active = true;
      if (!lanUp) return { result: failR(RC.LAN_OFFLINE, say.portLinkLan()) };
      return {
        result: okR(say.devnoStartsDataConnection(layer, devno)),
        replyMac: true,
      };
    }
    case IPA_CMD.STOPLAN:
      t.deactivate(devno);
      return {
        result: okR(say.devnoStopsDataConnection(devno)),
      };
    case IPA_CMD.SETADAPTERPARMS: {
      if (c.sub !== SETADP.SET_ACCESS_CONTROL) return { result: okR('adapter parameters read.'), replyMac: true };
      const mode = (Object.keys(ISOLATION) as Isolation[]).find((k) => ISOLATION[k] === c.value) ?? 'none';
      if (mode === 'forward' && !reflectiveRelay) {
        return {
          result: reflectiveRelayRefused
            ? failR(RC.REFLREL_FAILED, say.isolationForwardRelayRefused())
            : failR(RC.REFLREL_UNSUPPORTED, say.isolationForwardNeedsAdjacent()),
        };
      }
      t.row(devno).isolation = mode;
      return { result: okR(say.devnoDataConnectionIsolation(devno, mode)) };
    }
    case IPA_CMD.SETASSPARMS: {
      const r = t.row(devno);
      if (c.sub === ASSIST.ASS_CONFIGURE) {
        r.broadcast = c.value === 1;
        return {
          result: okR(say.ipaFilteringConfiguredBroadcast(r, devno)),
        };
      }
      r.echoFilter = c.value === 1;
      return {
        result: okR(say.ipaFilteringEnabledBroadcast(r, devno)),
      };
    }
    case IPA_CMD.SETIP: {
      const ip = formatIp(c.ip!);
      const flags = c.flags ?? 0;
      if (!lanUp) return { result: failR(RC.LAN_OFFLINE, say.portLinkLan()) };
      const check = t.checkSetip(devno, ip, c.prot, flags);
      if (check.rc !== RC.SUCCESS) return { result: check };
      const commit = (): string | undefined =>
        t.commitSetip(devno, ip, { prefix: c.prefix ?? 32, flags, version: c.prot });
      if (c.prot === 4 && (flags & SETIP_FLAG.VIPA) === 0)
        return { result: check, garp: { ip, takeover: (flags & SETIP_FLAG.TAKEOVER) !== 0, commit } };
      const taken = commit();
      return {
        result: okR(say.registeredDevno(flags, taken, check.why, devno)),
      };
    }
    case IPA_CMD.DELIP:
      return { result: t.delip(devno, formatIp(c.ip!)) };
    case IPA_CMD.SETIPM:
      return { result: t.setipm(devno, formatIp(c.ip!)) };
    case IPA_CMD.DELIPM:
      return { result: t.delipm(devno, formatIp(c.ip!)) };
    case IPA_CMD.SETRTG:
      return { result: t.setrtg(devno, c.prot, c.rtgType ?? 0) };
    case IPA_CMD.SETVMAC:
      return { result: t.setvmac(devno, formatMac(c.mac!)) };
    case IPA_CMD.DELVMAC:
      return { result: t.delvmac(devno) };
    case IPA_CMD.SETGMAC:
      return { result: t.setgmac(devno, formatMac(c.mac!)) };
    case IPA_CMD.CREATE_ADDR: {
      const uid = t.uniqueId(devno);
      return {
        result: okR(say.uniqueIdForDevno(devno, uid)),
        replyValue: uid,
      };
    }
    default:
      return { result: failR(RC.UNREGISTERED_ADDR, `command ${ipaCmdName(c.cmd)} is not emulated.`) };
  }
}

/** "SETIP 10.0.0.5/24 flags 0x00" for decisions. */
export function describeIpa(c: IpaCommand): string {
  const n = ipaCmdName(c.cmd);
  if (c.cmd === IPA_CMD.SETIP || c.cmd === IPA_CMD.DELIP)
    return `${n} ${formatIp(c.ip!)}/${c.prefix} flags 0x${(c.flags ?? 0).toString(16).padStart(2, '0')}`;
  if (c.cmd === IPA_CMD.SETIPM || c.cmd === IPA_CMD.DELIPM) return `${n} ${formatIp(c.ip!)} (MAC ${formatMac(c.mac!)})`;
  if (c.cmd === IPA_CMD.SETRTG) return `${n} IPv${c.prot} type ${c.rtgType}`;
  if (c.cmd === IPA_CMD.SETVMAC || c.cmd === IPA_CMD.DELVMAC || c.cmd === IPA_CMD.SETGMAC || c.cmd === IPA_CMD.DELGMAC)
    return `${n} ${formatMac(c.mac!)}`;
  if (c.cmd === IPA_CMD.CREATE_ADDR)
    return c.value ? `${n} (unique id 0x${c.value.toString(16).padStart(4, '0')})` : `${n} (IPv6)`;
  if (c.cmd === IPA_CMD.SETADAPTERPARMS && c.sub === SETADP.SET_ACCESS_CONTROL)
    return say.setAccessControlIsolation(n, c.value);
  if (c.cmd === IPA_CMD.SETASSPARMS) return say.ipaFiltering(c, n);
  if (c.cmd === IPA_CMD.STARTLAN) return `${n} (layer ${c.value === 2 ? 2 : 3})`;
  return n;
}

export const rcText = (rc: ReturnCode): string => `RC ${hexRc(rc.code)} ${rc.name} "${rc.text}"`;
