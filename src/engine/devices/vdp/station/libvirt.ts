// libvirt's port-profile calls as a student sees them (src/util/virnetdevvportprofile.c,
// virnetdevmacvlan.c): RTM_SETLINK with the request, NLMSG_ERROR in reply, then RTM_GETLINK
// polls reading IFLA_PORT_RESPONSE. virNetDevVPortProfileOpCommon's loop dumps first and
// sleeps after (`while (--repeats >= 0) { dump; check; usleep(125 ms); }`), so the first
// poll comes at once, before any answer from the switch can have arrived, and can read the
// status a previous command left; 80 passes, then "timed out" 10 s after the SETLINK. For
// 802.1Qbg the target is lldpad; for 802.1Qbh it is the kernel driver (enic). Fact sheet §4.4.
import type { DeviceContext } from '../../../sim/device';
import { PORT_REQUEST, PORT_REQUEST_NAMES } from '../codec/constants';
import type { GuestSpec } from '../guest';
import type { PortStatus } from './getlink';
import * as say from './words';
import { errorRecord, getlinkRecords, setlinkRecords } from './netlink-records';

export const POLL_INTERVAL = 125_000_000;
export const POLL_TRIES = 80;
export const PROFILE_RESPONSE = {
  SUCCESS: 0x100,
  INPROGRESS: 0x101,
  INVALID: 0x102,
  BADSTATE: 0x103,
  INSUFFICIENT_RESOURCES: 0x104,
  ERROR: 0x105,
} as const;

export type VmOp = 'CREATE' | 'MIGRATE_IN_START' | 'MIGRATE_IN_FINISH' | 'DESTROY' | 'MIGRATE_OUT';

export interface PortProfileBackend {
  readonly kind: '802.1Qbg' | '802.1Qbh';
  /** Who receives the netlink message: "lldpad (pid from /var/run/lldpad.pid)" or "the kernel (enic_set_vf_port)". */
  readonly target: string;
  setlink(ctx: DeviceContext, g: GuestSpec, request: number): { errno: number; why: string };
  getlink(ctx: DeviceContext, g: GuestSpec): PortStatus;
  /**
   * The target cannot read its netlink socket now (lldpad blocked in vdp_trigger's sleep(1)):
   * queue `fn` for when it can and return true; libvirt waits for the reply meanwhile.
   */
  whenReady?(ctx: DeviceContext, fn: (ctx: DeviceContext) => void): boolean;
  /**
   * lldpad is not running: "stopped" (it exited cleanly and unlinked /var/run/lldpad.pid, or
   * never ran) or "crashed" (killed: the pid file still names a process with no netlink socket).
   */
  readonly lldpadDown?: 'stopped' | 'crashed';
}

export interface LibvirtOwner {
  backend: PortProfileBackend;
  /** The operation ended: success starts/keeps the guest, failure says why. */
  done(ctx: DeviceContext, g: GuestSpec, op: VmOp, ok: boolean, message: string): void;
}

const SRC = 'libvirt virNetDevVPortProfileOpSetLink / virNetDevVPortProfileGetStatus';

export class Libvirt {
  /** A newer operation on the same guest stops an older poll loop. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly o: LibvirtOwner) {}

  associate(ctx: DeviceContext, g: GuestSpec, op: VmOp, setlinkOnly = false): void {
    const qbh = this.o.backend.kind === '802.1Qbh';
    const req =
      op === 'MIGRATE_IN_START'
        ? qbh
          ? PORT_REQUEST.PREASSOCIATE_RR
          : PORT_REQUEST.PREASSOCIATE
        : PORT_REQUEST.ASSOCIATE;
    this.run(ctx, g, op, req, setlinkOnly);
  }

  /** A raw IFLA_PORT_REQUEST, as a management tool other than libvirt could send it. */
  request(ctx: DeviceContext, g: GuestSpec, req: number): void {
    this.run(ctx, g, 'CREATE', req, false);
  }

  disassociate(ctx: DeviceContext, g: GuestSpec, op: VmOp): void {
    this.run(ctx, g, op, PORT_REQUEST.DISASSOCIATE, false);
  }

