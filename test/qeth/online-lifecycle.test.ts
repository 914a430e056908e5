// The qeth device's online/offline life cycle (issue 15 item 6), from drivers/s390/net:
// - qeth_core_hardsetup_card (v5.9+, "s390/qeth: clean up error handling for isolation
//   mode cmds"): "if (card->options.isolation != ISOLATION_MODE_NONE) { rc =
//   qeth_setadpparms_set_access_ctrl(card, card->options.isolation); if (rc) goto out; }",
//   before STARTLAN; a refusal fails qeth_set_online.
// - qeth_dev_isolation_store: "if (qeth_card_hw_is_reachable(card)) rc =
//   qeth_setadpparms_set_access_ctrl(card, isolation); if (!rc) WRITE_ONCE(...)": offline,
//   the value is only stored.
import { describe, expect, it } from 'vitest';
import { run, finalState, osaLab, udp } from './qeth-helpers';
import type { Trace } from '../../src/engine/sim/types';

const sent = (t: Trace, node: string): string[] =>
  t.steps
    .filter((s) => s.node === node && s.detail && 'ipa' in s.detail && s.kind !== 'deliver')
    .map((s) => (s.detail as { ipa: { cmd: string } }).ipa.cmd.split(' ')[0]);

describe('qeth online/offline life cycle', () => {
  it('a configured isolation is the first IPA command of the online, before STARTLAN', () => {
    const t = run(osaLab(1, () => ({ isolation: 'drop' })));
    const cmds = sent(t, 'g1');
    expect(cmds[0]).toBe('SETADAPTERPARMS');
    expect(cmds.indexOf('STARTLAN')).toBe(1);
    expect(finalState(t).get('g1/online')).toBe(1);
    expect(finalState(t).get('g1/isolation')).toBe('drop');
  });

  it('without isolation there is no access-control command at online (the default "none" is not sent)', () => {
    const t = run(osaLab(1));
    expect(sent(t, 'g1')).not.toContain('SETADAPTERPARMS');
    expect(sent(t, 'g1')[0]).toBe('STARTLAN');
  });

  it('a refused isolation fails the online: no STARTLAN, no address, frames to it are not delivered', () => {
    const lab = osaLab(1, () => ({ isolation: 'forward' }));
    lab.traffic = [udp('400us', '10.0.0.1')];
    const t = run(lab);
    expect(sent(t, 'g1')).toEqual(['SETADAPTERPARMS']);
    expect(finalState(t).get('g1/online')).toBe(0);
    const refusal = t.steps.find((s) => s.node === 'g1' && /fails to go online \(-ENODEV\)/.test(s.decision));
    expect(refusal?.decision).toContain('isolation stays "forward"');
    expect(t.fates.find((f) => f.traffic === 0)!.delivered).toEqual([]);
  });

  it('isolation written while offline is stored without asking the card, then applied at online', () => {
    const lab = osaLab(1, () => ({ online: false }), {}, { reflectiveRelay: true });
    lab.traffic = [
      { at: '100us', node: 'g1', command: 'isolation', args: { mode: 'forward' } },
      { at: '200us', node: 'g1', command: 'online', args: {} },
    ];
    const t = run(lab);
    const stored = t.steps.find((s) => s.node === 'g1' && /only records isolation "forward"/.test(s.decision))!;
    const firstIpa = t.steps.findIndex((s) => s.node === 'g1' && s.detail && 'ipa' in s.detail);
    expect(firstIpa).toBeGreaterThan(t.steps.indexOf(stored));
    expect(sent(t, 'g1').slice(0, 2)).toEqual(['SETADAPTERPARMS', 'STARTLAN']);
    expect(finalState(t).get('g1/online')).toBe(1);
    expect(finalState(t).get('g1/isolation')).toBe('forward');
  });

  it('offline: the card forgets the addresses and frames are lost; online again registers them', () => {
    const lab = osaLab(2);
    lab.traffic = [
      { at: '300us', node: 'g1', command: 'offline', args: {} },
      udp('400us', '10.0.0.1'),
      { at: '500us', node: 'g1', command: 'ping', args: { dst: '10.0.0.2' } },
      { at: '600us', node: 'g1', command: 'online', args: {} },
      udp('900us', '10.0.0.1'),
    ];
    const t = run(lab);
    // While offline the card has no row for 10.0.0.1 and no router: the datagram is dropped at the card.
    expect(t.fates.find((f) => f.traffic === 1)!.delivered).toEqual([]);
    expect(t.steps.some((s) => s.node === 'g1' && /-ENETDOWN/.test(s.decision))).toBe(true);
    const cmds = sent(t, 'g1');
    expect(cmds.filter((c) => c === 'STARTLAN')).toHaveLength(2);
    expect(cmds).toContain('STOPLAN');
    expect(t.fates.find((f) => f.traffic === 4)!.delivered.map((d) => d.node)).toEqual(['g1']);
    expect(finalState(t).get('g1/online')).toBe(1);
  });
});

describe('the adjacent port leaves reflective relay under isolation "forward" (STOPLAN 0xe090)', () => {
  // Fact sheet §1.12 and qeth_check_ipa_data: the card stops the LAN with an unsolicited
  // STOPLAN, return code 0xe090 IPA_RC_VEPA_TO_VEB_TRANSITION; the driver logs "Adjacent
  // port of interface %s is no longer in reflective relay mode, trigger recovery"; the
  // recovery's online sets "forward" again, the card (no relay now) answers 0x0022, and
  // qeth_recover leaves the device offline ("failed to recover an error on the device").
  function lab() {
    const l = osaLab(2, (i) => (i === 1 ? { isolation: 'forward' } : {}), {}, { reflectiveRelay: true });
    l.traffic = [
      { at: '300us', node: 'osa', command: 'adjacent-port', args: { reflectiveRelay: false } },
      udp('3ms', '10.0.0.1'),
    ];
    return run(l);
  }

  it('only the forwarding connection gets the unsolicited STOPLAN, with initiator OSA', () => {
    const t = lab();
    const stops = t.steps.filter(
      (s) =>
        s.node === 'osa' && s.kind === 'inject' && (s.detail as { ipa?: { unsolicited?: boolean } })?.ipa?.unsolicited,
    );
    expect(stops.map((s) => s.port)).toEqual(['0x0a00']);
    const frame = t.frames[stops[0].frame!];
    // Ethernet header (14), then the IPA header: command 0x02 STOPLAN, initiator 0x01 OSA, rc 0xe090.
    expect([frame[14], frame[15], (frame[18] << 8) | frame[19]]).toEqual([0x02, 0x01, 0xe090]);
  });

  it('the recovery sets "forward" again, is refused with 0x0022 and leaves the device offline', () => {
    const t = lab();
    const g1 = t.steps.filter((s) => s.node === 'g1');
    const logged = g1.findIndex((s) => s.decision.includes('no longer in reflective relay mode, trigger recovery'));
    const failed = g1.findIndex((s) => s.decision.includes('failed to recover an error on the device'));
    expect(logged).toBeGreaterThan(-1);
    expect(failed).toBeGreaterThan(logged);
    expect(finalState(t).get('g1/online')).toBe(0);
    expect(finalState(t).get('g1/isolation')).toBe('forward');
    expect(finalState(t).get('g2/online')).toBe(1);
    // The card no longer has 10.0.0.1: a datagram for it finds no owner.
    expect(t.fates.find((f) => f.traffic === 1)!.delivered).toEqual([]);
  });
});
