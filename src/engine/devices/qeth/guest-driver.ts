// The guest side of registration: Linux's `ip addr` list, the qeth driver's own table of
// addresses (ip_htable, with the disposition QETH_DISP_ADDR_ADD / DO_NOTHING) and what
// each IPA reply does to them. Follows qeth_l3_main.c of the current (hashtable) driver:
//   qeth_l3_add_ip      keeps the entry when SETIP ended with 0, -EADDRINUSE or -ENETDOWN,
//                       frees it on any other error (0xe00a maps to -EIO: freed);
//   qeth_l3_delete_ip   sends DELIP and frees the entry whatever the card answers;
//   qeth_l3_recover_ip  re-registers every ADD entry and frees those that fail (so a
//                       duplicate 0xe005 address leaves the driver table after recovery);
//   qeth_l3_get_setdelip_flags  RXIP -> TAKEOVER, VIPA -> VIPA, normal -> TAKEOVER only
//                       when ipa_takeover is enabled and a range covers the address.
// The address itself stays on the interface in every case: the notifier's result is
// not reported back to `ip addr add`.
import type { DeviceContext } from '../../sim/device';
import { parseIp } from '../../frame/address';
import { errnoValue } from '../../scenario/errno';
import { IPA_CMD, RC, SETIP_FLAG, hexRc, rcByCode, rcFor, setdelipErrno } from './ipa-codes';
import type { IpaQueue } from './ipa-queue';
import type { AddrSpec, GuestConfig } from './guest-config';
import { mcMac } from './frames';
import * as say from './words';

export type AddrType = 'normal' | 'vipa' | 'rxip';

export interface DriverEntry {
  disp: 'ADD' | 'DO_NOTHING';
  readonly flags: number;
  readonly type: AddrType;
  readonly prefix: number;
  readonly version: 4 | 6;
}

const SRC_ADD = 'qeth_l3_add_ip / qeth_l3_register_addr_entry (qeth_l3_main.c)';

function covered(cfg: GuestConfig, a: AddrSpec): boolean {
  if (!cfg.takeover.enable) return false;
  const bits = (ip: string): string => {
    const r = parseIp(ip);
    return r.ok ? [...r.value.bytes].map((b) => b.toString(2).padStart(8, '0')).join('') : '';
  };
  const mine = bits(a.ip);
  return cfg.takeover.ranges.some(
    (r) => r.version === a.version && mine.slice(0, r.prefix) === bits(r.ip).slice(0, r.prefix),
  );
}

export class GuestDriver {
  readonly addrs = new Map<string, AddrSpec & { type: AddrType }>();
  readonly table = new Map<string, DriverEntry>();
  readonly groups = new Set<string>();

  constructor(
    private readonly cfg: GuestConfig,
    private readonly queue: IpaQueue,
    private readonly linkUp: () => boolean,
  ) {}

  /** `ip addr add` (or the vipa/rxip sysfs attributes) and the notifier that follows. */
  addAddress(ctx: DeviceContext, a: AddrSpec, type: AddrType = 'normal'): void {
    if (this.addrs.has(a.ip)) {
      ctx.note('decide', {
        decision: say.ipAddrAddRtnetlink(a.ip, a.prefix),
        source: 'inet_rtm_newaddr',
        layer: 'L3',
        detail: { returns: { errno: errnoValue('-EEXIST'), to: 'ip addr add' } },
      });
      return;
    }
    this.addrs.set(a.ip, { ...a, type });
    if (this.cfg.layer === 2) {
      // qeth_l2 registers MACs, not IP addresses: the address is the guest's own business.
      this.publishAddr(ctx, a.ip, say.layerRegisteredCardSetip());
      return;
    }
    this.publishAddr(ctx, a.ip, 'registering');
    if (this.table.has(a.ip)) return;
    const flags =
      type === 'rxip'
        ? SETIP_FLAG.TAKEOVER
        : type === 'vipa'
          ? SETIP_FLAG.VIPA
          : covered(this.cfg, a)
            ? SETIP_FLAG.TAKEOVER
            : SETIP_FLAG.DEFAULT;
    this.table.set(a.ip, { disp: 'ADD', flags, type, prefix: a.prefix, version: a.version });
    this.publishEntry(ctx, a.ip);
    if (!this.linkUp()) {
      ctx.note('decide', {
        decision: say.cardReachableDriverMarks(a.ip),
        source: SRC_ADD,
        layer: 'control',
      });
      return;
    }
    this.register(ctx, a.ip, false);
  }

  /** SETIP with up to three attempts; `recovering` follows qeth_l3_recover_ip instead of qeth_l3_add_ip. */
  register(ctx: DeviceContext, ip: string, recovering: boolean): void {
    const e = this.table.get(ip)!;
    const addr = parseIp(ip);
    if (!addr.ok) return;
    this.queue.submit(ctx, {
      c: { cmd: IPA_CMD.SETIP, seqno: 0, rc: 0, prot: e.version, ip: addr.value, prefix: e.prefix, flags: e.flags },
      attempts: 3,
      source: recovering ? 'qeth_l3_recover_ip (qeth_l3_main.c)' : SRC_ADD,
      done: (rc, c2) => this.setipDone(c2, ip, rc, recovering),
      // qeth_l3_register_addr_entry returns qeth_l3_setdelip_cb's errno after its last attempt.
      returns: {
        to: recovering ? 'qeth_l3_recover_ip' : 'qeth_l3_add_ip',
        errno: (rc) => errnoValue(setdelipErrno(rc)) ?? -1,
      },
    });
  }

