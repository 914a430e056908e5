// VDP-2012 on one switch port facing a station (lldpad qbg/vdp22sm.c vdp22_station_info
// and the bridge machine): one ECP-2012 instance, one VDP22 bridge machine per VSI, and
// the association the replies program into the port filter.
import type { DeviceContext } from '../../../sim/device';
import { Vdp22Input, type PayloadFate } from '../ecp/vdp22-input';
import { formatMac } from '../../../frame/address';
import { STATUS, VDP22, hex2 } from '../codec/constants';
import { encodeVdp22Payload, parseVdp22Payload, type Vdp22Vsi } from '../codec/vdp22-tlv';
import { checkVsiid, formatUuid } from '../codec/vsiid';
import { vdp22BridgeMachine } from '../machines/vdp22-bridge.machine';
import { MachineRunner, type Macrostep } from '../runner';
import { recordMacro } from '../record';
import { Ecp22Endpoint } from '../ecp/ecp22-endpoint';
import { modeName22 } from '../guest';
import type { Vdp22Timers } from '../timers';
import type { Behaviour } from '../machines/ecp22-tx.machine';
import type { VsiManager } from './manager';
import * as say from './words';

const SRC = 'IEEE 802.1Qbg-2012 clause 41 (VDP bridge); lldpad vdp22sm.c bridge part';

interface BrVsi {
  key: string;
  uuid: string;
  mgr: Uint8Array;
  /** The station's TLV as last received: the reply echoes it with the new type and status. */
  tlv: Vdp22Vsi;
  runner: MachineRunner<typeof vdp22BridgeMachine>;
}

export class Vdp22BridgePort {
  readonly ecp: Ecp22Endpoint;
  private readonly vsis = new Map<string, BrVsi>();
  /** lldpad's bridge role parses after its 2 ms hand-off; a switch's own VDP (standard) at once. */
  private readonly input?: Vdp22Input;

  constructor(
    private readonly port: string,
    mac: Uint8Array,
    private readonly behaviour: Behaviour,
    private readonly t: Vdp22Timers,
    private readonly mgr: VsiManager,
  ) {
    this.ecp = new Ecp22Endpoint({
      port,
      mac,
      who: `switch port ${port}`,
      key: `${port}/ecp`,
      behaviour,
      maxRetries: t.maxRetries,
      ackTimerNs: t.ackTimer,
      onPayload: (c, p, i) =>
        this.input
          ? this.input.handOff(c, p, i, (c2, p2, fate) => this.station(c2, p2, fate))
          : this.station(c, p, { deliver: (e) => c.deliver(i.frame, e), drop: (e) => c.drop(i.frame, e) }),
    });
    if (behaviour === 'lldpad') this.input = new Vdp22Input(`switch port ${port}`);
  }

  start(ctx: DeviceContext): void {
    this.ecp.start(ctx);
  }

  timersEqual(t: Vdp22Timers): boolean {
    return JSON.stringify(this.t) === JSON.stringify(t);
  }

  /** The EVB TLV exchange gave new values: ECP's R and RTE, and the VDP timers of VSIs made from now on. */
  retune(ctx: DeviceContext, t: Vdp22Timers, why: string): void {
    Object.assign(this.t, t);
    this.ecp.retune(ctx, t.maxRetries, t.ackTimer, why);
  }

  private label(v: BrVsi) {
    return {
      instance: `${this.port}/vsi/${v.uuid}`,
      title: `VDP bridge on ${this.port}, VSI ${v.uuid.slice(0, 8)}…`,
      source: SRC,
    };
  }

  private reply(ctx: DeviceContext, mgr: Uint8Array, tlv: Vdp22Vsi, mode: number, status: number, why: string): void {
    const out = { ...tlv, mode, status };
    ctx.note('decide', {
      decision: say.switchPortVdpReply2(this.port, modeName22(mode), mode, hex2(status), why),
      source: SRC,
      layer: 'control',
    });
    this.ecp.queue(ctx, encodeVdp22Payload({ managerId: mgr, vsi: out, org: [] }), `${modeName22(mode)} reply`);
  }

