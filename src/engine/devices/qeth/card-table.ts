// The OSA port's registration table: per sharing stack (one DEVNO, i.e. one subchannel
// triple of one guest) its registered IP addresses, multicast groups, routing role per
// protocol, isolation mode, broadcast assist and, in layer 2, its registered MAC.
// The operations return the OSA return code a real card gives (IBM "OSA reject codes -
// Layer 3", qeth_ipa_rc_msg) and leave the table unchanged when they fail.
// Kept free of the simulator so the demultiplexer can be property-tested on any table.
import { RC, ROUTING, SETIP_FLAG, type Isolation, type ReturnCode, type RoutingRole } from './ipa-codes';
import * as say from './words';

export interface IpEntry {
  readonly prefix: number;
  readonly flags: number;
  readonly version: 4 | 6;
}

export interface StackRow {
  readonly devno: string;
  readonly layer: 2 | 3;
  /** False while the guest's data connection is down: it then gets nothing. */
  active: boolean;
  route4: RoutingRole;
  route6: RoutingRole;
  isolation: Isolation;
  /** IPA_FILTERING configured with "broadcast enabled". */
  broadcast: boolean;
  /** IPA_FILTERING enabled with "broadcast echo filtering": no copy of its own broadcasts. */
  echoFilter: boolean;
  /** Layer 2: the MAC registered with SETVMAC. */
  vmac?: string;
  /** Layer 2: group MACs registered with SETGMAC (multicast the stack wants). */
  readonly gmacs: Set<string>;
  readonly ips: Map<string, IpEntry>;
  readonly groups: Set<string>;
  /** Order the stack came online; used to pick among several secondary routers. */
  readonly order: number;
}

export interface CardLimits {
  /** Addresses for all stacks of the port (first-generation OSA-Express: 512, per IBM TPF docs). */
  readonly maxIps: number;
  /** Whether the card offers the IPA_OSA_MC_ROUTER assist. */
  readonly multicastRouter: boolean;
  /** Several secondary routers allowed (depends on OSA level). */
  readonly multipleSecondary: boolean;
}

export interface OpResult {
  readonly rc: ReturnCode;
  /** Why, in plain words, with the values that decided it. */
  readonly why: string;
  /** The DEVNO that holds the address or role in conflict, or lost it to a takeover. */
  readonly other?: string;
}

const ok = (why: string, other?: string): OpResult => ({ rc: RC.SUCCESS, why, ...(other && { other }) });
const fail = (rc: ReturnCode, why: string, other?: string): OpResult => ({ rc, why, ...(other && { other }) });

export class CardTable {
  readonly stacks = new Map<string, StackRow>();
  private nextOrder = 0;

  constructor(readonly limits: CardLimits) {}

  row(devno: string, layer: 2 | 3 = 3): StackRow {
    let r = this.stacks.get(devno);
    if (!r) {
      r = {
        devno,
        layer,
        active: true,
        route4: 'no_router',
        route6: 'no_router',
        isolation: 'none',
        broadcast: false,
        echoFilter: false,
        ips: new Map(),
        groups: new Set(),
        gmacs: new Set(),
        order: this.nextOrder++,
      };
      this.stacks.set(devno, r);
    }
    return r;
  }

  /** The active stack that registered `ip` (unicast), if any. */
  ownerOf(ip: string): StackRow | undefined {
    for (const r of this.stacks.values()) if (r.active && r.ips.has(ip)) return r;
    return undefined;
  }

  ipCount(): number {
    let n = 0;
    for (const r of this.stacks.values()) n += r.ips.size;
    return n;
  }

  /**
   * SETIP from `devno`. The same-port check comes first (0xe005, IPv6 0x0010); the LAN
   * check (gratuitous ARP, 0xe00a) is the caller's, because it takes time on the wire.
   */
  checkSetip(devno: string, ip: string, version: 4 | 6, flags: number): OpResult {
    const owner = this.ownerOf(ip);
    const me = this.row(devno);
    if (owner && owner.devno !== devno) {
      const covered = (flags & SETIP_FLAG.TAKEOVER) !== 0;
      // The card sees a device as takeover-enabled when its own SETIP carried TAKEOVER
      // (the driver sets it only with ipa_takeover/enable=1 and a covering range).
      const ownerEnabled = ((owner.ips.get(ip)?.flags ?? 0) & SETIP_FLAG.TAKEOVER) !== 0;
      if (covered && ownerEnabled) {
        return ok(say.registeredDevnoSetipCarries(ip, owner.devno, devno), owner.devno);
      }
      const why = covered
        ? say.alreadyRegisteredPortDevno(ip, owner.devno)
        : say.alreadyRegisteredPortDevno2(ip, owner.devno);
      return fail(version === 6 ? RC.DUP_IPV6_HOME : RC.DUPLICATE_IP_ADDRESS, why, owner.devno);
    }
    if (!me.ips.has(ip) && this.ipCount() >= this.limits.maxIps) {
      return fail(RC.IP_ADDR_TABLE_FULL, say.portAlreadyHoldsAddresses(this.ipCount(), this.limits.maxIps));
    }
    return ok(say.registeredAnyOtherStack(ip));
  }

  /** Commit a SETIP that passed every check; a takeover removes the address from its old owner. */
  commitSetip(devno: string, ip: string, e: IpEntry): string | undefined {
    const owner = this.ownerOf(ip);
    let taken: string | undefined;
    if (owner && owner.devno !== devno) {
      owner.ips.delete(ip);
      taken = owner.devno;
    }
    this.row(devno).ips.set(ip, e);
    return taken;
  }

