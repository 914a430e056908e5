import { describe, expect, it } from 'vitest';
import { problemDiagnostics } from '../../../src/app/edit/diagnostics';

describe('problemDiagnostics', () => {
  const text = '{\n  "nodes": [\n    { "id": "a", "mode": "sideways" }\n  ]\n}';
  it('marks a value, and only the first line of an ancestor standing in for a missing key', () => {
    const d = problemDiagnostics(text, {
      title: 't',
      issues: [
        { path: '$.nodes[0].mode', message: 'must be one of bridge, vepa', hint: 'pick one' },
        { path: '$.links', message: 'is required' },
        { path: '$.nodes[0].type', message: 'is required' },
      ],
    });
    expect(d.map((x) => text.slice(x.from, x.to))).toEqual(['"sideways"', '{', '{ "id": "a", "mode": "sideways" }']);
    expect(d[0].message).toBe('must be one of bridge, vepa (hint: pick one)');
    expect(d[1].message).toBe('$.links: is required');
  });
  it('puts a syntax error at its offset', () => {
    expect(
      problemDiagnostics('[1 2]', {
        title: 'x',
        issues: [{ path: 'line 1, column 4', message: 'Expected' }],
        syntax: { offset: 3, line: 1, column: 4 },
      }),
    ).toEqual([{ from: 3, to: 4, message: 'Expected' }]);
  });
});
