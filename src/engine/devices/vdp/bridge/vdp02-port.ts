// VDP 0.2 on one switch port (fact sheet §1.6 emulator design): ECP 0.2, one VDP 0.2
// bridge machine per VSI, answers as its own ECP requests. With behaviour "lldpad" the
// port keeps the lldpad stub's silence: the ECP ACK goes out, no VDP answer ever does.
import type { DeviceContext } from '../../../sim/device';
import { formatMac } from '../../../frame/address';
import { VDP02, VDP02_MODE_NAMES } from '../codec/constants';
import { encodeVdp02Tlv, parseVdp02Tlvs, type Vdp02Vsi } from '../codec/vdp02-tlv';
import { formatUuid } from '../codec/vsiid';
import { vdp02BridgeMachine } from '../machines/vdp02-bridge.machine';
import { MachineRunner, type Macrostep } from '../runner';
import { recordMacro } from '../record';
import { Ecp02Endpoint } from '../ecp/ecp02-endpoint';
import type { Behaviour } from '../machines/ecp22-tx.machine';
import type { VsiManager } from './manager';
import * as say from './words';

const SRC = 'VDP 0.2 bridge (fact sheet §1.6 design; lldpad vdp.c bridge stub)';
export const TOUT02 = 19_500_000_000;

interface Br02 {
  uuid: string;
  tlv: Vdp02Vsi;
  runner: MachineRunner<typeof vdp02BridgeMachine>;
}

export class Vdp02BridgePort {
  readonly ecp: Ecp02Endpoint;
  private readonly vsis = new Map<string, Br02>();
  /** Answers not yet carried by an ACKed ECPDU: a retry (new seq) carries them again, as lldpad's localChange profiles. */
  private readonly outbox: { id: string; tlv: Uint8Array }[] = [];
  private nextId = 0;

  constructor(
    private readonly port: string,
    mac: Uint8Array,
    private readonly behaviour: Behaviour,
    private readonly mgr: VsiManager,
  ) {
    this.ecp = new Ecp02Endpoint({
      port,
      mac,
      who: `switch port ${port}`,
      key: `${port}/ecp02`,
      behaviour,
      pending: () => {
        const out = new Uint8Array(this.outbox.reduce((n, x) => n + x.tlv.length, 0));
        let o = 0;
        for (const x of this.outbox) {
          out.set(x.tlv, o);
          o += x.tlv.length;
        }
        return { tlvs: out, ids: this.outbox.map((x) => x.id) };
      },
      acked: (_c, ids) => {
        for (let i = this.outbox.length - 1; i >= 0; i--) if (ids.includes(this.outbox[i].id)) this.outbox.splice(i, 1);
      },
      onTlvs: (c, p) => this.station(c, p),
      pendingAfterAck: () => this.outbox.length > 0,
      // lldpad's own 0.2 bridge role runs the same ecp_init as the station: its start-up ECPDU.
      startup: behaviour === 'lldpad',
    });
  }

  start(ctx: DeviceContext): void {
    this.ecp.start(ctx);
  }

  private label(v: Br02) {
    return {
      instance: `${this.port}/vsi/${v.uuid}`,
      title: `VDP 0.2 bridge on ${this.port}, VSI ${v.uuid.slice(0, 8)}…`,
      source: SRC,
    };
  }

  private station(ctx: DeviceContext, payload: Uint8Array): void {
    for (const t of parseVdp02Tlvs(payload)) {
      if (!t.ok) {
        ctx.note('decide', { decision: say.vdpTlvRejected(t.reason), source: SRC, layer: 'control' });
        continue;
      }
      const r = t.vsi;
      const uuid = formatUuid(r.instance);
      const { response, why } = this.mgr.answer02(r.mode, r.typeId, r.typeVersion, uuid);
      ctx.note('decide', {
        decision: say.switchPortStationVsi(this.port, VDP02_MODE_NAMES[r.mode], uuid, why),
        source: SRC,
        layer: 'control',
      });
      const v = this.vsis.get(uuid);
      if (!v) {
        const nv: Br02 = {
          uuid,
          tlv: r,
          runner: new MachineRunner(vdp02BridgeMachine, (c, ev, name) =>
            this.after(c, nv, nv.runner.send(c, ev), `${name} expired`),
          ),
        };
        this.vsis.set(uuid, nv);
        this.after(
          ctx,
          nv,
          nv.runner.start(ctx, { behaviour: this.behaviour, toutNs: TOUT02, mode: r.mode, response }),
          `new VSI, station ${VDP02_MODE_NAMES[r.mode]}`,
        );
      } else {
        v.tlv = r;
        this.after(
          ctx,
          v,
          v.runner.send(ctx, { type: 'STATION_TLV', mode: r.mode, response }),
          `station ${VDP02_MODE_NAMES[r.mode]}`,
        );
      }
    }
  }

  private after(ctx: DeviceContext, v: Br02, m: Macrostep, why: string): void {
    recordMacro(ctx, v.runner as never, this.label(v), m, why, { port: this.port, uuid: v.uuid });
    const mac = formatMac(v.tlv.entries[0]?.mac ?? new Uint8Array(6));
    const vlan = v.tlv.entries[0]?.vid ?? 0;
    for (const e of m.effects) {
      if (e.type === 'reply') {
        const mode = Number(e.params.mode);
        const response = Number(e.params.response);
        if (this.behaviour === 'lldpad') {
          ctx.note('decide', {
            decision: say.lldpadBridgeStubTodo(VDP02_MODE_NAMES[mode]),
            source: 'lldpad vdp.c vdp_vsi_sm_bridge',
            layer: 'control',
          });
          continue;
        }
        const type = this.mgr.typeOf(v.tlv.typeId);
        if (response === 0 && type && mode !== VDP02.DEASSOC)
          this.mgr.install(ctx, {
            port: this.port,
            mac,
            vlan,
            uuid: v.uuid,
            type,
            stage: mode === VDP02.ASSOC ? 'assoc' : 'pre',
          });
        if (mode === VDP02.DEASSOC || response !== 0)
          this.mgr.remove(ctx, this.port, mac, vlan, 'VDP 0.2 de-associate');
        ctx.note('decide', {
          decision: say.switchPortAnswersResponse(this.port, VDP02_MODE_NAMES[mode], response),
          source: SRC,
          layer: 'control',
        });
        this.outbox.push({ id: `reply${this.nextId++}`, tlv: encodeVdp02Tlv({ ...v.tlv, mode, response }) });
        this.ecp.changed(ctx);
      } else if (e.type === 'deleted') {
        this.vsis.delete(v.uuid);
        this.mgr.remove(ctx, this.port, mac, vlan, 'VSI removed');
        ctx.set(`sm/${this.label(v).instance}`, undefined);
      }
    }
  }

  adminDeassoc(ctx: DeviceContext, uuid: string): boolean {
    const v = this.vsis.get(uuid);
    if (!v) return false;
    this.after(ctx, v, v.runner.send(ctx, { type: 'ADMIN_DEASSOC' }), say.administratorWithdrewVsi());
    return true;
  }
}
