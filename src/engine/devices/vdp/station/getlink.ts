// The shape of lldpad's RTM_GETLINK reply (qbg/vdpnl.c vdpnl_getlink) and what libvirt reads
// from it (src/util/virnetdevvportprofile.c virNetDevVPortProfileGetStatus).
//
// vdpnl_getlink opens an IFLA_VF_PORTS nest and asks vdp22_status(++i) / vdp_status(++i) for
// entry number i of the interface's VSI list (newest first: LIST_INSERT_HEAD) until there is
// none. Each call that reports a finished VSI (answer present, VDP22_DELETE_ME / VSI_EXIT)
// removes it from the list at once, so entry i+1 of the shortened list is the old entry i+2:
// the VSI right after a deleted one is skipped in that reply (and vdp22's copy_vsi does not
// clear its NLCMD flag). libnl's nla_nest_end (lib/attr.c, since 3.1 "Omit empty nested
// attributes") cancels a nest with nothing in it, so an empty list sends no IFLA_VF_PORTS at
// all; libvirt then reports "IFLA_VF_PORTS is missing", and "Could not find netlink response
// with expected parameters" only when other VSIs were listed.

/** One IFLA_VF_PORT nest of the reply (vdpnl_reply2). */
export interface VfPort {
  /** IFLA_PORT_INSTANCE_UUID */
  uuid: string;
  /** IFLA_PORT_VF: always PORT_SELF_VF (-1) from lldpad. */
  vf: number;
  /** IFLA_PORT_RESPONSE, absent while the VSI has no answer (VDP_RESPONSE_NO_RESPONSE). */
  response?: number;
}

export const PORT_SELF_VF = -1;

/** vdp_status / vdp22_status: no answer from the bridge yet (VDP_RESPONSE_NO_RESPONSE). */
const NO_RESPONSE = 255;

/** What the station tells libvirt about one VSI in an RTM_GETLINK reply. */
export interface PortStatus {
  /** The VSI is listed in IFLA_VF_PORTS (or, for the kernel, IFLA_PORT_SELF is present). */
  listed: boolean;
  /** IFLA_PORT_RESPONSE when present (status != 255). */
  response?: number;
  /** lldpad: every IFLA_VF_PORT of the reply, in order; empty means libnl dropped IFLA_VF_PORTS. */
  ports?: VfPort[];
  /**
   * lldpad VDP22: the response was left by an earlier exchange; the VSI's current request is
   * still unanswered (vdp22_modvsi keeps `status`, copy_vsi reports it as it is).
   */
  stale?: boolean;
}

/**
 * Walk `queue` (newest first) as vdpnl_getlink's do-while does. `visit` reports an entry and
 * returns true when the status call removed it from the list.
 */
export function walkVfPorts<T>(queue: T[], visit: (item: T) => { port: VfPort; removed: boolean }): VfPort[] {
  const list = [...queue];
  const ports: VfPort[] = [];
  for (let i = 1; i <= list.length; i++) {
    const item = list[i - 1];
    const { port, removed } = visit(item);
    ports.push(port);
    if (removed) list.splice(i - 1, 1);
  }
  return ports;
}

/** What virNetDevVPortProfileGetStatus concludes for lldpad's reply (vf PORT_SELF_VF, not the kernel). */
export type VfPortsVerdict =
  { kind: 'missing' } | { kind: 'not-found'; entries: number } | { kind: 'found'; response?: number };

export function readVfPorts(ports: VfPort[] | undefined, uuid: string): VfPortsVerdict {
  // nla_nest_end trimmed the empty nest: tb[IFLA_VF_PORTS] is NULL.
  if (!ports || ports.length === 0) return { kind: 'missing' };
  // The first IFLA_VF_PORT whose instance UUID and IFLA_PORT_VF both match.
  const p = ports.find((x) => x.uuid.toLowerCase() === uuid.toLowerCase() && x.vf === PORT_SELF_VF);
  if (!p) return { kind: 'not-found', entries: ports.length };
  return { kind: 'found', ...(p.response !== undefined && { response: p.response }) };
}

/**
 * lldpad's whole reply for the VSI `uuid` asks about: `visit` gives each listed VSI's UUID and
 * answer (255 while none) and whether reporting it removed it; libvirt's reading of the reply
 * decides `listed` and `response`. Shared by VDP 0.2 (vdp_status) and VDP22 (vdp22_status).
 */
export function lldpadReply<T>(
  queue: T[],
  uuid: string,
  visit: (item: T) => { uuid: string; answer: number; removed: boolean },
): PortStatus {
  const ports = walkVfPorts(queue, (item) => {
    const { uuid: u, answer, removed } = visit(item);
    return { port: { uuid: u, vf: PORT_SELF_VF, ...(answer !== NO_RESPONSE && { response: answer }) }, removed };
  });
  const r = readVfPorts(ports, uuid);
  return {
    listed: r.kind === 'found',
    ...(r.kind === 'found' && r.response !== undefined && { response: r.response }),
    ports,
  };
}
