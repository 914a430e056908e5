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
