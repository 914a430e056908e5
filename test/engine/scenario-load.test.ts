// Loading scenarios: every problem reported with its JSON path and a hint, in one pass.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario, parseScenarioText } from '../../src/engine/scenario/load';
import { star } from '../helpers/run';

const issuesOf = (json: unknown) => {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues;
};

describe('scenario loader', () => {
  it('accepts a valid scenario and resolves units', () => {
    const r = loadScenario(
      star(2, { traffic: [{ at: '1.5ms', node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }] }),
      deviceTypes,
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.scenario.traffic[0].at).toBe(1_500_000);
      expect(r.scenario.links[0]).toMatchObject({ bandwidthBps: 1e9, latencyNs: 1000 });
    }
  });

  it('reports a non-object root', () => {
    expect(issuesOf([1, 2])[0]).toMatchObject({
      path: '$',
      message: expect.stringContaining('expected a scenario object'),
    });
  });

  it('reports duplicate ids, double-linked ports and unknown commands with paths', () => {
    const s = star(2) as any;
    s.nodes.push({ id: 'h1', type: 'host', config: { mac: '02:00:00:00:00:09' } });
    s.links.push({ a: 'h2:eth0', b: 'br0:p1' });
    s.traffic = [
      { node: 'h1', command: 'fly' },
      { node: 'h1' },
      { node: 'h1', command: 'ping', args: { dst: '300.1.1.1' } },
    ];
    const msgs = issuesOf(s).map((i) => `${i.path}: ${i.message}`);
    expect(msgs).toContain('$.nodes[3].id: node id "h1" is used twice');
    expect(msgs.some((m) => m.startsWith('$.links[2].a: port h2:eth0 is already linked'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('$.traffic[0].command: node "h1" (host) has no command "fly"'))).toBe(true);
    expect(msgs).toContain('$.traffic[1]: has neither "frame" nor "command"');
    expect(msgs.some((m) => m.startsWith('$.traffic[2].args.dst: IPv4 address "300.1.1.1"'))).toBe(true);
  });

  it('reports hex frames that are not hex or too short', () => {
    const s = star(1, {
      traffic: [
        { node: 'h1', port: 'eth0', frame: { hex: 'zz' } },
        { node: 'h1', port: 'eth0', frame: { hex: 'ffff' } },
      ],
    });
    const msgs = issuesOf(s).map((i) => `${i.path}: ${i.message}`);
    expect(msgs.some((m) => m.startsWith('$.traffic[0].frame.hex: "z" is not a hex digit'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('$.traffic[1].frame.hex:'))).toBe(true);
  });

  it('reports invalid JSON text with the parser message', () => {
    const r = parseScenarioText('{"nodes": [', deviceTypes, 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toContain('x.json is not valid JSON');
  });

  it('never throws on arbitrary JSON, and reports at least one issue for non-scenarios', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = loadScenario(v, deviceTypes);
        if (!r.ok) for (const i of r.issues) expect(i.path.startsWith('$')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws when scenario fields are replaced by random values', () => {
    const base = star(2, { traffic: [{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }] });
    const paths = [
      ['seed'],
      ['nodes', 0, 'config'],
      ['nodes', 1, 'config', 'mac'],
      ['links', 0, 'a'],
      ['traffic', 0, 'args'],
      ['traffic', 0, 'at'],
      ['links', 0, 'bandwidth'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const s: any = structuredClone(base);
        let o = s;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]] = value;
        loadScenario(s, deviceTypes);
      }),
      { numRuns: 1000 },
    );
  });
});
