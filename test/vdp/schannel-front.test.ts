// CDCP in front of a vdp-switch port, before VDP. Expected values from the fact sheet's §5
// model (vdp-ecp-8021qbg.md, "suggested"): the station asks with SVID 0 for each SCID
// but 1; the bridge keeps SCID 1 on S-VID 1, gives the lowest free S-VIDs of its pool, and
// the operational ChnCap is min(station, bridge). On the wire, 802.1ad: an S-tag is
// TPID 0x88a8 + TCI; the default channel's frames may also come untagged (PVID 1).
import { describe, expect, it } from 'vitest';
import type { DeviceContext, Explain, Packet } from '../../src/engine/sim/device';
import { buildEthernet, cTag, sTag, withTags } from '../../src/engine/frame/ethernet';
import { mac } from '../../src/engine/frame/address';
import { SchannelFront } from '../../src/engine/devices/vdp/bridge/schannel-front';
import { buildCdcpFrame } from '../../src/engine/devices/evb/cdcp-tlv';
import { stationRequest } from '../../src/engine/devices/evb/cdcp';
import { loadJson, run } from './run';

describe('vepa-06: CDCP sets up the S-channels before VDP runs on the default one', () => {
  const t = run(loadJson('lessons/vepa-06-association-becomes-policy/scenario.json'));
  const answer = t.steps.find((s) => s.node === 'sw' && s.kind === 'deliver' && (s.detail as any)?.cdcp)!;

  it('assigns SCID 1 → S-VID 1 and SCID 2 → S-VID 10 (pool 10..20), operational ChnCap min(2, 4) = 2', () => {
    expect((answer.detail as any).assigned).toEqual([
      { scid: 1, svid: 1 },
      { scid: 2, svid: 10 },
    ]);
    expect((answer.detail as any).operationalCap).toBe(2);
    expect((answer.detail as any).refused).toEqual([]);
  });

  it('the CDCP exchange is over before the first ECPDU leaves the host', () => {
    const stationGotAnswer = t.steps.find((s) => s.node === 'st' && s.kind === 'deliver')!;
    const firstEcp = t.steps.find((s) => (s.detail as any)?.ecp)!;
    expect(stationGotAnswer.time).toBeLessThan(firstEcp.time);
  });
});

/** A context that records what the front did. */
function recorder(): { ctx: DeviceContext; log: { kind: string; e: Explain }[] } {
  const log: { kind: string; e: Explain }[] = [];
  const ctx = {
    now: 0,
    node: 'sw',
    note: (kind: string, e: Explain) => log.push({ kind, e }),
    send: (_p: string, _b: Uint8Array, e: Explain) => (log.push({ kind: 'send', e }), undefined),
    deliver: (_p: Packet, e: Explain) => log.push({ kind: 'deliver', e }),
    drop: (_p: Packet, e: Explain) => log.push({ kind: 'drop', e }),
    set: () => undefined,
  } as unknown as DeviceContext;
  return { ctx, log };
}

describe('SchannelFront.ingress: which channel a frame is on', () => {
  const inner = withTags(
    buildEthernet({
      dst: mac('52:54:00:00:0b:02'),
      src: mac('52:54:00:00:0a:01'),
      ethertype: 0x0800,
      payload: new Uint8Array(46),
    }),
    [cTag(100)],
  );
  const pkt = (bytes: Uint8Array): Packet => ({ ref: { pid: 1, origin: 1, parent: null } as any, bytes });
  const front = new SchannelFront('p1', mac('00:11:22:33:44:55'), { chnCap: 4, poolLow: 10, poolHigh: 20 });

  it('S-VID 1 is the default channel: the S-tag (4 octets) comes off, the C-tag stays', () => {
    const { ctx } = recorder();
    const out = front.ingress(ctx, pkt(withTags(inner, [sTag(1)])))!.packet;
    expect(out.bytes.length).toBe(inner.length);
    expect([...out.bytes]).toEqual([...inner]);
  });

  it('untagged belongs to the default channel as it is', () => {
    const { ctx } = recorder();
    expect(front.ingress(ctx, pkt(inner))!.packet.bytes).toBe(inner);
  });

  it('an S-VID no CDCP answer assigned is discarded', () => {
    const { ctx, log } = recorder();
    expect(front.ingress(ctx, pkt(withTags(inner, [sTag(99)])))).toBeUndefined();
    expect(log.map((l) => l.kind)).toEqual(['drop']);
  });

  it('after CDCP gives SCID 2 S-VID 10, its frames are refused as a channel this switch does not serve', () => {
    const f = new SchannelFront('p1', mac('00:11:22:33:44:55'), { chnCap: 4, poolLow: 10, poolHigh: 20 });
    const a = recorder();
    expect(f.ingress(a.ctx, pkt(buildCdcpFrame(mac('52:54:00:00:0e:01'), stationRequest(2, [1, 2]))))).toBeUndefined();
    expect(a.log.map((l) => l.kind)).toEqual(['deliver', 'send']);
    const b = recorder();
    expect(f.ingress(b.ctx, pkt(withTags(inner, [sTag(10)])))).toBeUndefined();
    expect(b.log[0].kind).toBe('drop');
    expect(b.log[0].e.decision).toMatch(/SCID 2/);
  });
});