  /** vdp22_station_info: a station TLV delivered by ECP. */
  private station(ctx: DeviceContext, payload: Uint8Array, fate: PayloadFate): void {
    const p = parseVdp22Payload(payload);
    if (!p.ok) {
      fate.drop({
        decision: say.vdpPayloadDropped2(p.reason),
        source: 'lldpad vdp22_ecp22in',
        port: this.port,
      });
      return;
    }
    const r = p.payload.vsi;
    if (r.status & STATUS.ACK) {
      fate.drop({
        decision: say.bridgeAcceptsTLVsWithout2(),
        source: 'lldpad vdp22_station_info',
        port: this.port,
      });
      return;
    }
    const uuid = formatUuid(r.vsiid);
    const key = `${p.payload.managerId[0]}|${r.typeId}|${r.typeVersion}|${uuid}`;
    const v = this.vsis.get(key);
    const hint = r.status & (STATUS.MIGTO | STATUS.MIGFROM) ? say.migrationHintPassedThrough2(r) : '';
    fate.deliver({
      decision: say.vdpSwitchPortStation2(
        this.port,
        modeName22(r.mode),
        uuid,
        r.typeId.toString(16),
        r.typeVersion,
        hint,
      ),
      source: 'lldpad vdp22_station_info',
      port: this.port,
      layer: 'control',
      reads: ['vdp.vsi.type', 'vdp.vsi.vsiid'],
    });
    if (!v) {
      if (r.mode === VDP22.DEASSOC) {
        this.reply(ctx, p.payload.managerId, r, VDP22.DEASSOC, STATUS.ACK, say.deassocVsiPortKnow2());
        return;
      }
      const bad =
        checkVsiid(r.vsiidFormat, r.vsiid) ??
        (r.entries.length === 0
          ? 'no filter entries'
          : r.entries.find((e) => e.vid === 1 || e.vid > 4094)
            ? 'VID outside 0, 2..4094'
            : undefined);
      if (bad) {
        this.reply(
          ctx,
          p.payload.managerId,
          r,
          r.mode,
          STATUS.ACK | 2,
          say.validationFailedInsufficientResources2(bad),
        );
        return;
      }
      const { answer, why } = this.mgr.answer22(r.mode, r.typeId, r.typeVersion, uuid);
      const nv: BrVsi = {
        key,
        uuid,
        mgr: p.payload.managerId,
        tlv: r,
        runner: new MachineRunner(vdp22BridgeMachine, (c, ev, name) =>
          this.after(c, nv, nv.runner.send(c, ev), `${name} expired`),
        ),
      };
      this.vsis.set(key, nv);
      ctx.note('decide', { decision: say.vsiManager2(why), source: 'lldpad vdp22br_resources', layer: 'control' });
      this.after(
        ctx,
        nv,
        nv.runner.start(ctx, {
          behaviour: this.behaviour,
          resourceWaitDelay: this.t.resourceWaitDelay,
          toutKeepAlive: this.t.toutKeepAlive,
          mode: r.mode,
          answer,
        }),
        `new VSI, station ${modeName22(r.mode)}`,
      );
      return;
    }
    const same =
      r.entries.length === v.tlv.entries.length &&
      r.entries.every(
        (e, i) => formatMac(e.mac ?? new Uint8Array(6)) === formatMac(v.tlv.entries[i].mac ?? new Uint8Array(6)),
      );
    if (!same) {
      ctx.note('decide', {
        decision: say.filterDataDifferKnown2(),
        source: 'lldpad vdp22_station_info',
        layer: 'control',
      });
      return;
    }
    v.tlv = r;
    const { answer, why } = this.mgr.answer22(r.mode, r.typeId, r.typeVersion, uuid);
    if (v.runner.value === 'BR_WAITCMD')
      ctx.note('decide', {
        decision: say.vsiManagerIfAsked2(why),
        source: 'lldpad vdp22br_resources',
        layer: 'control',
      });
    this.after(
      ctx,
      v,
      v.runner.send(ctx, { type: 'STATION_TLV', mode: r.mode, answer }),
      `station ${modeName22(r.mode)}`,
    );
  }

  private after(ctx: DeviceContext, v: BrVsi, m: Macrostep, why: string): void {
    recordMacro(ctx, v.runner as never, this.label(v), m, why, { port: this.port, uuid: v.uuid });
    const e0 = v.tlv.entries[0];
    const mac = formatMac(e0?.mac ?? new Uint8Array(6));
    const vlan = e0?.vid ?? 0;
    for (const e of m.effects) {
      if (e.type === 'reply') {
        const mode = Number(e.params.mode);
        const status = Number(e.params.status);
        this.reply(ctx, v.mgr, v.tlv, mode, status, String(e.params.what));
        const type = this.mgr.typeOf(v.tlv.typeId);
        const okStatus = (status & (STATUS.ERROR | STATUS.KEEP)) === 0 && (status & STATUS.ACK) !== 0;
        if (type && okStatus && (mode === VDP22.ASSOC || mode === VDP22.PREASSOC || mode === VDP22.PREASSOC_RR)) {
          if (
            this.mgr.install(ctx, {
              port: this.port,
              mac,
              vlan,
              uuid: v.uuid,
              type,
              stage: mode === VDP22.ASSOC ? 'assoc' : 'pre',
            })
          )
            ctx.note('state', {
              decision:
                mode === VDP22.ASSOC
                  ? say.switchPortVsiType2(type, this.port, mac, vlan)
                  : say.switchPortResourcesVlan2(this.port, mac, vlan),
              source: SRC,
              layer: 'control',
            });
        } else if (mode === VDP22.DEASSOC) {
          this.mgr.remove(
            ctx,
            this.port,
            mac,
            vlan,
            !(status & STATUS.ACK)
              ? 'the switch de-associated it'
              : v.tlv.mode === VDP22.DEASSOC
                ? 'station de-associate answered'
                : say.refusedWithDeassoc(modeName22(v.tlv.mode), status),
          );
        }
      } else if (e.type === 'deleted') {
        this.vsis.delete(v.key);
        this.mgr.remove(ctx, this.port, mac, vlan, 'VSI deleted (BR_END)');
        ctx.set(`sm/${this.label(v).instance}`, undefined);
      }
    }
  }

  /** The administrator (VSI manager) withdraws a VSI: ADMIN_DEASSOC. Returns false when not here. */
  adminDeassoc(ctx: DeviceContext, uuid: string): boolean {
    const v = [...this.vsis.values()].find((x) => x.uuid === uuid);
    if (!v) return false;
    this.after(ctx, v, v.runner.send(ctx, { type: 'ADMIN_DEASSOC' }), say.administratorWithdrewVsi2());
    return true;
  }
}