  /** The message waits in the target's socket; libvirt blocks on the reply. */
  private waits(ctx: DeviceContext, msg: string, fn: (ctx: DeviceContext) => void): boolean {
    if (!this.o.backend.whenReady?.(ctx, fn)) return false;
    ctx.note('decide', {
      decision: say.netlinkWaitsForLldpad(msg),
      source: 'lldpad vdp_trigger sleep(1); libvirt virNetlinkCommand',
      layer: 'control',
    });
    return true;
  }

  private run(ctx: DeviceContext, g: GuestSpec, op: VmOp, req: number, setlinkOnly: boolean): void {
    if (this.waits(ctx, 'RTM_SETLINK', (c) => this.run(c, g, op, req, setlinkOnly))) return;
    const b = this.o.backend;
    // virNetDevVPortProfileOpSetLink asks virNetDevVPortProfileGetLldpadPid for the destination
    // before it sends: no pid file, nothing is sent at all.
    if (b.lldpadDown === 'stopped') {
      this.unreachable(
        ctx,
        g,
        op,
        req,
        -2,
        say.lldpadPidFileMissing(),
        'libvirt virNetDevVPortProfileGetLldpadPid',
        setlinkOnly,
      );
      return;
    }
    const attrs =
      b.kind === '802.1Qbg' ? say.iflaVfinfoListIfla2(g, req) : say.iflaPortSelfIfla2(g.profile ?? '', g.uuid, req);
    // Bytes for the lldpad path only: the kernel's replies carry every link attribute, which the lab leaves out.
    const nl = b.kind === '802.1Qbg' ? setlinkRecords(ctx.now, g, req) : undefined;
    ctx.note('decide', {
      decision: say.libvirtVmOpSendsRtm2(op, b.target, attrs),
      source: `${SRC} (${b.kind})`,
      layer: 'control',
      detail: {
        netlink: {
          msg: 'RTM_SETLINK',
          request: req,
          requestName: PORT_REQUEST_NAMES[req],
          guest: g.name,
          target: b.kind,
          ...(nl && { bytes: nl.hex }),
        },
      },
    });
    if (b.lldpadDown === 'crashed') {
      // netlink_unicast → netlink_getsockbyportid finds no socket for that port id
      const src = 'libvirt virNetlinkCommand; af_netlink.c netlink_unicast';
      this.unreachable(ctx, g, op, req, -111, say.lldpadNoSocket(), src, setlinkOnly);
      return;
    }
    const r = b.setlink(ctx, g, req);
    ctx.note('decide', {
      decision: say.repliesNlmsgError2(b, r.errno, r.why),
      source: b.kind === '802.1Qbg' ? 'lldpad vdpnl_setlink' : 'rtnetlink do_setlink → enic_set_vf_port',
      layer: 'control',
      detail: {
        netlink: {
          msg: 'NLMSG_ERROR',
          errno: r.errno,
          guest: g.name,
          ...(nl && { bytes: errorRecord(nl.request, r.errno) }),
        },
        returns: { errno: r.errno, to: 'libvirt' },
      },
    });
    const gen = (this.generation.get(g.name) ?? 0) + 1;
    this.generation.set(g.name, gen);
    if (r.errno !== 0) {
      // the callback's re-send ignores its result (ignore_value in virNetDevMacVLanVPortProfileCallback)
      this.o.done(
        ctx,
        g,
        op,
        false,
        setlinkOnly
          ? say.setlinkOnlyIgnored(say.errorDuringVirtualPort2(r.errno))
          : say.errorDuringVirtualPort2(r.errno),
      );
      return;
    }
    if (setlinkOnly) {
      this.o.done(ctx, g, op, true, say.sentSetlinkLibvirtPoll2());
      return;
    }
    this.poll(ctx, g, op, req, 1, gen);
  }

  /**
   * The request never reached lldpad: virNetDevVPortProfileOpCommon adds "sending of
   * PortProfileRequest failed." (the error virsh shows; the first one is in libvirtd's log) and
   * returns without polling.
   */
  private unreachable(
    ctx: DeviceContext,
    g: GuestSpec,
    op: VmOp,
    req: number,
    errno: number,
    why: string,
    source: string,
    setlinkOnly: boolean,
  ): void {
    ctx.note('decide', {
      decision: say.libvirtCannotReachLldpad(op, PORT_REQUEST_NAMES[req], why, errno !== -2),
      source,
      layer: 'control',
      detail: {
        netlink: {
          msg: 'RTM_SETLINK',
          request: req,
          requestName: PORT_REQUEST_NAMES[req],
          guest: g.name,
          sent: errno !== -2,
        },
        returns: { errno, to: 'libvirt' },
      },
    });
    const gen = (this.generation.get(g.name) ?? 0) + 1;
    this.generation.set(g.name, gen);
    const msg = say.sendingPortProfileRequestFailed();
    this.o.done(ctx, g, op, false, setlinkOnly ? say.setlinkOnlyIgnored(msg) : msg);
  }

