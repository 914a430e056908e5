// The CLI prints the same fates the browser shows for every qeth scenario (the browser
// runs scenarios through buildRun, the CLI through src/cli/scenario.ts), every
// expectation written in the scenarios holds, and the inspector decodes IPA commands.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../src/app/run/build-run';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import '../../src/engine/devices/dissectors';
import { buildIpaFrame } from '../../src/engine/devices/qeth/ipa-frame';
import { IPA_CMD } from '../../src/engine/devices/qeth/ipa-codes';
import { ip } from '../../src/engine/frame/address';

const DIR = join(import.meta.dirname, '../../src/scenarios/qeth');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('qeth scenarios in the CLI and the browser', () => {
  it.each(files)(
    '%s: same fates, every expectation holds',
    (f) => {
      const path = join(DIR, f);
      const cli = spawnSync('npx', ['tsx', 'src/cli/scenario.ts', path, '--json'], {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(cli.status, cli.stderr).toBe(0);
      const report = JSON.parse(cli.stdout) as {
        frames: { origin: number; delivered: { node: string }[]; dropped: { node: string; reason: string }[] }[];
        expectations: { ok: boolean }[];
      };
      expect(report.expectations.every((e) => e.ok)).toBe(true);
      const run = buildRun(JSON.parse(readFileSync(path, 'utf8')), f);
      if (!run.ok) expect.fail(run.title);
      const browser = run.trace.fates.map((x) => ({
        origin: x.origin,
        delivered: x.delivered.map((d) => d.node),
        dropped: x.dropped.map((d) => [d.node, d.reason]),
      }));
      const printed = report.frames.map((x) => ({
        origin: x.origin,
        delivered: x.delivered.map((d) => d.node),
        dropped: x.dropped.map((d) => [d.node, d.reason]),
      }));
      expect(printed).toEqual(browser);
    },
    130_000,
  );
});

describe('IPA commands in the inspector', () => {
  it('decodes SETIP with its address, mask, flags and the return code by its Linux name', () => {
    const d = decodeFrame(
      buildIpaFrame({ cmd: IPA_CMD.SETIP, seqno: 7, rc: 0xe005, prot: 4, ip: ip('10.0.0.5'), prefix: 24, flags: 2 }),
    );
    expect(d.error).toBeUndefined();
    expect(findField(d, 'ipa.cmd')?.display).toBe('0xb1 (SETIP)');
    expect(findField(d, 'ipa.rc')?.display).toContain('IPA_RC_DUPLICATE_IP_ADDRESS');
    expect(findField(d, 'ipa.ip')?.value ?? findField(d, 'ipa.ip')?.display).toContain('10.0.0.5');
    expect(findField(d, 'ipa.mask')?.display).toContain('255.255.255.0');
    expect(findField(d, 'ipa.flags')?.display).toBe('0x00000002 (TAKEOVER)');
  });

  it('names 0xe010 after the command it answers: IP address not defined for DELIP', () => {
    const d = decodeFrame(
      buildIpaFrame({ cmd: IPA_CMD.DELIP, seqno: 1, rc: 0xe010, prot: 4, ip: ip('10.0.0.5'), prefix: 24 }),
    );
    expect(findField(d, 'ipa.rc')?.display).toContain('IPA_RC_IP_ADDRESS_NOT_DEFINED');
  });
});
