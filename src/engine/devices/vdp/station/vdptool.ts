// `vdptool -i <if> -T -V assoc -c key=value ...` against lldpad's VDP22 station role, in the
// order lldpad answers it (openlldp qbg/vdp22_cmds.c): vdp22_clif_cmd → handle_test_arg and
// handle_set_arg → set_arg_vsi2 (no `filter` argument: -EINVAL returned as the status itself)
// → set_arg_vsi3: vdp_str2vdpnl (a value it cannot read: -EINVAL), ifok (vdp22_info: a
// bridge-role port is cmd_not_applicable before any request is made), then vdp22_request with
// clif = 1 (no +1 on the mode) and get_vdp22_retval on its errno.
import type { DeviceContext } from '../../../sim/device';
import type { IpAddress } from '../../../frame/address';
import { formatUuid } from '../codec/vsiid';
import { sameVsi, type GuestSpec } from '../guest';
import type { Lldpad22 } from './lldpad22';
import { parseVdptoolArgs, type ClifVsi } from './vdptool-args';
import { clifAnswer, vdp22Retval, CMD_STATUS } from './clif-status';
import * as say from './words';

export interface VdptoolHost {
  id: string;
  lldpad22: Lldpad22;
  role: 'station' | 'bridge';
  guests: ReadonlyMap<string, GuestSpec>;
  /** Any address for a VSI that belongs to no configured guest (it never sends traffic). */
  anyIp: IpAddress;
}

/** The VSI vdptool describes, named after the guest with its UUID when there is one. */
function vsiSpec(h: VdptoolHost, v: ClifVsi): GuestSpec {
  const uuid = formatUuid(v.uuid);
  const f = v.filters[0];
  const base = [...h.guests.values()].find((g) => g.uuid.toLowerCase() === uuid);
  const mgrid2 = v.nlVersion === 2 ? v.mgrid2 : new Uint8Array(16);
  const spec: GuestSpec = {
    name: base?.name ?? `vdptool:${uuid}`,
    mac: f.mac ?? base?.mac ?? new Uint8Array(6),
    vlan: f.vlan & 0xfff,
    ip: base?.ip ?? h.anyIp,
    managerId: mgrid2[0],
    typeId: v.typeId,
    typeVersion: v.typeVersion,
    uuid,
    clif: { mgrid2, fif: v.fif, qos: (f.vlan >> 12) & 0xf, ...(f.groupId !== undefined && { groupId: f.groupId }) },
  };
  // vdp22_findvsi: a VSI with another manager ID, type or filter format is a second VSI
  const held = h.lldpad22.vsiOf(spec.name);
  return held && !sameVsi(held, spec) ? { ...spec, name: `vdptool:${uuid}` } : spec;
}

export function runVdptool(ctx: DeviceContext, h: VdptoolHost, args: readonly string[]): void {
  const answer = (returned: number, errno: number | undefined, why: string): void => {
    const a = clifAnswer(returned);
    ctx.note('decide', {
      decision: say.vdptoolClifAnswer(args, a, why),
      source: 'lldpad vdp22_clif_cmd (qbg/vdp22_cmds.c set_arg_vsi3, get_vdp22_retval); vdptool print_status',
      layer: 'control',
      detail: {
        clif: {
          args: [...args],
          status: a.status,
          statusName: a.name,
          text: a.text,
          ...(errno !== undefined && { errno }),
        },
        returns: { errno: errno ?? 0, to: 'vdptool' },
      },
    });
  };
  // vdptool counts the filter arguments into ops (strncasecmp "filter"); set_arg_vsi2 returns
  // -EINVAL itself for none, which the clif reply carries as the status byte 0xea.
  if (!args.some((a) => a.toLowerCase().startsWith('filter'))) {
    answer(-22, -22, say.vdptoolNoFilter());
    return;
  }
  const p = parseVdptoolArgs(args);
  if (!p.ok) {
    answer(vdp22Retval(-22), -22, say.vdptoolBadArg(p.key, p.why));
    return;
  }
  if (h.role === 'bridge') {
    answer(CMD_STATUS.cmd_not_applicable, -95, say.vdptoolBridgeRole());
    return;
  }
  const v = p.vsi;
  if (v.filters.length > 1)
    throw new Error(
      `vdptool on ${h.id}: ${v.filters.length} filter entries parse, but the lab's VSIs carry one filter entry`,
    );
  const spec = vsiSpec(h, v);
  const r = h.lldpad22.request(ctx, spec, v.mode, v.hints, true);
  const missing = v.missing.length ? say.vdptoolIncomplete(v.missing) : '';
  answer(vdp22Retval(r.errno), r.errno, `${missing}${r.why}`);
}
