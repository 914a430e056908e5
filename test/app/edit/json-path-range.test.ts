import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findPathRange, pathRanges } from '../../../src/app/edit/json-path-range';
import { lineColumn, scanJson } from '../../../src/app/edit/json-scan';
import { childPath } from '../../../src/engine/scenario/issues';
import { loadScenario } from '../../../src/engine/scenario/load';
import { deviceTypes } from '../../../src/engine/devices/registry';

const SEED = { seed: 0x5eed, numRuns: 400 };

/** Every (path, value) pair in a parsed JSON value, paths written as the loader writes them. */
function* paths(v: unknown, path = '$'): Generator<[string, unknown]> {
  yield [path, v];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i], childPath(path, i));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) yield* paths(x, childPath(path, k));
}

describe('json-path-range', () => {
  it('finds a value written by hand, and its nearest ancestor for a missing key', () => {
    const text = '{\n  "nodes": [\n    { "id": "a" },\n    { "id": "H", "config": { "mode": "bridge" } }\n  ]\n}';
    const r = findPathRange(text, '$.nodes[1].config.mode')!;
    expect(text.slice(r.from, r.to)).toBe('"bridge"');
    expect(r.exact).toBe(true);
    const up = findPathRange(text, '$.nodes[0].config.mode')!;
    expect(text.slice(up.from, up.to)).toBe('{ "id": "a" }');
    expect(up.exact).toBe(false);
    expect(findPathRange('{"a": [1, ', '$.a')).toBeUndefined();
    const odd = findPathRange('{"x y": {"1": 2}}', '$["x y"]["1"]')!;
    expect(odd).toEqual({ from: 14, to: 15, exact: true });
  });

  it('finds the value at every path of any JSON, however it is indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2, '\t', ' \r\n'), (v, indent) => {
        const text = JSON.stringify(v, null, indent as never) ?? 'null';
        const at = pathRanges(text);
        for (const [path, value] of paths(JSON.parse(text))) {
          const r = at(path);
          expect(r?.exact, path).toBe(true);
          expect(JSON.parse(text.slice(r!.from, r!.to))).toEqual(value);
        }
      }),
      SEED,
    );
  });

  it('is total: any text and any path give a range inside the text or none', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), fc.string(), (text, path) => {
        const r = findPathRange(text, path);
        if (r) expect(0 <= r.from && r.from <= r.to && r.to <= text.length).toBe(true);
      }),
      SEED,
    );
  });

  it('points the loader’s problems at the text that caused them', () => {
    const text = JSON.stringify(
      {
        nodes: [
          { id: 'g', type: 'host', config: { mac: '02:00:00:00:00:01', ip: '10.0.0.1' } },
          {
            id: 'H',
            type: 'macvlan',
            config: {
              lower: { name: 'eth0', mac: '02:00:00:00:00:10' },
              macvlans: [{ name: 'mv', mac: '02:00:00:00:00:01', mode: 'sideways' }],
            },
          },
        ],
        links: [],
        traffic: [],
      },
      null,
      2,
    );
    const loaded = loadScenario(JSON.parse(text), deviceTypes);
    expect(loaded.ok).toBe(false);
    const at = pathRanges(text);
    const modeIssue = !loaded.ok && loaded.issues.find((i) => i.path.endsWith('.mode'));
    expect(modeIssue).toBeTruthy();
    const r = at((modeIssue as { path: string }).path)!;
    expect(text.slice(r.from, r.to)).toBe('"sideways"');
  });
});

describe('json-scan', () => {
  const agrees = (text: string) => {
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    const scan = scanJson(text);
    expect(scan.ok, JSON.stringify(text)).toBe(valid);
    if (!scan.ok) expect(scan.offset >= 0 && scan.offset <= text.length).toBe(true);
  };

  it('accepts exactly what JSON.parse accepts', () => {
    for (const t of [
      '',
      ' ',
      '\ufeff{}',
      '{"a":1,}',
      '[1,]',
      '01',
      '-',
      '1.',
      '.5',
      '"\\x"',
      '"\t"',
      '"\\u12"',
      'nul',
      '{"a" 1}',
      '[] []',
      '"\ud800"',
      '1e5',
      '-0.0E+1',
      '{"__proto__": 1}',
    ])
      agrees(t);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), agrees), SEED);
    // Valid JSON with one character changed, dropped or inserted: the cases near the grammar.
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom(...'{}[],:"\\ 0-e.tn\n\u0001'),
        fc.constantFrom('set', 'drop', 'insert'),
      )
      .map(([t, n, c, how]) => {
        const i = t.length ? n % t.length : 0;
        return how === 'drop' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + c + t.slice(how === 'set' ? i + 1 : i);
      });
    fc.assert(fc.property(mutated, agrees), { seed: 7, numRuns: 3000 });
  });

  it('says where the first syntax error is', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const s = scanJson(text);
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(lineColumn(text, s.offset)).toEqual({ line: 3, column: 3 });
      expect(s.message).toMatch(/Expected "," or "}"/);
    }
  });

  it('survives nesting deep enough to overflow a recursive parser', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const s = scanJson(deep);
    expect(s.ok).toBe(true);
    expect(scanJson('['.repeat(200_000)).ok).toBe(false);
  });
});
