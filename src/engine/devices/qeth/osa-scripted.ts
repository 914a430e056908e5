// The card-side commands a scenario may script (`setip`, `delip`, `setipm`, `delipm`,
// `setrtg`, `setvmac` on a DEVNO): the IPA command another stack on the port would send,
// built from the command's arguments (checked at load by osaCommands).
import { mac as parseMacText, parseIp } from '../../frame/address';
import type { IpaCommand } from './ipa-frame';
import { ROUTING, SETIP_FLAG, IPA_CMD } from './ipa-codes';
import { mcMac } from './frames';

export function scriptedIpa(name: string, args: Record<string, unknown>): IpaCommand {
  const ipOf = (v: unknown) => {
    const r = parseIp(String(v));
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  let c: IpaCommand;
  if (name === 'setip' || name === 'delip') {
    const ip = ipOf(args.ip);
    const flags = args.flags === 'vipa' ? SETIP_FLAG.VIPA : args.flags === 'takeover' ? SETIP_FLAG.TAKEOVER : 0;
    c = {
      cmd: name === 'setip' ? IPA_CMD.SETIP : IPA_CMD.DELIP,
      seqno: 0,
      rc: 0,
      prot: ip.version,
      ip,
      prefix: Number(args.prefix ?? (ip.version === 4 ? 24 : 64)),
      flags,
    };
  } else if (name === 'setipm' || name === 'delipm') {
    const ip = ipOf(args.group);
    c = {
      cmd: name === 'setipm' ? IPA_CMD.SETIPM : IPA_CMD.DELIPM,
      seqno: 0,
      rc: 0,
      prot: ip.version,
      ip,
      mac: mcMac(ip),
    };
  } else if (name === 'setrtg') {
    c = {
      cmd: IPA_CMD.SETRTG,
      seqno: 0,
      rc: 0,
      prot: Number(args.version ?? 4) === 6 ? 6 : 4,
      rtgType: ROUTING[args.role as keyof typeof ROUTING],
    };
  } else {
    c = { cmd: IPA_CMD.SETVMAC, seqno: 0, rc: 0, prot: 4, mac: parseMacText(String(args.mac)) };
  }
  return c;
}