  delip(devno: string, ip: string): OpResult {
    const me = this.row(devno);
    if (!me.ips.has(ip)) {
      const owner = this.ownerOf(ip);
      return fail(
        RC.IP_ADDRESS_NOT_DEFINED,
        owner ? say.registeredDevnoNothingDelete(ip, owner.devno, devno) : `${ip} is not registered by DEVNO ${devno}.`,
        owner?.devno,
      );
    }
    me.ips.delete(ip);
    return ok(`${ip} removed from DEVNO ${devno}.`);
  }

  setipm(devno: string, group: string): OpResult {
    const me = this.row(devno);
    if (me.groups.has(group)) return fail(RC.MC_ADDR_ALREADY_DEFINED, say.devnoAlreadyRegisteredGroup(devno, group));
    me.groups.add(group);
    return ok(`group ${group} registered for DEVNO ${devno}.`);
  }

  delipm(devno: string, group: string): OpResult {
    const me = this.row(devno);
    if (!me.groups.has(group)) return fail(RC.MC_ADDR_NOT_FOUND, say.devnoRegisteredGroup(devno, group));
    me.groups.delete(group);
    return ok(`group ${group} removed from DEVNO ${devno}.`);
  }

  setrtg(devno: string, version: 4 | 6, type: number): OpResult {
    const me = this.row(devno);
    const role = (Object.keys(ROUTING) as RoutingRole[]).find((k) => ROUTING[k] === type);
    const key = version === 4 ? 'route4' : 'route6';
    if (
      !role ||
      role === 'primary_connector' ||
      role === 'secondary_connector' ||
      (role === 'multicast_router' && !this.limits.multicastRouter)
    ) {
      return fail(RC.INVALID_SETRTG_INDICATOR, say.routingTypeValidOsa(role, type));
    }
    for (const r of this.stacks.values()) {
      if (r.devno === devno || !r.active) continue;
      if (role === 'primary_router' && r[key] === 'primary_router')
        return fail(RC.PRIMARY_ALREADY_DEFINED, say.devnoAlreadyIPvPrimary(r.devno, version), r.devno);
      if (role === 'secondary_router' && r[key] === 'secondary_router' && !this.limits.multipleSecondary)
        return fail(RC.SECOND_ALREADY_DEFINED, say.devnoAlreadyIPvSecondary(r.devno, version), r.devno);
    }
    me[key] = role;
    return ok(`DEVNO ${devno} is now IPv${version} ${role.replace('_', ' ')}.`);
  }

  /**
   * CREATE_ADDR (qeth_l3_get_unique_id): a 16-bit id for this stack that no other stack
   * on the port has, which the driver puts in dev_id for addrconf_ifid_eui48. How a real
   * OSA numbers them is not documented; this card hands out 1, 2, 3 ... in the order the
   * stacks first ask, and the same id again to a stack that asks again.
   */
  uniqueId(devno: string): number {
    let id = this.uids.get(devno);
    if (id === undefined) {
      id = this.uids.size + 1;
      this.uids.set(devno, id);
    }
    return id;
  }

  private readonly uids = new Map<string, number>();

  /** SETGMAC: a layer-2 stack asks for frames to a group MAC (qeth_l2_add_mac for multicast). */
  setgmac(devno: string, mac: string): OpResult {
    const me = this.row(devno, 2);
    if (me.gmacs.has(mac)) return fail(RC.L2_DUP_MAC, `DEVNO ${devno} already registered group MAC ${mac}.`);
    me.gmacs.add(mac);
    return ok(`group MAC ${mac} registered for DEVNO ${devno}.`);
  }

  setvmac(devno: string, mac: string): OpResult {
    for (const r of this.stacks.values()) {
      if (r.devno !== devno && r.active && r.vmac === mac)
        return fail(RC.L2_DUP_MAC, say.macAlreadyRegisteredPort(mac, r.devno), r.devno);
    }
    this.row(devno, 2).vmac = mac;
    return ok(`MAC ${mac} registered for DEVNO ${devno}.`);
  }

  delvmac(devno: string): OpResult {
    const me = this.row(devno, 2);
    if (!me.vmac) return fail(RC.UNREGISTERED_ADDR, `DEVNO ${devno} has no registered MAC.`);
    delete me.vmac;
    return ok(`MAC removed from DEVNO ${devno}.`);
  }

  /** The guest's data connection went away: the card forgets everything it registered. */
  deactivate(devno: string): void {
    const r = this.stacks.get(devno);
    if (!r) return;
    r.active = false;
    r.ips.clear();
    r.groups.clear();
    r.route4 = 'no_router';
    r.route6 = 'no_router';
    delete r.vmac;
  }

  /** Primary router for the protocol, else the first active secondary (by when it came online). */
  router(version: 4 | 6, exclude?: string): { row: StackRow; role: 'primary_router' | 'secondary_router' } | undefined {
    const key = version === 4 ? 'route4' : 'route6';
    const act = [...this.stacks.values()].filter((r) => r.active && r.devno !== exclude);
    const p = act.find((r) => r[key] === 'primary_router');
    if (p) return { row: p, role: 'primary_router' };
    const s = act.filter((r) => r[key] === 'secondary_router').sort((a, b) => a.order - b.order)[0];
    return s ? { row: s, role: 'secondary_router' } : undefined;
  }
}
