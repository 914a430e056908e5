// Scenario files written by an attacker or a careless author: names that are properties
// of every object, infinite numbers, control characters and megabyte values. Each is
// refused at load with its JSON path, or run without an exception.
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { formatIssues, oneLine, printable, shown } from '../../src/engine/scenario/issues';
import { loadScenario, parseScenarioText } from '../../src/engine/scenario/load';
import type { Device, DeviceType } from '../../src/engine/sim/device';
import { runScenario } from '../../src/engine/sim/simulator';
import { stepAt, stepCount } from '../../src/engine/sim/trace-access';
import { tracePcap } from '../../src/engine/pcap/from-trace';
import { load, star } from '../helpers/run';

const issuesOf = (json: unknown) => {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues;
};

describe('hostile scenario files', () => {
  it.each(['hasOwnProperty', 'valueOf', '__proto__', 'constructor', 'toString', 'isPrototypeOf'])(
    'refuses the command name %s with its path (commands are own properties only)',
    (name) => {
      const issues = issuesOf(star(2, { traffic: [{ node: 'h1', command: name }] }));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({
        path: '$.traffic[0].command',
        message: `node "h1" (host) has no command "${name}"`,
      });
    },
  );

  it('reads "__proto__" and "constructor" keys as unknown fields, never as inherited values', () => {
    const s = JSON.parse('{"__proto__": {"x": 1}, "constructor": 3}');
    const issues = issuesOf({ ...star(2), ...s });
    expect(issues.map((i) => i.message)).toEqual(['unknown field "__proto__"', 'unknown field "constructor"']);
    // A node config without "constructor" does not find Object's constructor there either.
    expect(issuesOf(star(2))).toEqual([]);
  });

  it('refuses infinite and overlong durations (a 320-digit number is Infinity)', () => {
    const huge = '1' + '0'.repeat(320);
    for (const until of [`${huge}s`, `${huge}`, '2000000s']) {
      const issues = issuesOf(star(2, { until }));
      expect(issues[0]?.path, until).toBe('$.until');
      expect(issues[0].message.length).toBeLessThan(200);
    }
    // JSON itself turns 1e400 into Infinity.
    const r = parseScenarioText(JSON.stringify(star(2)).replace('{', '{"until": 1e400,'), deviceTypes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].path).toBe('$.until');
    // Link numbers too: no infinite latency or bandwidth, no bandwidth too small to finish a frame.
    const s = star(2) as any;
    s.links[0].latency = `${huge}ns`;
    s.links[1].bandwidth = '0.000001bit';
    expect(issuesOf(s).map((i) => i.path)).toEqual(['$.links[0].latency', '$.links[1].bandwidth']);
  });

  it('accepts the longest duration allowed and its pcap export works', () => {
    const t = runScenario(
      load(
        star(2, {
          until: '1000000s',
          traffic: [{ at: '999999s', node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }],
          maxTime: '1000000s',
        }),
      ),
      deviceTypes,
    );
    expect(t.endTime).toBe(1e15);
    expect(tracePcap(t).length).toBeGreaterThan(24);
  });

  it('strips a UTF-8 byte-order mark', () => {
    const r = parseScenarioText('\ufeff' + JSON.stringify(star(2)), deviceTypes);
    expect(r.ok).toBe(true);
  });

  it('quotes a bad value in part, escaped, never whole', () => {
    const long = 'x'.repeat(1_100_000);
    const s = star(2) as any;
    s.nodes[1].type = long;
    s.name = 5;
    s[long] = 1;
    s.links[0].a = `\u001b[2J\u009b31m${long}`;
    const issues = issuesOf(s);
    const text = formatIssues(issues);
    expect(text.length).toBeLessThan(3000);
    // eslint-disable-next-line no-control-regex -- no raw control character may remain
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u001b[2J\\u009b31m');
  });

  it('keeps at most 200 problems from a file with one per element', () => {
    const s = star(2) as any;
    s.traffic = Array.from({ length: 5000 }, () => ({ node: 'nobody', command: 'x' }));
    const issues = issuesOf(s);
    expect(issues.length).toBe(201);
    expect(issues[200].message).toContain('more than 200 problems');
  });

  it('escapes control characters, separators and bidi overrides for the terminal', () => {
    expect(printable('a\u001b[31mb\nc\u202ed\u2028')).toBe('a\\u001b[31mb\nc\\u202ed\\u2028');
    expect(oneLine('a\nb')).toBe('a\\nb');
    expect(shown('y'.repeat(100))).toBe(`"${'y'.repeat(60)}…"`);
  });
});

describe('the simulator as a last line of defence', () => {
  // A device with a bug: it throws on some frames. The fix belongs in the device; the
  // simulator only keeps one bug from taking the whole run down, and says where it was.
  const throwing: DeviceType<null> = {
    type: 'thrower',
    summary: 'throws',
    readConfig: () => null,
    ports: () => ['p'],
    create: (id): Device => ({
      id,
      ports: ['p'],
      receive(_port, pkt) {
        if (pkt.bytes.length < 60) throw new RangeError('offset is out of bounds');
      },
    }),
  };
  const types = new Map([...deviceTypes, ['thrower', throwing as DeviceType]]);

  it('turns a device exception into a drop "internal error in <device>: <message>"', () => {
    const r = loadScenario(
      {
        name: 'x',
        nodes: [
          { id: 'h1', type: 'host', config: { mac: '02:00:00:00:00:01', ip: '10.0.0.1' } },
          { id: 'bug', type: 'thrower' },
        ],
        links: [{ a: 'h1:eth0', b: 'bug:p' }],
        traffic: [{ node: 'h1', port: 'eth0', frame: { hex: 'ffffffffffff020000000001' + '0800' } }],
      },
      types,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = runScenario(r.scenario, types);
    const last = stepAt(t, stepCount(t) - 1)!;
    expect(last).toMatchObject({
      kind: 'drop',
      node: 'bug',
      decision: 'internal error in bug: offset is out of bounds',
    });
    expect(t.fates[0].dropped[0].reason).toBe('internal error in bug: offset is out of bounds');
  });
});
