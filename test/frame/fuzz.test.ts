// Property tests: decodeFrame never throws whatever the bytes; parsers throw nothing but
// FrameParseError, located inside the buffer; build -> parse returns what was built.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFrame, allFields } from '../../src/engine/frame/decode';
import { parseEthernet, type VlanTag } from '../../src/engine/frame/ethernet';
import { parseArp } from '../../src/engine/frame/arp';
import { parseIpv4 } from '../../src/engine/frame/ipv4';
import { parseIpv6 } from '../../src/engine/frame/ipv6';
import { parseUdp } from '../../src/engine/frame/udp';
import { parseIcmp } from '../../src/engine/frame/icmp';
import { parseIcmpv6 } from '../../src/engine/frame/icmpv6';
import { FrameParseError } from '../../src/engine/frame/errors';
import {
  arpRequest,
  arpReply,
  icmpEcho,
  udpFrame,
  neighborSolicitation,
  neighborAdvertisement,
} from '../../src/engine/frame/packets';
import { formatIp, formatMac, type IpAddress } from '../../src/engine/frame/address';
import type { DecodedFrame } from '../../src/engine/frame/decode';

const macArb = fc.uint8Array({ minLength: 6, maxLength: 6 });
const v4Arb = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes): IpAddress => ({ version: 4, bytes }));
const v6Arb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes): IpAddress => ({ version: 6, bytes }));
const tagArb = fc.record({
  tpid: fc.constantFrom(0x8100, 0x88a8),
  pcp: fc.integer({ min: 0, max: 7 }),
  dei: fc.integer({ min: 0, max: 1 }),
  vid: fc.integer({ min: 0, max: 4095 }),
});
const tagsArb = fc.array(tagArb, { maxLength: 3 });
const u16Arb = fc.integer({ min: 0, max: 0xffff });

/** Any frame the builders make, with a description to check the decode against. */
const frameArb = fc.oneof(
  fc
    .record({ k: fc.constant('arp-req'), srcMac: macArb, srcIp: v4Arb, targetIp: v4Arb, tags: tagsArb })
    .map((p) => ({ p, bytes: arpRequest(p) })),
  fc
    .record({ k: fc.constant('arp-rep'), srcMac: macArb, srcIp: v4Arb, dstMac: macArb, dstIp: v4Arb, tags: tagsArb })
    .map((p) => ({ p, bytes: arpReply(p) })),
  fc
    .record({
      k: fc.constant('echo'),
      v6: fc.boolean(),
      srcMac: macArb,
      dstMac: macArb,
      s4: v4Arb,
      d4: v4Arb,
      s6: v6Arb,
      d6: v6Arb,
      type: fc.constantFrom('request' as const, 'reply' as const),
      id: u16Arb,
      seq: u16Arb,
      data: fc.uint8Array({ maxLength: 100 }),
      tags: tagsArb,
      ttl: fc.integer({ min: 0, max: 255 }),
    })
    .map((p) => ({ p, bytes: icmpEcho({ ...p, srcIp: p.v6 ? p.s6 : p.s4, dstIp: p.v6 ? p.d6 : p.d4 }) })),
  fc
    .record({
      k: fc.constant('udp'),
      v6: fc.boolean(),
      srcMac: macArb,
      dstMac: macArb,
      s4: v4Arb,
      d4: v4Arb,
      s6: v6Arb,
      d6: v6Arb,
      srcPort: u16Arb,
      dstPort: u16Arb,
      payload: fc.uint8Array({ maxLength: 100 }),
      tags: tagsArb,
    })
    .map((p) => ({ p, bytes: udpFrame({ ...p, srcIp: p.v6 ? p.s6 : p.s4, dstIp: p.v6 ? p.d6 : p.d4 }) })),
  fc
    .record({ k: fc.constant('ns'), srcMac: macArb, srcIp: v6Arb, targetIp: v6Arb, tags: tagsArb })
    .map((p) => ({ p, bytes: neighborSolicitation(p) })),
  fc
    .record({
      k: fc.constant('na'),
      srcMac: macArb,
      srcIp: v6Arb,
      dstMac: macArb,
      dstIp: v6Arb,
      router: fc.boolean(),
      solicited: fc.boolean(),
      override: fc.boolean(),
      tags: tagsArb,
    })
    .map((p) => ({ p, bytes: neighborAdvertisement(p) })),
);

