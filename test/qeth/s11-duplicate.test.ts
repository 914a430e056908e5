// Golden walk S11 (fact sheet §4, with corrections W6 and W7): duplicate registration
// on one OSA port, an address in use on the LAN, and IP takeover.
import { describe, expect, it } from 'vitest';
import { runFile, run, finalState, deliveredNodes, osaLab, scenarioFile } from './qeth-helpers';
import { deviceTypes } from '../../src/engine/devices/registry';
import { checkExpectations } from '../../src/engine/scenario/expect';
import { loadScenario } from '../../src/engine/scenario/load';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Trace } from '../../src/engine/sim/types';

const t = runFile('duplicate-registration.json');
const end = finalState(t);

/** The messages of the expectations (scenario `expect` language) that do not hold on this run. */
function failing(expectations: unknown[]): string[] {
  const r = loadScenario(
    { ...(scenarioFile('duplicate-registration.json') as object), expect: expectations },
    deviceTypes,
  );
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return checkExpectations(r.scenario, t)
    .filter((x) => !x.ok)
    .map((x) => x.message);
}
/** The card's replies to one DEVNO's IPA command (detail.ipa.cmd starts with `cmd`). */
const reply = (devno: string, cmd: string, detail: Record<string, unknown> = {}) => ({
  node: 'osa',
  kind: 'inject',
  port: devno,
  detail: { 'ipa.cmd': `/^${cmd.replace(/[./]/g, '\\$&')}/`, ...detail },
});
const ipaReplies = (tr: Trace, node: string, cmdIncludes: string) =>
  tr.steps
    .filter((s) => s.node === 'osa' && s.kind === 'inject' && s.port === node && s.decision.includes(cmdIncludes))
    .map((s) => (s.detail as { ipa: { rc: number } }).ipa.rc);

