// Each IPA command's return code becomes the errno of that command's own reply callback.
// Expected values are copied from the kernel, not from the engine:
//   access control: qeth_setadpparms_set_access_ctrl_cb (drivers/s390/net/qeth_core_main.c,
//     v5.9+ after "s390/qeth: clean up error handling for isolation mode cmds") and
//     qeth_dev_isolation_store (qeth_core_sys.c: the mode is stored only when rc is 0);
//   SETIP/DELIP/SETIPM/DELIPM: qeth_l3_setdelip_cb (drivers/s390/net/qeth_l3_main.c);
//   return-code numbers: enum qeth_ipa_set_access_mode_rc (qeth_core_mpc.h).
import { describe, expect, it } from 'vitest';
import { run, finalState, osaLab } from './qeth-helpers';
import { accessCtrlRc, ipaErrno, setdelipErrno } from '../../src/engine/devices/qeth/ipa-codes';
import { IPA_CMD } from '../../src/engine/devices/qeth/ipa-codes';
import { SETADP } from '../../src/engine/devices/qeth/ipa-frame';
import type { Step, Trace } from '../../src/engine/sim/types';

const ACCESS = { cmd: IPA_CMD.SETADAPTERPARMS, sub: SETADP.SET_ACCESS_CONTROL };

/** The scripted `echo <mode> > isolation`: what write(2) returned, from the step that says so. */
const echoReturns = (t: Trace): number[] =>
  t.steps
    .map((s) => (s.detail as { returns?: { to: string; errno: number } } | undefined)?.returns)
    .filter((r) => r?.to === 'echo > isolation')
    .map((r) => r!.errno);

const refusal = (t: Trace): Step | undefined =>
  t.steps.find((s) => s.node === 'g1' && (s.detail as { isolation?: unknown } | undefined)?.isolation);

describe('SET_ACCESS_CONTROL return codes as qeth_setadpparms_set_access_ctrl_cb maps them', () => {
  it.each([
    ['0x0000', '0', undefined],
    ['0x0004', '-EOPNOTSUPP', 'Adapter does not support QDIO data connection isolation'],
    ['0x0008', '0', undefined],
    ['0x0010', '0', undefined],
    ['0x0014', '-EOPNOTSUPP', 'Adapter is dedicated. QDIO data connection isolation not supported'],
    ['0x0018', '-EPERM', 'TSO does not permit QDIO data connection isolation'],
    ['0x0022', '-EOPNOTSUPP', 'The adjacent switch port does not support reflective relay mode'],
    ['0x0024', '-EREMOTEIO', 'The reflective relay mode cannot be enabled at the adjacent switch port'],
    ['0x0028', '0', 'Turning off reflective relay mode at the adjacent switch failed'],
    ['0x00ff', '-EIO', undefined], // default: arm
  ])('rc %s → %s', (hex, errno, message) => {
    const code = parseInt(hex, 16);
    expect(accessCtrlRc(code).errno).toBe(errno);
    expect(accessCtrlRc(code).message).toBe(message);
    expect(ipaErrno(ACCESS, code)).toBe(errno);
  });

  it('SETIP/DELIP/SETIPM/DELIPM keep qeth_l3_setdelip_cb: 0x0010 is -EIO there, 0xe005 -EADDRINUSE', () => {
    for (const cmd of [IPA_CMD.SETIP, IPA_CMD.DELIP, IPA_CMD.SETIPM, IPA_CMD.DELIPM]) {
      expect(ipaErrno({ cmd }, 0x0010)).toBe('-EIO'); // IPA_RC_DUP_IPV6_HOME, not ALREADY_ISOLATED
      expect(ipaErrno({ cmd }, 0x0004)).toBe('-EIO'); // not -EOPNOTSUPP
      expect(ipaErrno({ cmd }, 0xe005)).toBe('-EADDRINUSE');
      expect(ipaErrno({ cmd }, 0xe00b)).toBe('-ENOENT');
      expect(ipaErrno({ cmd }, 0xe080)).toBe('-ENETDOWN');
      expect(ipaErrno({ cmd }, 0)).toBe('0');
    }
    expect(setdelipErrno(0x0024)).toBe('-EIO');
    expect(ipaErrno({ cmd: IPA_CMD.SETRTG }, 0xe010)).toBe('-EIO'); // qeth_send_ipa_cmd_cb
  });
});

