import { describe, expect, it } from 'vitest';
import { MAX_FILE, scenarioFileText } from '../../../src/app/edit/scenario-file';
import { parseScenarioText } from '../../../src/engine/scenario/load';
import { deviceTypes } from '../../../src/engine/devices/registry';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('scenario-file', () => {
  it('reads UTF-8 and drops a byte-order mark JSON.parse would refuse', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"name":"é"}')]);
    expect(scenarioFileText(withBom, 'a.json')).toEqual({ ok: true, text: '{"name":"é"}' });
    // The loader strips a BOM from text too, so its issues are about the content, not the JSON.
    const loaded = parseScenarioText('\ufeff{}', deviceTypes);
    expect(!loaded.ok && loaded.issues.some((i) => /not valid JSON/.test(i.message))).toBe(false);
  });

  it('refuses UTF-16, Latin-1, binaries and oversized files with a reason', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([0xff, 0xfe, 0x7b, 0x00]), /UTF-16/],
      [new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]), /not UTF-8/],
      [new Uint8Array([0x7b, 0x00, 0x7d]), /NUL/],
      [new Uint8Array(MAX_FILE + 1), /at most 2 MB/],
    ];
    for (const [bytes, re] of cases) {
      const r = scenarioFileText(bytes, 'x.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(re);
    }
    const r = scenarioFileText(new Uint8Array([0xff, 0xfe]), '<img src=x onerror=alert(1)>'.repeat(10));
    if (!r.ok) expect(r.message.length).toBeLessThan(200);
  });
});
