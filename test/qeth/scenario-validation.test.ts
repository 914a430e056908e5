// Bad qeth scenario input is reported with its JSON path and a hint, through the device
// types' config readers and command validators, before anything runs.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/engine/scenario/load';
import { deviceTypes } from '../../src/engine/devices/registry';
import { osaLab } from './qeth-helpers';

const issues = (json: unknown) => {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('qeth scenario validation', () => {
  it('reports bad card command arguments with their paths', () => {
    const lab = osaLab(1);
    lab.traffic = [
      { at: '10us', node: 'osa', command: 'setip', args: { devno: '0xa00', ip: '10.0.0.300' } },
      { at: '20us', node: 'osa', command: 'setrtg', args: { devno: '0x0a00', role: 'primary_rooter' } },
    ];
    const got = issues(lab);
    expect(got.some((m) => m.startsWith('$.traffic[0].args.devno'))).toBe(true);
    expect(got.some((m) => m.startsWith('$.traffic[0].args.ip'))).toBe(true);
    expect(got.some((m) => m.startsWith('$.traffic[1].args.role'))).toBe(true);
  });

  it('reports bad guest configuration and commands', () => {
    const got = issues(osaLab(1, () => ({ layer: 2, isolation: 'fwd', addresses: ['10.0.0.1/40'] })));
    expect(got.some((m) => m.startsWith('$.nodes[2].config.mac') && m.includes('required'))).toBe(true);
    expect(got.some((m) => m.startsWith('$.nodes[2].config.isolation'))).toBe(true);
    expect(got.some((m) => m.startsWith('$.nodes[2].config.addresses[0]'))).toBe(true);
    const ok = osaLab(1);
    ok.traffic = [{ at: '10us', node: 'g1', command: 'route4', args: { role: 'boss' } }];
    expect(issues(ok).some((m) => m.startsWith('$.traffic[0].args.role'))).toBe(true);
  });

  it('rejects a card listing a DEVNO twice', () => {
    const lab = osaLab(1, () => ({}), {}, { devnos: ['0x0a00', '0x0a00'] });
    expect(issues(lab).some((m) => m.includes('listed twice'))).toBe(true);
  });
});
