// VDP per S-channel (IEEE 802.1Qbg-2012 clause 41: each S-channel is a separate port of the
// station's and the bridge's S-VLAN components, so each runs its own ECP and VDP; lldpad runs
// one VDP22/ECP22 instance per interface, and an S-channel is an interface of its own). The
// switch port runs CDCP with `perChannel`; host B sits on SCID 2, which CDCP maps to S-VID 10
// (the pool's first value after the default channel, as the VEPA lab's CDCP assigns).
import { describe, expect, it } from 'vitest';
import { runFile } from './run';

const ETH_P_ECP22 = 0x8940;
const QINQ = 0x88a8;
const u16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];

describe('two S-channels, each with its own VDP', () => {
  const trace = runFile('src/scenarios/vdp/vdp-per-schannel.json');
  const bytesOf = (s: { frame?: number }): Uint8Array => trace.frames[s.frame!];
  const sent = (node: string, port?: string) =>
    trace.steps.filter(
      (s) =>
        s.node === node &&
        (s.kind === 'transmit' || s.kind === 'inject') &&
        s.frame !== undefined &&
        (!port || s.port === port),
    );

  it("host B's ECP frames reach the switch S-tagged with S-VID 10, host A's with S-VID 1 (the default channel)", () => {
    const up = sent('st', 'uplink').map(bytesOf);
    const ecpOn = (svid: number) =>
      up.filter((b) => u16(b, 12) === QINQ && (u16(b, 14) & 0xfff) === svid && u16(b, 16) === ETH_P_ECP22);
    expect(ecpOn(10).length).toBeGreaterThan(0);
    expect(ecpOn(1).length).toBeGreaterThan(0);
  });

  it("the switch answers channel 2 on p1 with S-tag 10, from the channel's own port p1.ch2", () => {
    const out = sent('sw', 'p1').map(bytesOf);
    expect(out.some((b) => u16(b, 12) === QINQ && (u16(b, 14) & 0xfff) === 10 && u16(b, 16) === ETH_P_ECP22)).toBe(
      true,
    );
    expect(trace.steps.some((s) => s.node === 'sw' && /p1\.ch2/.test(s.decision))).toBe(true);
  });

  it('each channel has its own ECP sequence: both stations start from the same first number', () => {
    const firstSeq = (node: string): number => {
      const b = sent(node, 'uplink')
        .map(bytesOf)
        .find((x) => u16(x, 12) === ETH_P_ECP22)!;
      return u16(b, 16);
    };
    expect(firstSeq('hostB')).toBe(firstSeq('hostA'));
  });

  it("both guests' traffic reaches the server once their own channel has associated", () => {
    const toServer = trace.fates.filter((f) => f.delivered.some((d) => d.node === 'server'));
    expect(toServer.length).toBeGreaterThanOrEqual(2);
    expect(toServer.some((f) => f.node === 'hostA')).toBe(true);
    expect(toServer.some((f) => f.node === 'hostB')).toBe(true);
  });
});

describe('without perChannel, channel 2 is refused as before', () => {
  it("the S-component discards host B's VDP frames on SCID 2 with that reason", async () => {
    const { loadJson, run } = await import('./run');
    const json = loadJson('src/scenarios/vdp/vdp-per-schannel.json') as {
      nodes: { id: string; config: { ports: { cdcp: Record<string, unknown> }[] } }[];
    };
    delete json.nodes.find((n) => n.id === 'sw')!.config.ports[0].cdcp.perChannel;
    const t = run(json);
    expect(t.steps.some((s) => s.kind === 'drop' && /only on the default channel/.test(s.decision))).toBe(true);
  });
});