  /** After the loop: status still INPROGRESS, so virNetDevVPortProfileOpCommon reports a timeout (rc -2). */
  private timedOut(ctx: DeviceContext, g: GuestSpec, op: VmOp, gen: number): void {
    if (this.generation.get(g.name) !== gen) return;
    ctx.note('decide', {
      source: `${SRC} (${this.o.backend.kind})`,
      layer: 'control',
      decision: say.libvirtPollsOverStill(),
      detail: { netlink: { msg: 'timeout', polls: POLL_TRIES, guest: g.name }, returns: { errno: -2, to: 'libvirt' } },
    });
    this.o.done(ctx, g, op, false, say.portProfileSetlinkTimed2());
  }

  private poll(ctx: DeviceContext, g: GuestSpec, op: VmOp, req: number, n: number, gen: number): void {
    if (this.generation.get(g.name) !== gen) return;
    if (this.waits(ctx, 'RTM_GETLINK', (c) => this.poll(c, g, op, req, n, gen))) return;
    const b = this.o.backend;
    const s = b.getlink(ctx, g);
    const base = { source: `${SRC} (${b.kind})`, layer: 'control' as const };
    const missing = s.response === undefined;
    const inProgress = (missing && b.kind === '802.1Qbg') || s.response === PROFILE_RESPONSE.INPROGRESS;
    const ok = s.response === 0 || s.response === PROFILE_RESPONSE.SUCCESS;
    // What libvirt concludes from this reply, for checks and lessons. virNetDevVPortProfileGetStatus
    // reads IFLA_PORT_SELF from the kernel (vf PORT_SELF_VF) and IFLA_VF_PORTS from lldpad.
    const kernel = b.kind === '802.1Qbh';
    const absent = kernel ? 'IFLA_PORT_SELF is missing' : 'IFLA_VF_PORTS is missing';
    const missingNest = !s.listed && (kernel || (s.ports ?? []).length === 0);
    const result = missingNest
      ? 'missing'
      : !s.listed
        ? 'not found'
        : inProgress
          ? 'in progress'
          : ok
            ? 'success'
            : 'error';
    const detail = {
      netlink: {
        msg: 'RTM_GETLINK',
        poll: n,
        response: s.response,
        listed: s.listed,
        result,
        ...(s.stale && { stale: true }),
        guest: g.name,
        target: b.kind,
        reply: say.getlinkReplyAttrs(b.kind, s),
        ...(b.kind === '802.1Qbg' && getlinkRecords(ctx.now, s.ports)),
      },
    };
    if (missingNest) {
      ctx.note('decide', { ...base, decision: say.libvirtPollNestMissing(n, absent, kernel), detail });
      this.o.done(ctx, g, op, false, absent);
      return;
    }
    if (!s.listed) {
      ctx.note('decide', {
        ...base,
        decision: say.libvirtPollIflaVf2(n, g.uuid, (s.ports ?? []).length),
        detail,
      });
      this.o.done(ctx, g, op, false, say.couldFindNetlinkResponse2());
      return;
    }
    if (inProgress) {
      const last = n >= POLL_TRIES;
      ctx.note('decide', {
        ...base,
        decision: say.libvirtPollProgress(missing, last, n),
        detail,
      });
      ctx.schedule(POLL_INTERVAL, 'libvirt poll', (c) =>
        last ? this.timedOut(c, g, op, gen) : this.poll(c, g, op, req, n + 1, gen),
      );
      return;
    }
    if (missing) {
      ctx.note('decide', {
        ...base,
        decision: say.libvirtPollDriverReports2(n),
        detail,
      });
      this.o.done(ctx, g, op, false, say.portProfileResponseDriver2());
      return;
    }
    ctx.note('decide', {
      ...base,
      decision: say.libvirtPollIflaPort2(ok, req, s, n),
      detail,
    });
    this.o.done(ctx, g, op, ok, ok ? 'success' : say.errorDuringPortProfile2(s.response));
  }
}