describe('isolation written while the device is online', () => {
  const forwardAt = (card: Record<string, unknown>, guest: Record<string, unknown> = {}) => {
    const lab = osaLab(1, () => guest, {}, card);
    lab.traffic = [{ at: '300us', node: 'g1', command: 'isolation', args: { mode: 'forward' } }];
    return run(lab);
  };

  it('adjacent port without reflective relay: 0x0022 REFLREL_UNSUPPORTED, -EOPNOTSUPP, old value kept', () => {
    const t = forwardAt({}, { isolation: 'drop' });
    expect(echoReturns(t)).toEqual([-95]); // EOPNOTSUPP
    expect(finalState(t).get('g1/isolation')).toBe('drop');
    const s = refusal(t)!;
    expect(s.decision).toBe(
      'qeth 0.0.0a00: The adjacent switch port does not support reflective relay mode ' +
        '(0x0022 SET_ACCESS_CTRL_RC_REFLREL_UNSUPPORTED); the driver returns -EOPNOTSUPP and isolation stays "drop".',
    );
    // the card's own step carries the access-control errno, not the SETIP mapping (-EIO)
    const card = t.steps.find((x) => x.node === 'osa' && (x.detail as { ipa?: { rc: number } })?.ipa?.rc === 0x22);
    expect((card!.detail as { ipa: { errno: string } }).ipa.errno).toBe('-EOPNOTSUPP');
  });

  it('adjacent port refuses to turn reflective relay on: 0x0024 REFLREL_FAILED, -EREMOTEIO, old value kept', () => {
    const t = forwardAt({ reflectiveRelayRefused: true });
    expect(echoReturns(t)).toEqual([-121]); // EREMOTEIO
    expect(finalState(t).get('g1/isolation')).toBe('none');
    expect(refusal(t)!.decision).toContain(
      'The reflective relay mode cannot be enabled at the adjacent switch port (0x0024 SET_ACCESS_CTRL_RC_REFLREL_FAILED); ' +
        'the driver returns -EREMOTEIO and isolation stays "none"',
    );
  });

  it('adjacent port in reflective relay: 0, sent at once, the new value in force', () => {
    const t = forwardAt({ reflectiveRelay: true });
    expect(echoReturns(t)).toEqual([0]);
    expect(finalState(t).get('g1/isolation')).toBe('forward');
    expect(refusal(t)).toBeUndefined();
  });

  it('reflectiveRelayRefused changes nothing when the port is already in reflective relay', () => {
    const t = forwardAt({ reflectiveRelay: true, reflectiveRelayRefused: true });
    expect(echoReturns(t)).toEqual([0]);
    expect(finalState(t).get('g1/isolation')).toBe('forward');
  });
});

describe("the other commands' reply callbacks", () => {
  it('STARTLAN: qeth_send_startlan_cb, LAN offline is -ENETDOWN, any other code -EIO', () => {
    expect(ipaErrno({ cmd: IPA_CMD.STARTLAN }, 0)).toBe('0');
    expect(ipaErrno({ cmd: IPA_CMD.STARTLAN }, 0xe080)).toBe('-ENETDOWN');
    expect(ipaErrno({ cmd: IPA_CMD.STARTLAN }, 0xe005)).toBe('-EIO');
  });
  it('STOPLAN and SETASSPARMS: a non-zero header code is -EIO (qeth_send_ipa_cmd_cb, qeth_setassparms_cb)', () => {
    for (const cmd of [IPA_CMD.STOPLAN, IPA_CMD.SETASSPARMS]) {
      expect(ipaErrno({ cmd }, 0)).toBe('0');
      expect(ipaErrno({ cmd }, 0xe080)).toBe('-EIO');
    }
  });
  it('SETVMAC/DELVMAC: qeth_l2_setdelmac_makerc, duplicate -EADDRINUSE, table full -ENOSPC', () => {
    for (const cmd of [IPA_CMD.SETVMAC, IPA_CMD.DELVMAC]) {
      expect(ipaErrno({ cmd }, 0)).toBe('0');
      expect(ipaErrno({ cmd }, 0x2005)).toBe('-EADDRINUSE');
      expect(ipaErrno({ cmd }, 0x2006)).toBe('-ENOSPC');
      expect(ipaErrno({ cmd }, 0xe080)).toBe('-EIO');
    }
  });
});
