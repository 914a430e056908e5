// The qeth device's sysfs attributes that the card must accept: route4/route6
// (qeth_l3_dev_route_store → qeth_l3_setrouting_v4/v6) and isolation
// (qeth_dev_isolation_store → qeth_setadpparms_set_access_ctrl). Each keeps what Linux
// keeps: the new value when the card said yes, the old one otherwise, and isolation
// written while the card cannot be reached is only stored.
import type { DeviceContext } from '../../sim/device';
import {
  IPA_CMD,
  ISOLATION,
  ROUTING,
  ROUTING_SYSFS,
  hexRc,
  rcByCode,
  accessCtrlErrno,
  accessCtrlRc,
  ipaCmdErrno,
  type Isolation,
  type RoutingRole,
} from './ipa-codes';
import { SETADP } from './ipa-frame';
import type { IpaQueue } from './ipa-queue';
import type { GuestConfig } from './guest-config';
import * as say from './words';

export class GuestAttributes {
  route4: RoutingRole = 'no_router';
  route6: RoutingRole = 'no_router';
  /** card->options.isolation: what the user set, applied at online. */
  isolation: Isolation;

  constructor(
    private readonly cfg: GuestConfig,
    private readonly queue: IpaQueue,
    /** qeth_card_hw_is_reachable: the device is online. */
    private readonly reachable: () => boolean,
  ) {
    this.isolation = cfg.isolation;
  }

  /** `scripted`: an `echo > routeN` from the scenario, whose write(2) returns what SETRTG gave. */
  setRoute(ctx: DeviceContext, v: 4 | 6, role: RoutingRole, scripted = false): void {
    const set = (r: RoutingRole, c2: DeviceContext): void => {
      if (v === 4) this.route4 = r;
      else this.route6 = r;
      c2.set(`route${v}`, ROUTING_SYSFS[r]);
    };
    if (role === 'no_router' && (v === 4 ? this.route4 : this.route6) === 'no_router') return set('no_router', ctx);
    if (
      role === 'primary_connector' ||
      role === 'secondary_connector' ||
      (role === 'multicast_router' && !this.cfg.mcRouterAssist)
    ) {
      set('no_router', ctx);
      ctx.note('decide', {
        decision: say.echoRouteEinvalQeth(role, v),
        source: 'qeth_l3_correct_routing_type (qeth_l3_main.c)',
        layer: 'control',
        detail: { returns: { errno: -22, to: `echo > route${v}` } },
      });
      return;
    }
    this.queue.submit(ctx, {
      c: { cmd: IPA_CMD.SETRTG, seqno: 0, rc: 0, prot: v, rtgType: ROUTING[role] },
      attempts: 1,
      source: `qeth_l3_setrouting_v${v} (qeth_l3_main.c)`,
      // qeth_send_ipa_cmd_cb: any IPA return code is -EIO; qeth_l3_dev_route_store returns it.
      ...(scripted && { returns: { to: `echo > route${v}`, errno: ipaCmdErrno } }),
      done: (rc, c2) => {
        if (rc === 0) return set(role, c2);
        set('no_router', c2);
        c2.note('decide', {
          decision: say.errorWhileSettingRouting(
            hexRc(rc),
            this.cfg.devno.slice(2),
            rcByCode(rc).name,
            rcByCode(rc).text,
          ),
          source: `qeth_l3_setrouting_v${v} (qeth_l3_main.c)`,
          layer: 'control',
        });
      },
    });
  }

  /**
   * `then`: the hard setup at online (qeth_core_hardsetup_card), told whether the card took
   * it; a refusal there fails the online and keeps the user's value for the next try.
   */
  setIsolation(
    ctx: DeviceContext,
    mode: Isolation,
    scripted = false,
    then?: (ok: boolean, ctx: DeviceContext) => void,
  ): void {
    if (!this.reachable() && !then) {
      // qeth_dev_isolation_store: "if (qeth_card_hw_is_reachable(card)) rc = ...set_access_ctrl"; else only stored.
      this.isolation = mode;
      ctx.set('isolation', mode);
      return ctx.note('decide', {
        decision: say.isolationStoredOffline(this.cfg.devno.slice(2), mode),
        source: 'qeth_dev_isolation_store (qeth_core_sys.c)',
        layer: 'control',
      });
    }
    const prev = this.isolation;
    this.queue.submit(ctx, {
      c: {
        cmd: IPA_CMD.SETADAPTERPARMS,
        seqno: 0,
        rc: 0,
        prot: 4,
        sub: SETADP.SET_ACCESS_CONTROL,
        value: ISOLATION[mode],
      },
      attempts: 1,
      source: 'qeth_setadpparms_set_access_ctrl (qeth_core_main.c)',
      ...(scripted && { returns: { to: 'echo > isolation', errno: accessCtrlErrno } }),
      done: (rc, c2) => {
        // qeth_dev_isolation_store keeps the new mode only when the callback returned 0,
        // which includes "already (not) isolated" and a failed reflective-relay turn-off.
        const answer = accessCtrlRc(rc);
        if (then && answer.errno !== '0') {
          c2.note('decide', {
            decision: say.onlineFailsIsolation(
              this.cfg.devno.slice(2),
              answer.message ?? `SET_ACCESS_CTRL return code ${hexRc(rc)}`,
              `${hexRc(rc)} ${answer.name}`,
              mode,
            ),
            source: 'qeth_core_hardsetup_card / qeth_set_online (qeth_core_main.c)',
            layer: 'control',
            detail: { online: { failed: true, errno: answer.errno, rc, rcName: answer.name } },
          });
          c2.set('isolation', this.isolation);
          return then(false, c2);
        }
        if (answer.errno === '0') {
          this.isolation = mode;
          if (answer.message)
            c2.note('decide', {
              decision: say.isolationTakenDespite(this.cfg.devno.slice(2), answer.message, hexRc(rc), mode),
              source: 'qeth_setadpparms_set_access_ctrl_cb (qeth_core_main.c)',
              layer: 'control',
            });
        } else
          c2.note('decide', {
            decision: say.isolationStays(
              this.cfg.devno.slice(2),
              answer.message ?? `SET_ACCESS_CTRL return code ${hexRc(rc)}`,
              `${hexRc(rc)} ${answer.name}`,
              answer.errno,
              prev,
            ),
            source:
              'qeth_setadpparms_set_access_ctrl_cb / qeth_dev_isolation_store (qeth_core_main.c, qeth_core_sys.c)',
            layer: 'control',
            detail: { isolation: { rc, rcName: answer.name, errno: answer.errno, kept: prev } },
          });
        c2.set('isolation', this.isolation);
        then?.(true, c2);
      },
    });
  }
}