  private setipDone(ctx: DeviceContext, ip: string, rc: number, recovering: boolean): void {
    const errno = setdelipErrno(rc);
    const e = this.table.get(ip);
    if (!e) return;
    const dev = this.cfg.devno.replace('0x', '0.0.');
    // State is set before each note so that the note's step carries it.
    if (this.addrs.has(ip))
      this.publishAddr(ctx, ip, rc === 0 ? 'registered' : `not registered (${hexRc(rc)} ${rcByCode(rc).name})`, rc);
    if (rc !== RC.SUCCESS.code) {
      ctx.set('dmesg', say.qethRegisteringIpAddress(dev, ip));
      ctx.note('decide', {
        decision: say.qethRegisteringIpAddress2(dev, ip, hexRc(rc), rcByCode(rc).name, rcByCode(rc).text, errno),
        source: 'qeth_l3_register_addr_entry (qeth_l3_main.c)',
        layer: 'control',
        detail: { dmesg: `Registering IP address ${ip} failed`, rc, errno },
      });
    }
    const keep = recovering
      ? rc === RC.SUCCESS.code
      : errno === '0' || errno === '-EADDRINUSE' || errno === '-ENETDOWN';
    if (keep) {
      e.disp = 'DO_NOTHING';
      this.publishEntry(ctx, ip);
      if (rc !== 0)
        ctx.note('decide', {
          decision: say.driverKeepsTableQeth(errno, ip),
          source: SRC_ADD,
          layer: 'control',
        });
    } else {
      this.table.delete(ip);
      this.publishEntry(ctx, ip);
      ctx.note('decide', {
        decision: say.recoveryReRegisteringFailed(recovering, ip, errno),
        source: recovering ? 'qeth_l3_recover_ip (qeth_l3_main.c)' : SRC_ADD,
        layer: 'control',
      });
    }
  }

  /** `ip addr del`: DELIP, and the entry is freed whatever the card answers. */
  delAddress(ctx: DeviceContext, ip: string): void {
    if (!this.addrs.delete(ip)) {
      ctx.note('decide', {
        decision: say.ipAddrDelRtnetlink(ip),
        source: 'inet_rtm_deladdr',
        layer: 'L3',
        detail: { returns: { errno: errnoValue('-EADDRNOTAVAIL'), to: 'ip addr del' } },
      });
      return;
    }
    ctx.set(`ip/${ip}`, undefined);
    const e = this.table.get(ip);
    if (!e) return;
    const addr = parseIp(ip);
    if (!this.linkUp() || !addr.ok) {
      this.table.delete(ip);
      this.publishEntry(ctx, ip);
      return;
    }
    this.queue.submit(ctx, {
      c: {
        cmd: IPA_CMD.DELIP,
        seqno: 0,
        rc: 0,
        prot: e.version,
        ip: addr.value,
        prefix: e.prefix,
        flags: e.type === 'vipa' ? SETIP_FLAG.DELIP_VIPA : 0,
      },
      attempts: 1,
      source: 'qeth_l3_delete_ip / qeth_l3_deregister_addr_entry (qeth_l3_main.c)',
      returns: { to: 'qeth_l3_delete_ip', errno: (rc) => errnoValue(setdelipErrno(rc)) ?? -1 },
      done: (rc, c2) => {
        this.table.delete(ip);
        this.publishEntry(c2, ip);
        c2.note('decide', {
          decision: say.delipAnsweredQethL3(ip, hexRc(rc), rcFor(IPA_CMD.DELIP, rc).name),
          source: 'qeth_l3_delete_ip (qeth_l3_main.c)',
          layer: 'control',
        });
      },
    });
  }

  /** Join or leave a multicast group: SETIPM / DELIPM with the mapped group MAC (qeth_l3_send_setdelmc). */
  multicast(ctx: DeviceContext, group: string, join: boolean): void {
    const g = parseIp(group);
    if (!g.ok) return;
    if (join === this.groups.has(group) && join) return;
    this.queue.submit(ctx, {
      c: {
        cmd: join ? IPA_CMD.SETIPM : IPA_CMD.DELIPM,
        seqno: 0,
        rc: 0,
        prot: g.value.version,
        ip: g.value,
        mac: mcMac(g.value),
      },
      attempts: join ? 3 : 1,
      source: join
        ? 'qeth_l3_set_rx_mode / qeth_l3_register_addr_entry'
        : 'qeth_l3_set_rx_mode / qeth_l3_deregister_addr_entry',
      done: (rc, c2) => {
        if (join && rc === 0) this.groups.add(group);
        if (!join) this.groups.delete(group);
        c2.set(`maddr/${group}`, this.groups.has(group) ? { registered: true } : undefined);
      },
    });
  }

  /** The card is gone (offline, recovery): every entry becomes ADD; the multicast cache is drained (qeth_l3_clear_ip_htable). */
  cardLost(ctx: DeviceContext): void {
    for (const [ip, e] of this.table) {
      e.disp = 'ADD';
      this.publishEntry(ctx, ip);
    }
    for (const g of this.groups) ctx.set(`maddr/${g}`, undefined);
    this.groups.clear();
  }

  recoverAll(ctx: DeviceContext): void {
    for (const [ip, e] of this.table) if (e.disp === 'ADD') this.register(ctx, ip, true);
  }

  publishEntry(ctx: DeviceContext, ip: string): void {
    const e = this.table.get(ip);
    ctx.set(`driver/${ip}`, e ? { disp: e.disp, flags: e.flags, type: e.type } : undefined);
  }

  publishAddr(ctx: DeviceContext, ip: string, card: string, rc?: number): void {
    const a = this.addrs.get(ip);
    if (a) ctx.set(`ip/${ip}`, { prefix: a.prefix, type: a.type, card, ...(rc !== undefined && { rc: hexRc(rc) }) });
  }
}
