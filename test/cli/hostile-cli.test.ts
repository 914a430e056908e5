// The CLI under abuse: every failure is exit 2 with a short message and no stack trace; a
// run stopped by its budget is exit 3 with the final step printed; text from the file is
// escaped before it reaches the terminal.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]) =>
  spawnSync('npx', ['tsx', 'src/cli/scenario.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'nvl-hostile-'));
const bridge = () => JSON.parse(readFileSync('docs/examples/learning-bridge.json', 'utf8'));
const write = (name: string, content: string | Buffer | object): string => {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'object' && !Buffer.isBuffer(content) ? JSON.stringify(content) : content);
  return f;
};
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at .*(\.ts|\.js|node:)/m);

describe('scenario CLI under abuse', () => {
  it('a malformed qeth frame from a guest is a drop with a reason, not a crash', () => {
    const s = JSON.parse(readFileSync('src/scenarios/qeth/router-fallback.json', 'utf8'));
    s.traffic.unshift({
      at: '1us',
      node: 'g1',
      port: 'osa',
      frame: { hex: '0'.repeat(24) + '88b6' + 'b101' + '0'.repeat(36) },
    });
    s.expect = []; // the item added first shifts the indices the file's expectations use
    const r = cli(write('qeth.json', s));
    noStack(r.stderr);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('dropped at osa:0x0a00: Malformed IPA command from 0x0a00');
  }, 60_000);

  it('a large until on an event-heavy model stops at its event budget: exit 3, the final step printed', () => {
    const s = JSON.parse(readFileSync('src/scenarios/virtio/virtio-no-barrier.json', 'utf8'));
    const r = cli(write('virtio.json', { ...s, until: '3004s', maxEvents: 100_000 }));
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/stopped at step #\d+: Run stopped: budget of 100000 events reached at t=/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^run stopped by its budget \(maxEvents\): .*raise maxEvents/);
    const j = JSON.parse(cli(write('virtio.json', { ...s, until: '3004s', maxEvents: 100_000 }), '--json').stdout);
    expect(j.stopped).toMatchObject({ budget: 'maxEvents' });
  }, 60_000);

  it.each([
    ['maxSteps of 10,000,000', { maxSteps: 10_000_000 }, '$.maxSteps: 10000000 is out of range [1, 5000000]'],
    ['a command named __proto__', { traffic: [{ node: 'h1', command: '__proto__' }] }, '$.traffic[0].command'],
    ['an infinite until', { until: '1' + '0'.repeat(320) + 's' }, '$.until: duration "1000000000000'],
  ])(
    'refuses %s at load with exit 2',
    (_what, patch, msg) => {
      const r = cli(write('bad.json', { ...bridge(), ...patch }));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(msg);
      noStack(r.stderr);
    },
    60_000,
  );

  it.each([
    ['a missing directory', () => join(dir, 'no', 'such', 'dir', 'x.pcap'), 'does not exist'],
    ['a directory', () => dir, 'is a directory'],
  ])(
    '--pcap to %s: exit 2, one line',
    (_what, path, msg) => {
      const r = cli('docs/examples/learning-bridge.json', '--pcap', path());
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      noStack(r.stderr);
    },
    60_000,
  );

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const r = cli(write('bom.json', '\ufeff' + readFileSync('docs/examples/learning-bridge.json', 'utf8')));
    expect(r.status).toBe(0);
  }, 60_000);

  it('refuses a file that is not UTF-8, saying where', () => {
    const r = cli(write('latin1.json', Buffer.from('{"name": "caf\xe9"}', 'latin1')));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error: ${join(dir, 'latin1.json')} is not UTF-8 text (byte 0xe9 at offset 13); save it as UTF-8`,
    );
  }, 60_000);

  it('escapes control characters from the file in what it prints, and quotes a long bad value in part', () => {
    const s = bridge();
    s.name = 'evil\u001b]0;owned\u0007\u009b2J';
    s.traffic[0].label = 'ping\u001b[31m red';
    const r = cli(write('ctl.json', s));
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u009b');
    expect(r.stdout).toContain('evil\\u001b]0;owned\\u0007\\u009b2J');
    // eslint-disable-next-line no-control-regex -- the raw characters must not appear
    expect(cli(write('ctl.json', s), '--json').stdout).not.toMatch(/[\u001b\u009b]/);
    const long = bridge();
    long.nodes[0].type = 'x'.repeat(1_100_000);
    const bad = cli(write('long.json', long));
    expect(bad.status).toBe(2);
    expect(bad.stderr.length).toBeLessThan(2000);
  }, 60_000);
});