describe('S11: duplicate registration', () => {
  it('step 1: G2 SETIP 10.0.0.5 gets RC 0xe005 "Address already registered", retried up to 3 times, then the warning', () => {
    expect(
      failing([
        { step: reply('0x0a03', 'SETIP 10.0.0.5/24'), count: 3 },
        { step: reply('0x0a03', 'SETIP 10.0.0.5/24', { 'ipa.rc': 0xe005 }), count: 3 },
        { command: 0, returns: '-EADDRINUSE' },
        {
          step: { node: 'g2', detail: { dmesg: 'Registering IP address 10.0.0.5 failed', errno: '-EADDRINUSE' } },
          count: 1,
        },
      ]),
    ).toEqual([]);
  });

  it('step 2: G2 keeps the address in ip addr and in the driver table; the OSA keeps delivering 10.0.0.5 to G1', () => {
    const idx = new StateIndex(t);
    const afterAdd = t.steps.findIndex(
      (s) => s.node === 'g2' && s.decision.includes('Registering IP address 10.0.0.5 failed'),
    );
    const st = idx.at(afterAdd + 2);
    expect((st.get('g2/ip/10.0.0.5') as { card: string }).card).toMatch(/0xe005/);
    expect(st.get('g2/driver/10.0.0.5')).toEqual({ disp: 'DO_NOTHING', flags: 0, type: 'normal' });
    expect(end.get('osa/table/0x0a00/ip/10.0.0.5')).toBeDefined();
    expect(end.get('osa/table/0x0a03/ip/10.0.0.5')).toBeUndefined();
    expect(deliveredNodes(t, 1).filter((n) => /^g/.test(n))).toEqual(['g1']);
  });

  it('step 3: 10.0.0.200 is in use by the LAN host: the gratuitous ARP is answered and SETIP fails with 0xe00a; -EIO frees the driver entry', () => {
    expect(
      failing([
        { step: reply('0x0a06', 'SETIP 10.0.0.200/24'), count: 3 },
        { step: reply('0x0a06', 'SETIP 10.0.0.200/24', { 'ipa.rc': 0xe00a }), count: 3 },
        { command: 2, returns: '-EIO' },
        // One gratuitous ARP on the LAN per attempt, before the next command (G4's, at 900us).
        { step: { node: 'osa', port: 'wire', kind: 'inject', within: ['700us', '899us'] }, count: 3 },
        {
          frame: { node: 'osa', port: 'wire', kind: 'inject', within: ['700us', '899us'] },
          fields: { 'arp.spa': '10.0.0.200', 'arp.tpa': '10.0.0.200' },
        },
      ]),
    ).toEqual([]);
    expect(end.get('g3/driver/10.0.0.200')).toBeUndefined();
    expect((end.get('g3/ip/10.0.0.200') as { card: string }).card).toMatch(/0xe00a/);
  });

  it('step 3 variant: inside an ipa_takeover range the SETIP carries TAKEOVER (0x02) and succeeds although the LAN answered', () => {
    expect(ipaReplies(t, '0x0a09', 'SETIP 10.0.0.200/24 flags 0x02')).toEqual([0]);
    expect(end.get('osa/table/0x0a09/ip/10.0.0.200')).toEqual({ prefix: 24, flags: 2, version: 4 });
  });

  it('DELIP of the duplicate: the card answers 0xe010 (IP address not defined) and G1 keeps 10.0.0.5; the driver frees its entry anyway', () => {
    expect(
      failing([
        { step: reply('0x0a03', 'DELIP 10.0.0.5/24'), count: 1 },
        { step: reply('0x0a03', 'DELIP 10.0.0.5/24', { 'ipa.rc': 0xe010 }), count: 1 },
        { step: { node: 'g2', kind: 'deliver', detail: { 'ipa.rcName': 'IPA_RC_IP_ADDRESS_NOT_DEFINED' } }, count: 1 },
        { command: 4, returns: '-EIO' },
      ]),
    ).toEqual([]);
    expect(end.get('g2/driver/10.0.0.5')).toBeUndefined();
    expect(end.get('osa/table/0x0a00/ip/10.0.0.5')).toBeDefined();
  });

  it('W7 same-port takeover: both registered 10.0.0.7 as takeover addresses, so it moves from G1 to G4 and the card delivers to G4', () => {
    expect(end.get('osa/table/0x0a00/ip/10.0.0.7')).toBeUndefined();
    expect(end.get('osa/table/0x0a09/ip/10.0.0.7')).toEqual({ prefix: 24, flags: 2, version: 4 });
    expect(deliveredNodes(t, 6).filter((n) => /^g/.test(n))).toEqual(['g4']);
  });

  it('W7: without ipa_takeover on the owner, a TAKEOVER SETIP still gets 0xe005', () => {
    const lab = osaLab(2, (i) => (i === 2 ? { takeover: { enable: true, ranges: ['10.0.0.0/24'] } } : {}));
    lab.traffic = [{ at: '300us', node: 'g2', command: 'ip-addr-add', args: { ip: '10.0.0.1/24' } }];
    const tr = run(lab);
    expect(ipaReplies(tr, '0x0a03', 'SETIP 10.0.0.1/24 flags 0x02')).toEqual([0xe005, 0xe005, 0xe005]);
  });

  it('W6: after a recovery the duplicate entry leaves the driver table (qeth_l3_recover_ip deletes failures) but stays in ip addr', () => {
    const lab = osaLab(2);
    lab.traffic = [
      { at: '300us', node: 'g2', command: 'ip-addr-add', args: { ip: '10.0.0.1/24' } },
      { at: '600us', node: 'g2', command: 'recover', args: {} },
    ];
    const tr = run(lab);
    const idx = new StateIndex(tr);
    const before = tr.steps.findIndex((s) => s.time >= 600_000);
    expect(idx.at(before - 1).get('g2/driver/10.0.0.1')).toEqual({ disp: 'DO_NOTHING', flags: 0, type: 'normal' });
    const fin = finalState(tr);
    expect(fin.get('g2/driver/10.0.0.1')).toBeUndefined();
    expect(fin.get('g2/ip/10.0.0.1')).toBeDefined();
    expect(fin.get('g2/driver/10.0.0.2')).toEqual({ disp: 'DO_NOTHING', flags: 0, type: 'normal' });
    expect(fin.get('osa/table/0x0a03/ip/10.0.0.2')).toBeDefined();
  });
});