// Golden values, from the sources rather than from the engine:
// - S-tag TPID 0x88a8: Linux include/uapi/linux/if_ether.h ETH_P_8021AD (802.1ad service VLAN), the
//   tag an S-channel device `ip link add ... type vlan proto 802.1ad id 10` puts on; VID = the
//   12 low bits of the TCI (802.1Q-2018 9.6).
// - ECP-2012 header after the S-tag: version 1 in the top 4 bits, operation 0 = REQ, subtype 1 = VDP
//   (openlldp include/qbg_ecp22.h struct ecp22_hdr, ECP22_VERSION, ECP22_REQUEST, ECP22_VDP).
// - First sequence number 1 on every instance: openlldp qbg/ecp22.c ecp22_es_inittransmit sets
//   seqno = 0, ecp22_es_waitforreq does seqno = inc_seqno(seqno) before each new ECPDU; lldpad keeps one
//   struct ecp22 per interface (find_ecpdata by ifname), so an S-channel's interface counts on its own.
describe('golden: channel 2 frames as lldpad on an 802.1ad S-channel interface sends them', () => {
  const trace = runFile('src/scenarios/vdp/vdp-per-schannel.json');
  const onWire = (node: string, port: string) =>
    trace.steps
      .filter(
        (s) =>
          s.node === node && s.port === port && (s.kind === 'transmit' || s.kind === 'inject') && s.frame !== undefined,
      )
      .map((s) => trace.frames[s.frame!]);
  const ecpReqSeqs = (frames: Uint8Array[], svid: number | undefined): number[] =>
    frames
      .filter((b) =>
        svid === undefined
          ? u16(b, 12) === ETH_P_ECP22
          : u16(b, 12) === 0x88a8 && (u16(b, 14) & 0xfff) === svid && u16(b, 16) === ETH_P_ECP22,
      )
      .map((b) => b.subarray(svid === undefined ? 14 : 18))
      .filter((h) => h[0] >> 4 === 1 && ((h[0] >> 2) & 3) === 0 && (u16(h, 0) & 0x3ff) === 1)
      .map((h) => u16(h, 2));

  it("channel 2's station REQs leave the S-component with TPID 0x88a8, VID 10, and count 1, 2, ... on their own", () => {
    const seqs = ecpReqSeqs(onWire('st', 'uplink'), 10);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs[0]).toBe(1);
    // a new ECPDU takes the next number; a retransmission repeats it (ecp22_es_waitforreq only on new PDUs)
    for (let i = 1; i < seqs.length; i++) expect([seqs[i - 1], seqs[i - 1] + 1]).toContain(seqs[i]);
  });

  it("the bridge's own instance for channel 2 starts at 1 too, tagged 0x88a8 VID 10 on p1", () => {
    const seqs = ecpReqSeqs(onWire('sw', 'p1'), 10);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs[0]).toBe(1);
  });

  it('the default channel is untouched: its VDP frames leave the switch untagged with their own count from 1', () => {
    const out = onWire('sw', 'p1');
    expect(out.some((b) => u16(b, 12) === 0x88a8 && (u16(b, 14) & 0xfff) === 1)).toBe(false);
    const seqs = ecpReqSeqs(out, undefined);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs[0]).toBe(1);
  });
});

describe('a channel CDCP did not assign carries nothing', () => {
  it("with the bridge's ChnCap 1, SCID 2 is refused: host B's ECP frames stop at the S-component, host A still reaches the server", async () => {
    const { loadJson, run } = await import('./run');
    const json = loadJson('src/scenarios/vdp/vdp-per-schannel.json') as {
      nodes: { id: string; config: { ports: { cdcp: Record<string, unknown> }[] } }[];
    };
    json.nodes.find((n) => n.id === 'sw')!.config.ports[0].cdcp.chnCap = 1;
    const t = run(json);
    const refused = t.steps.filter((s) => s.node === 'st' && s.port === 'ch2' && s.kind === 'drop');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((s) => /SCID 2 has no SVID/.test(s.decision))).toBe(true);
    // nothing S-tagged other than the default channel's S-VID 1 reaches the switch
    const up = t.steps
      .filter((s) => s.node === 'st' && s.port === 'uplink' && s.frame !== undefined)
      .map((s) => t.frames[s.frame!]);
    expect(up.some((b) => u16(b, 12) === QINQ && (u16(b, 14) & 0xfff) !== 1)).toBe(false);
    const reachServer = (node: string) =>
      t.fates.some((f) => f.node === node && f.delivered.some((d) => d.node === 'server'));
    expect(reachServer('hostB')).toBe(false);
    expect(reachServer('hostA')).toBe(true);
  });
});
