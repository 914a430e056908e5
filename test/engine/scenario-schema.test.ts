// docs/scenario.schema.json is what editors validate scenarios with: every bundled
// scenario, lesson scenario, example and golden fixture must pass it, every expectation
// form the docs show must pass it, and the mistakes it is meant to catch must fail it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const schema = JSON.parse(readFileSync(join(root, 'docs/scenario.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

function jsonFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(join(root, p)).isDirectory()) return jsonFiles(p);
    return f.endsWith('.json') ? [p] : [];
  });
}

const errorsOf = (json: unknown): string[] =>
  validate(json) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

const bundled = [
  ...jsonFiles('src/scenarios'),
  ...readdirSync(join(root, 'lessons')).map((l) => `lessons/${l}/scenario.json`),
  ...jsonFiles('docs/examples').filter((f) => !f.includes('broken')),
];

describe('scenario JSON Schema', () => {
  it('finds the scenarios it checks', () => {
    expect(bundled.length).toBeGreaterThan(60);
  });

  it.each(bundled)('%s validates', (file) => {
    expect(errorsOf(JSON.parse(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('the golden fixtures (test/expect/golden) validate with their expectations in place', () => {
    for (const f of jsonFiles('test/expect/golden')) {
      const g = JSON.parse(readFileSync(join(root, f), 'utf8'));
      for (const c of g.cases) {
        const s = JSON.parse(readFileSync(join(root, c.scenario), 'utf8'));
        const composed = { ...s, traffic: [...(s.traffic ?? []), ...(c.addTraffic ?? [])], expect: c.expect };
        expect(errorsOf(composed), `${f} on ${c.scenario}`).toEqual([]);
      }
    }
  });

  // One expectation a line in the docs' Expectations code blocks.
  const docs = readFileSync(join(root, 'docs/scenario-format.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Expectations'), docs.indexOf('## Determinism'));
  const shown = [...section.matchAll(/```json\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1].split('\n').filter((l) => l.trim().startsWith('{')),
  );

  it('every expectation the docs show validates', () => {
    expect(shown.length).toBeGreaterThan(20);
    const base = JSON.parse(readFileSync(join(root, 'src/scenarios/bridge/learning.json'), 'utf8'));
    for (const line of shown) expect(errorsOf({ ...base, expect: [JSON.parse(line)] }), line).toEqual([]);
  });

  it('rejects the expectation mistakes it can see', () => {
    const base = JSON.parse(readFileSync(join(root, 'src/scenarios/bridge/learning.json'), 'utf8'));
    const bad: unknown[] = [
      { step: { colour: 'red' } },
      { step: { kind: 'jump' } },
      { step: { layer: 'L7' } },
      { step: { at: '1us', within: ['1us', '2us'] } },
      { step: { within: ['1us'] } },
      { step: {}, count: 1, none: true },
      { step: {}, none: false },
      { step: {}, count: -1 },
      { order: ['only-one'] },
      { order: [{}, 7] },
      { command: 0, returns: 5 },
      { command: 0, returns: 'EWHAT?' },
      { frame: 'x', fields: { 'eth.dst': 'x' } },
      { frame: 0, fields: {} },
      { frame: 0, fields: { 'a..b': 1 } },
      { state: 'k', unset: false },
      { state: 'k' },
      { traffic: 0 },
      { traffic: 0, deliveredTo: ['h2'], colour: 1 },
      { description: 3, step: {} },
    ];
    for (const e of bad) expect(errorsOf({ ...base, expect: [e] }), JSON.stringify(e)).not.toEqual([]);
  });
});
