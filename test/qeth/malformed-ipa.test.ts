// A short IPA frame scripted from a guest used to crash the whole run (the parser sliced
// the address without a length check, then the card built a gratuitous ARP from nothing).
// Now the card checks the command's length against its layout and discards it with a reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpaFrame, buildIpaFrame } from '../../src/engine/devices/qeth/ipa-frame';
import { IPA_CMD } from '../../src/engine/devices/qeth/ipa-codes';
import { run, stepsWhere } from '../helpers/run';

const ETH_IPA = '000000000000' + '000000000000' + '88b6';
const hdr = (cmd: number, prot = 4) =>
  cmd.toString(16).padStart(2, '0') +
  '01' +
  '0000' +
  '0000' +
  '0000' +
  '0101' +
  prot.toString(16).padStart(4, '0') +
  '00'.repeat(8);

describe('malformed IPA commands', () => {
  it('a SETIP with no data is dropped by the card with a reason, and the run goes on', () => {
    const s = JSON.parse(readFileSync('src/scenarios/qeth/router-fallback.json', 'utf8'));
    s.traffic.unshift({ at: '1us', node: 'g1', port: 'osa', frame: { hex: ETH_IPA + hdr(IPA_CMD.SETIP) } });
    s.expect = [];
    const t = run(s);
    const drops = stepsWhere(t, { node: 'osa', kind: 'drop', text: 'Malformed IPA command' });
    expect(drops).toHaveLength(1);
    expect(drops[0].decision).toBe(
      'Malformed IPA command from 0x0a00: command 0xb1 carries 0 bytes of data where its layout needs 12; the card discards it.',
    );
    // The scenario's own traffic still runs to its end.
    expect(t.fates.length).toBeGreaterThan(4);
  });

  it('the parser refuses every truncation of every command it builds, and accepts the whole', () => {
    for (const cmd of [IPA_CMD.SETIP, IPA_CMD.DELIP, IPA_CMD.SETIPM, IPA_CMD.SETRTG, IPA_CMD.SETVMAC, 0x33]) {
      for (const prot of [4, 6] as const) {
        const whole = buildIpaFrame({
          cmd,
          seqno: 1,
          rc: 0,
          prot,
          ip: { version: prot, bytes: new Uint8Array(prot === 4 ? 4 : 16) },
        });
        expect(typeof parseIpaFrame(whole)).toBe('object');
        // Cut inside the Ethernet or IPA header, or right after it: a reason, never an exception.
        for (let n = 0; n <= 14 + 20; n++)
          expect(typeof parseIpaFrame(whole.subarray(0, n)), `cmd ${cmd} at ${n}`).toBe('string');
        // Any other cut: a command or a reason, never an exception.
        for (let n = 35; n < whole.length; n++)
          expect(['string', 'object']).toContain(typeof parseIpaFrame(whole.subarray(0, n)));
      }
    }
  });
});
