// The bytes of libvirt's and lldpad's netlink messages for one step (codec/netlink.ts), with
// the values the sources give where a real host has its own:
//   nlmsg_seq  libnl's nl_complete_msg takes it from the socket's s_seq_next, which nl_socket_alloc
//              sets to time(NULL); libvirt allocates a socket per virNetlinkCommand, so the seq is
//              the wall-clock second of the call. The lab's clock starts at LAB_EPOCH.
//   nlmsg_pid  virNetlinkCommand sets the sender's port id to libvirtd's pid (LIBVIRTD_PID here);
//              lldpad echoes both in its replies (vdpnl_error, vdpnl_getlink).
//   ifindex    the physical port's index (PHYSDEV_IFINDEX: 1 is lo), and its name is the lab's
//              port name, "uplink".
import type { Time } from '../../../sim/types';
import { getlinkReplyLldpad, getlinkRequest, nlmsgError, setlinkQbg } from '../codec/netlink';
import type { GuestSpec } from '../guest';
import type { VfPort } from './getlink';

export const LAB_EPOCH = 1_700_000_000;
export const LIBVIRTD_PID = 1000;
export const PHYSDEV_IFINDEX = 2;
export const PHYSDEV_NAME = 'uplink';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const seqAt = (now: Time): number => LAB_EPOCH + Math.floor(now / 1e9);

export function setlinkRecords(now: Time, g: GuestSpec, request: number): { request: Uint8Array; hex: string } {
  const req = setlinkQbg({
    seq: seqAt(now),
    pid: LIBVIRTD_PID,
    ifindex: PHYSDEV_IFINDEX,
    ifname: PHYSDEV_NAME,
    mac: g.mac,
    vlan: g.vlan,
    managerId: g.managerId,
    typeId: g.typeId,
    typeVersion: g.typeVersion,
    uuid: g.uuid,
    request,
  });
  return { request: req, hex: hex(req) };
}

export const errorRecord = (request: Uint8Array, errno: number): string => hex(nlmsgError(request, errno));

export function getlinkRecords(now: Time, ports: readonly VfPort[] | undefined): { bytes: string; replyBytes: string } {
  const s = { seq: seqAt(now), pid: LIBVIRTD_PID, ifindex: PHYSDEV_IFINDEX };
  return {
    bytes: hex(getlinkRequest(s)),
    replyBytes: hex(
      getlinkReplyLldpad({ ...s, ports: (ports ?? []).map((p) => ({ uuid: p.uuid, response: p.response })) }),
    ),
  };
}
