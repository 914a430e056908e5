// MAC/IP parsing and formatting: RFC 5952 canonical text, strict rejection with a message
// that says what is wrong, and parse/format round trips over random addresses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatIp,
  formatIpv6,
  formatMac,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseMac,
  ip,
  ipEquals,
} from '../../src/engine/frame/address';

const err = (r: { ok: boolean; error?: string }): string => (r.ok ? 'ok' : r.error!);

describe('MAC addresses', () => {
  it('parses colon and dash forms and formats lower case with colons', () => {
    const r = parseMac('02-00-5E-10-00-0A');
    expect(r.ok && formatMac(r.value)).toBe('02:00:5e:10:00:0a');
  });
  it('says what is wrong with bad input', () => {
    expect(err(parseMac(''))).toBe('MAC address is empty');
    expect(err(parseMac('02:00:00:00:01'))).toMatch(/has 5 groups; it needs 6/);
    expect(err(parseMac('02:00:00:00:00:0g'))).toMatch(/group 6 "0g" is not one or two hex digits/);
    expect(err(parseMac('02:00-00:00:00:01'))).toMatch(/mixes ":" and "-"/);
  });
  it('round-trips any 6 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (b) => {
        const r = parseMac(formatMac(b));
        return r.ok && formatMac(r.value) === formatMac(b) && r.value.every((x, i) => x === b[i]);
      }),
    );
  });
});

describe('IPv4 addresses', () => {
  it('rejects with reasons', () => {
    expect(err(parseIpv4(''))).toBe('IPv4 address is empty');
    expect(err(parseIpv4('10.0.0'))).toMatch(/has 3 parts; it needs 4/);
    expect(err(parseIpv4('10.0.0.256'))).toMatch(/part 4 is 256, more than 255/);
    expect(err(parseIpv4('10.0.0.01'))).toMatch(/leading zero/);
    expect(err(parseIpv4('10.0.x.1'))).toMatch(/part 3 "x" is not a number/);
  });
  it('round-trips fast-check IPv4 strings exactly', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        const r = parseIpv4(s);
        return r.ok && formatIp(r.value) === s;
      }),
    );
  });
});

describe('IPv6 addresses (RFC 4291 2.2, RFC 5952)', () => {
  const canon = (s: string): string => {
    const r = parseIpv6(s);
    if (!r.ok) throw new Error(r.error);
    return formatIp(r.value);
  };
  it('formats canonically (RFC 5952 4.2 and 5)', () => {
    expect(canon('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1'); // 4.1 leading zeros, 4.3 lower case
    expect(canon('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1'); // 4.2.3 first run on ties
    expect(canon('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // 4.2.2 a single zero group is not compressed
    expect(canon('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1'); // 4.2.3 longest run wins
    expect(canon('::')).toBe('::');
    expect(canon('::1')).toBe('::1');
    expect(canon('fe80::')).toBe('fe80::');
    expect(canon('::ffff:c000:0201')).toBe('::ffff:192.0.2.1'); // 5: IPv4-mapped in mixed notation
    expect(canon('64:ff9b::192.0.2.33')).toBe('64:ff9b::c000:221');
  });
  it('rejects with reasons', () => {
    expect(err(parseIpv6(''))).toBe('IPv6 address is empty');
    expect(err(parseIpv6('1::2::3'))).toMatch(/uses "::" more than once/);
    expect(err(parseIpv6('1:2:3:4:5:6:7'))).toMatch(/has 7 groups; it needs 8/);
    expect(err(parseIpv6('1:2:3:4:5:6:7:8::'))).toMatch(/too many groups for "::"/);
    expect(err(parseIpv6('12345::'))).toMatch(/group "12345" is not 1 to 4 hex digits/);
    expect(err(parseIpv6('fe80::1%eth0'))).toMatch(/characters other than hex digits/);
    expect(err(parseIpv6('1.2.3.4::'))).toMatch(/the IPv4 part "1.2.3.4" may only come last/);
    expect(err(parseIpv6('::1.2.3.999'))).toMatch(/more than 255/);
  });
  it('round-trips any 16 bytes through format and parse', () => {
    const groupy = fc
      .array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xdb8, 0xfe80), { minLength: 8, maxLength: 8 })
      .map((g) => Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff])));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), groupy), (b) => {
        const s = formatIpv6(b);
        const r = parseIpv6(s);
        return r.ok && r.value.bytes.every((x, i) => x === b[i]) && formatIpv6(r.value.bytes) === s;
      }),
      { numRuns: 500 },
    );
  });
  it('parses every form fast-check generates to the same address as its canonical text', () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const a = parseIpv6(s);
        return a.ok && ipEquals(a.value, ip(formatIp(a.value)));
      }),
      { numRuns: 500 },
    );
  });
  it('parseIp picks the version by the presence of ":"', () => {
    expect(parseIp('10.0.0.1').ok && (parseIp('10.0.0.1') as { value: { version: number } }).value.version).toBe(4);
    expect(ip('fe80::2').version).toBe(6);
    expect(() => ip('fe80::g')).toThrow(/group "g"|characters other than hex/);
  });
});