function checkShape(d: DecodedFrame, len: number): void {
  // Plain checks, not expect(): this runs thousands of times per property.
  const fail = (why: string): never => {
    throw new Error(`${why}: ${JSON.stringify(d.error)}`);
  };
  if (d.error) {
    if (!(d.error.offset >= 0 && d.error.offset <= len)) fail(`error offset outside [0, ${len}]`);
    if (!d.error.message.startsWith(`${d.error.layer}:`)) fail('message does not start with the layer');
    if (!/^[a-z0-9]+(\[\d+\])?(\.[a-zA-Z0-9]+(\[\d+\])?)*$/.test(d.error.field))
      fail(`field "${d.error.field}" is not a field path`);
  }
  for (const f of allFields(d))
    if (!(f.start >= 0 && f.start <= f.end && f.end <= len))
      fail(`field ${f.path} [${f.start}, ${f.end}) outside the ${len}-byte frame`);
}

/**
 * Random bytes behind a plausible header: the length and type fields are made right most of
 * the time (`fix`), so the fuzzing reaches ICMP, UDP, ICMPv6 and ND options, not just IPv4.
 */
const plausible = fc
  .tuple(
    fc.uint8Array({ minLength: 12, maxLength: 12 }),
    fc.array(fc.constantFrom(0x8100, 0x88a8), { maxLength: 2 }),
    fc.constantFrom(0x0800, 0x0806, 0x86dd, 0x8940, 0x0001),
    fc.integer({ min: 0, max: 140 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    fc.constantFrom(1, 17, 58, 6),
    fc.constantFrom(128, 129, 135, 136, 8, 0, 3),
    fc.boolean(),
  )
  .map(([macs, tpids, type, rest, proto, icmpType, fix]) => {
    const out: number[] = [...macs];
    for (const t of tpids) out.push(t >> 8, t & 0xff, 0, 1);
    out.push(type >> 8, type & 0xff, ...rest);
    const o = out.length - rest.length;
    const n = rest.length;
    if (type === 0x0800 && n >= 20) {
      out[o] = 0x45;
      if (fix) [out[o + 2], out[o + 3], out[o + 6], out[o + 9]] = [n >> 8, n & 0xff, 0, proto];
      if (fix && n >= 21) out[o + 20] = icmpType;
      if (fix && proto === 17 && n >= 28) [out[o + 24], out[o + 25]] = [(n - 20) >> 8, (n - 20) & 0xff];
    }
    if (type === 0x86dd && n >= 40) {
      out[o] = 0x60;
      if (fix) [out[o + 4], out[o + 5], out[o + 6]] = [(n - 40) >> 8, (n - 40) & 0xff, proto === 1 ? 58 : proto];
      if (fix && n >= 41) out[o + 40] = icmpType;
    }
    if (type === 0x0806 && fix && n >= 6) out.splice(o, 6, 0, 1, 8, 0, 6, 4);
    return Uint8Array.from(out);
  });

describe('decodeFrame never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => checkShape(decodeFrame(b), b.length)),
      { numRuns: 2000 },
    );
  });
  it('on random payloads behind plausible headers', () => {
    fc.assert(
      fc.property(plausible, (b) => checkShape(decodeFrame(b), b.length)),
      { numRuns: 2000 },
    );
  });
  it('on every truncation and on byte flips of valid frames', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), ({ bytes }, cutAt, flipAt, x) => {
        const cut = bytes.subarray(0, cutAt % (bytes.length + 1));
        const d = decodeFrame(cut);
        checkShape(d, cut.length);
        const flipped = bytes.slice();
        flipped[flipAt % bytes.length] ^= x;
        checkShape(decodeFrame(flipped), flipped.length);
      }),
      { numRuns: 800 },
    );
  });
});

describe('parsers throw only FrameParseError, located in the buffer', () => {
  const parsers: [string, (b: Uint8Array) => unknown][] = [
    ['parseEthernet', (b) => parseEthernet(b)],
    ['parseArp', (b) => parseArp(b, 0)],
    ['parseIpv4', (b) => parseIpv4(b, 0)],
    ['parseIpv6', (b) => parseIpv6(b, 0)],
    [
      'parseUdp',
      (b) =>
        parseUdp(b, 0, b.length, {
          src: { version: 4, bytes: new Uint8Array(4) },
          dst: { version: 4, bytes: new Uint8Array(4) },
        }),
    ],
    ['parseIcmp', (b) => parseIcmp(b, 0)],
    [
      'parseIcmpv6',
      (b) =>
        parseIcmpv6(b, 0, b.length, {
          src: { version: 6, bytes: new Uint8Array(16) },
          dst: { version: 6, bytes: new Uint8Array(16) },
        }),
    ],
  ];
  for (const [name, parse] of parsers) {
    it(name, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
          try {
            parse(b);
          } catch (e) {
            expect(e).toBeInstanceOf(FrameParseError);
            const pe = e as FrameParseError;
            expect(pe.offset).toBeGreaterThanOrEqual(0);
            expect(pe.offset).toBeLessThanOrEqual(b.length);
            expect(pe.message.startsWith(`${pe.layer}: `)).toBe(true);
          }
        }),
        { numRuns: 1000 },
      );
    });
  }
});

