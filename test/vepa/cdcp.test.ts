// CDCP codec and negotiation (fact sheet vdp-ecp-8021qbg.md §5 layout and suggested model).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bridgeAssign,
  buildCdcpFrame,
  decodeCdcpInfo,
  encodeCdcpTlv,
  findCdcp,
  stationRequest,
} from '../../src/engine/devices/evb';
import { mac } from '../../src/engine/frame/address';

describe('CDCP TLV bytes', () => {
  it('packs role, SComp, ChnCap in one word and SCID/SVID in 12+12 bits', () => {
    const b = encodeCdcpTlv({
      role: 'S',
      sComp: true,
      chnCap: 4,
      pairs: [
        { scid: 1, svid: 1 },
        { scid: 2, svid: 0 },
      ],
    });
    // header: type 127 (0xfe..) length 3+1+4+6 = 14
    expect([...b.slice(0, 2)]).toEqual([0xfe, 14]);
    expect([...b.slice(2, 6)]).toEqual([0x00, 0x80, 0xc2, 0x0e]);
    // role S = MSB 1, SComp bit 27, ChnCap 4
    expect([...b.slice(6, 10)]).toEqual([0x88, 0x00, 0x00, 0x04]);
    expect([...b.slice(10)]).toEqual([0x00, 0x10, 0x01, 0x00, 0x20, 0x00]);
  });

  it('round-trips any valid TLV', () => {
    const pair = fc.record({ scid: fc.integer({ min: 1, max: 4095 }), svid: fc.integer({ min: 0, max: 4095 }) });
    fc.assert(
      fc.property(
        fc.constantFrom<'S' | 'B'>('S', 'B'),
        fc.boolean(),
        fc.integer({ min: 1, max: 4095 }),
        fc.array(pair, { maxLength: 20 }),
        (role, sComp, chnCap, pairs) => {
          const b = encodeCdcpTlv({ role, sComp, chnCap, pairs });
          expect(decodeCdcpInfo(b, 6, b.length)).toEqual({ role, sComp, chnCap, pairs });
        },
      ),
    );
  });

  it('is found inside an LLDP frame sent to 01-80-c2-00-00-03', () => {
    const f = buildCdcpFrame(mac('02:00:00:00:0e:01'), stationRequest(3, [2, 1]));
    expect([...f.slice(0, 6)]).toEqual([0x01, 0x80, 0xc2, 0x00, 0x00, 0x03]);
    expect((f[12] << 8) | f[13]).toBe(0x88cc);
    expect(findCdcp(f)).toEqual({
      role: 'S',
      sComp: true,
      chnCap: 3,
      pairs: [
        { scid: 1, svid: 1 },
        { scid: 2, svid: 0 },
      ],
    });
  });
});

describe('CDCP negotiation', () => {
  const bridge = { chnCap: 8, poolLow: 10, poolHigh: 12 };
  it('keeps the default channel SCID 1 = SVID 1 and assigns the lowest free pool SVIDs', () => {
    const a = bridgeAssign(stationRequest(4, [1, 2, 3]), bridge);
    expect(a.channels).toEqual([
      { scid: 1, svid: 1 },
      { scid: 2, svid: 10 },
      { scid: 3, svid: 11 },
    ]);
    expect(a.answer.role).toBe('B');
    expect(a.refused).toEqual([]);
  });
  it('uses the smaller ChnCap of both sides as the operational capacity', () => {
    const a = bridgeAssign(stationRequest(2, [1, 2, 3]), bridge);
    expect(a.operationalCap).toBe(2);
    expect(a.channels.map((c) => c.scid)).toEqual([1, 2]);
    expect(a.refused.map((r) => r.scid)).toEqual([3]);
  });
  it('refuses when the pool runs dry and keeps existing SVIDs on a repeat request', () => {
    const a = bridgeAssign(stationRequest(8, [2, 3, 4, 5]), bridge, new Map([[3, 12]]));
    expect(a.channels).toEqual([
      { scid: 1, svid: 1 },
      { scid: 2, svid: 10 },
      { scid: 3, svid: 12 },
      { scid: 4, svid: 11 },
    ]);
    expect(a.refused).toEqual([{ scid: 5, reason: 'no free SVID left in the pool 10..12' }]);
  });
});
