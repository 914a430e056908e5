import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { readFileSync, readdirSync } from 'node:fs';
import {
  MAX_INFLATED,
  MAX_PAYLOAD,
  decodeScenario,
  encodeScenario,
  fromBase64Url,
  toBase64Url,
} from '../../../src/app/edit/share-link';
import { MAX_SHARED_PAYLOAD, formatRoute, parseHash } from '../../../src/app/routing/routes';

const SEED = { seed: 0x11, numRuns: 300 };

describe('share-link', () => {
  it('round-trips any text, and base64url any bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const e = encodeScenario(text);
        expect(e.ok).toBe(true);
        expect(e.payload).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeScenario(e.payload)).toEqual(text === '' ? expect.anything() : { ok: true, text });
      }),
      SEED,
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes]);
      }),
      SEED,
    );
  });

  it('round-trips every bundled scenario, and a link carries it to the same page', () => {
    for (const lab of readdirSync('src/scenarios')) {
      for (const file of readdirSync(`src/scenarios/${lab}`)) {
        const text = JSON.stringify(JSON.parse(readFileSync(`src/scenarios/${lab}/${file}`, 'utf8')));
        const e = encodeScenario(text);
        expect(e.ok, `${lab}/${file}`).toBe(true);
        expect(decodeScenario(e.payload)).toEqual({ ok: true, text });
        const route = { page: 'lab', lab, shared: e.payload, step: 5 } as const;
        expect(parseHash(formatRoute(route))).toEqual(route);
      }
    }
  });

  it('says so when a scenario is too large for a link', () => {
    // Random text does not compress: 20,000 bytes of it need about 26,700 characters.
    const big = fc.sample(fc.string({ unit: 'binary-ascii', minLength: 20_000, maxLength: 20_000 }), {
      seed: 3,
      numRuns: 1,
    })[0];
    const e = encodeScenario(big);
    expect(e.ok).toBe(false);
    if (!e.ok)
      expect(e.message).toMatch(/KB compressed; links hold at most 11\.7 KB \(16,000 characters\)\. Download the file/);
    expect(MAX_SHARED_PAYLOAD).toBe(MAX_PAYLOAD);
  });

  it('refuses a decompression bomb without inflating it whole', () => {
    const bomb = toBase64Url(deflateSync(new Uint8Array(MAX_INFLATED + 1).fill(32), { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD);
    const d = decodeScenario(bomb);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toMatch(/more than 2 MB/);
    // Exactly at the cap is still fine.
    const edge = toBase64Url(deflateSync(new Uint8Array(MAX_INFLATED).fill(32)));
    expect(decodeScenario(edge)).toMatchObject({ ok: true });
  });

  it('turns hostile payloads into a sentence, never a throw', () => {
    const cases: [string, RegExp][] = [
      ['', /no scenario/],
      ['!!!!', /not base64url/],
      ['A', /not base64url/],
      ['AAAA', /does not decompress|not UTF-8/],
      [toBase64Url(deflateSync(new Uint8Array([0xff, 0xfe, 0x00]))), /not UTF-8/],
      ['A'.repeat(MAX_PAYLOAD + 1), /at most 16,000/],
    ];
    for (const [p, re] of cases) {
      const d = decodeScenario(p);
      expect(d.ok, p.slice(0, 20)).toBe(false);
      if (!d.ok) expect(d.message).toMatch(re);
    }
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.uint8Array().map(toBase64Url)), (p) => {
        const d = decodeScenario(p);
        expect(typeof (d.ok ? d.text : d.message)).toBe('string');
      }),
      { seed: 99, numRuns: 2000 },
    );
  });
});