describe('build -> parse round trips', () => {
  it('every built frame decodes without error, with its own values and good checksums', () => {
    fc.assert(
      fc.property(frameArb, ({ p, bytes }) => {
        const d = decodeFrame(bytes);
        expect(d.error).toBeUndefined();
        const get = (path: string) => [...allFields(d)].find((f) => f.path === path);
        const eth = parseEthernet(bytes);
        expect(eth.tags).toEqual((p as { tags: VlanTag[] }).tags);
        expect(formatMac(eth.src)).toBe(formatMac((p as { srcMac: Uint8Array }).srcMac));
        expect(bytes.length).toBeGreaterThanOrEqual(60);
        for (const f of allFields(d)) if (f.path.endsWith('checksum')) expect(f.display).toMatch(/\((correct|none)\)$/);
        if (p.k === 'arp-req' || p.k === 'arp-rep') {
          expect(get('arp.op')?.value).toBe(p.k === 'arp-req' ? 1 : 2);
          expect(get('arp.spa')?.value).toBe(formatIp(p.srcIp));
        }
        if (p.k === 'echo') {
          const pre = p.v6 ? 'icmpv6' : 'icmp';
          expect([get(`${pre}.id`)?.value, get(`${pre}.seq`)?.value]).toEqual([p.id, p.seq]);
          expect(get(p.v6 ? 'ipv6.hopLimit' : 'ipv4.ttl')?.value).toBe(p.ttl);
          expect(get(p.v6 ? 'ipv6.dst' : 'ipv4.dst')?.value).toBe(formatIp(p.v6 ? p.d6 : p.d4));
        }
        if (p.k === 'udp') {
          expect([get('udp.srcPort')?.value, get('udp.dstPort')?.value, get('udp.payload')?.value]).toEqual([
            p.srcPort,
            p.dstPort,
            p.payload.length,
          ]);
        }
        if (p.k === 'ns' || p.k === 'na') {
          expect(get('ipv6.hopLimit')?.value).toBe(255);
          expect(get('icmpv6.target')?.value).toBe(formatIp(p.k === 'ns' ? p.targetIp : p.srcIp));
        }
        if (p.k === 'na')
          expect([
            get('icmpv6.flags.router')?.value,
            get('icmpv6.flags.solicited')?.value,
            get('icmpv6.flags.override')?.value,
          ]).toEqual([p.router, p.solicited, p.override]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('malformed input names layer, field and offset', () => {
  it('an IPv4 total length beyond the frame is ipv4.totalLength at offset+2', () => {
    fc.assert(
      fc.property(
        frameArb.filter(({ p }) => (p.k === 'echo' || p.k === 'udp') && !p.v6),
        fc.integer({ min: 1, max: 2000 }),
        ({ bytes }, extra) => {
          const eth = parseEthernet(bytes);
          const b = bytes.slice();
          const total = b.length - eth.payloadOffset + extra;
          if (total > 0xffff) return;
          b[eth.payloadOffset + 2] = total >> 8;
          b[eth.payloadOffset + 3] = total & 0xff;
          expect(decodeFrame(b).error).toMatchObject({
            layer: 'IPv4',
            field: 'ipv4.totalLength',
            offset: eth.payloadOffset + 2,
          });
        },
      ),
    );
  });
  it('an IPv6 payload length beyond the frame is ipv6.payloadLength at offset+4', () => {
    fc.assert(
      fc.property(
        frameArb.filter(({ p }) => p.k === 'ns' || p.k === 'na'),
        fc.integer({ min: 1, max: 1000 }),
        ({ bytes }, extra) => {
          const eth = parseEthernet(bytes);
          const b = bytes.slice();
          const plen = b.length - eth.payloadOffset - 40 + extra;
          b[eth.payloadOffset + 4] = plen >> 8;
          b[eth.payloadOffset + 5] = plen & 0xff;
          expect(decodeFrame(b).error).toMatchObject({
            layer: 'IPv6',
            field: 'ipv6.payloadLength',
            offset: eth.payloadOffset + 4,
          });
        },
      ),
    );
  });
});
