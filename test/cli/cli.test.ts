// The CLI as an instructor uses it: fates in text and JSON, pcap export, expectations
// deciding the exit code, and clear messages (exit 2) for bad files and arguments.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args';

const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/scenario.ts', ...args], { encoding: 'utf8' });

describe('scenario CLI', () => {
  it('prints each frame fate, totals and expectations for the learning-bridge example', () => {
    const r = cli('docs/examples/learning-bridge.json');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('frame 1 at 0 from h1:eth0: ARP who-has 10.0.0.2 tell 10.0.0.1');
    expect(r.stdout).toContain('dropped at h3:eth0: ARP request for 10.0.0.2 is not for this host');
    expect(r.stdout).toMatch(/totals: 6 frames injected, 6 deliveries, 1 drops, 0 in flight/);
    expect(r.stdout).toContain('ok   $.expect[0]: state br0/fdb/02:00:00:00:00:01@0 = "p1": yes');
  }, 60_000);

  it('prints the documented JSON report and writes a pcap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvl-'));
    const pcap = join(dir, 'out.pcap');
    const r = cli('docs/examples/learning-bridge.json', '--json', '--pcap', pcap);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('netvirt-lab/cli-report@1');
    expect(j.totals).toMatchObject({ injected: 6, delivered: 6, dropped: 1, inFlight: 0 });
    expect(j.frames[1]).toMatchObject({ origin: 4, traffic: 0, inResponseTo: 1, from: 'h2:eth0' });
    const bytes = readFileSync(pcap);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
  }, 60_000);

  it('exits 1 when an expectation fails, saying what happened instead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvl-'));
    const f = join(dir, 's.json');
    const s = JSON.parse(readFileSync('docs/examples/learning-bridge.json', 'utf8'));
    s.expect = [{ state: 'br0/fdb/02:00:00:00:00:01@0', equals: 'p3' }];
    writeFileSync(f, JSON.stringify(s));
    const r = cli(f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL $.expect[0]: state br0/fdb/02:00:00:00:00:01@0 = "p3": no, it is "p1"');
  }, 60_000);

  it('prints step, order, returns and frame results with the path of what failed (text and JSON), exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvl-'));
    const f = join(dir, 's.json');
    const s = JSON.parse(readFileSync('docs/examples/learning-bridge.json', 'utf8'));
    s.traffic.push({ at: '200us', node: 'br0', command: 'port-set', args: { port: 'p9', hairpin: true } });
    s.expect = [
      { step: { node: 'br0', source: 'br_flood', detail: { in: 'p1' } }, count: 2 },
      { step: { node: 'br0', source: 'br_flood', detail: { in: 'p1' } }, count: 3 },
      {
        order: [
          { node: 'h2', source: 'icmp_echo' },
          { node: 'br0', source: 'br_flood' },
        ],
      },
      { command: 1, returns: 0 },
      { frame: 0, fields: { 'arp.tpa': '10.0.0.3' } },
    ];
    writeFileSync(f, JSON.stringify(s));
    const text = cli(f);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(
      /ok {3}\$\.expect\[0\]: a step at br0 from source "br_flood" with in = "p1" happens exactly 2 times: yes/,
    );
    expect(text.stdout).toMatch(/FAIL \$\.expect\[1\]: .* happens exactly 3 times: no, 2 times \(steps #\d+, #\d+\)/);
    expect(text.stdout).toMatch(
      /FAIL \$\.expect\[3\]: command #1 on br0 returns 0: no, it returned -ENODEV to bridge link set/,
    );
    const json = JSON.parse(cli(f, '--json').stdout);
    expect(json.expectations.map((r: { ok: boolean; path: string }) => [r.ok, r.path])).toEqual([
      [true, '$.expect[0]'],
      [false, '$.expect[1]'],
      [false, '$.expect[2].order'],
      [false, '$.expect[3].returns'],
      [false, '$.expect[4].fields'],
    ]);
  }, 90_000);

  it('exits 2 before running when the expect list does not load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvl-'));
    const f = join(dir, 's.json');
    const s = JSON.parse(readFileSync('docs/examples/learning-bridge.json', 'utf8'));
    s.expect = [{ step: { within: ['2us', '1us'] } }, { order: ['nobody', {}] }];
    writeFileSync(f, JSON.stringify(s));
    const r = cli(f);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.expect[0].step.within: the window ends before it starts');
    expect(r.stderr).toContain('$.expect[1].order[0]: no step expectation has id "nobody"');
  }, 60_000);

  it('exits 2 on a broken scenario and lists every problem with its JSON path', () => {
    const r = cli('docs/examples/broken.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('$.nodes[0].config.mac: MAC address "02:00:00:00:00:zz"');
    expect(r.stderr).toContain('$.nodes[1].type: "hots" is not one of');
    expect(r.stderr).toContain('did you mean "host"?');
    expect(r.stderr).toContain('$.links[0].b: node "br0" has no port "p9"');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);

  it('exits 2 on invalid JSON and on a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nvl-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, '{ "name": "x", ');
    const r = cli(f);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not valid JSON');
    const m = cli(join(dir, 'missing.json'));
    expect(m.status).toBe(2);
    expect(m.stderr).toContain('ENOENT');
  }, 60_000);

  it('parses arguments strictly', () => {
    expect(parseArgs(['a.json', '--until', '5ms'])).toEqual({
      ok: true,
      args: { file: 'a.json', json: false, steps: false, until: 5_000_000 },
    });
    expect(parseArgs(['a.json', '--bogus'])).toEqual({ ok: false, error: 'unknown option --bogus' });
    expect(parseArgs(['--pcap'])).toEqual({ ok: false, error: '--pcap needs a value' });
    expect(parseArgs([])).toEqual({ ok: false, error: 'no scenario file given' });
    expect(parseArgs(['a.json', '--until', 'soon'])).toMatchObject({ ok: false });
  });
});
