// §2.3 validation rules and run-time changes: create/delete/up/down/set-mode, with the
// kernel's errno when it refuses, and their effect on the next frame.
import { describe, expect, it } from 'vitest';
import { arpRequest } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, LOWER_MAC, hostTopo, type MvSpec } from './topo';
import { originOf, seen } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const arp = hex(arpRequest({ srcMac: mac(EXT_MAC), srcIp: ip('10.0.0.99'), targetIp: ip('10.0.0.2') }));
const cmd = (at: string, command: string, args: Record<string, unknown>) => ({ at, node: 'H', command, args });
const results = (t: ReturnType<typeof run>) =>
  t.steps.filter(
    (s) =>
      (s.detail as { command?: string } | undefined)?.command &&
      s.node === 'H' &&
      s.kind === 'state' &&
      !s.decision.startsWith('At start'),
  );

describe('commands', () => {
  it('default mode is VEPA', () => {
    const t = run(hostTopo([{ name: 'mvA', mode: undefined as unknown as string, n: 1 }]));
    expect(finalState(t).get('H/dev/mvA')).toMatchObject({ mode: 'vepa', up: true });
  });

  it('set-mode re-runs the same broadcast differently: PRIVATE sender gets its own broadcast back, VEPA does not', () => {
    const fromA = hex(arpRequest({ srcMac: mac(MAC(1)), srcIp: ip('10.0.0.1'), targetIp: ip('10.0.0.2') }));
    const mvs: MvSpec[] = [
      { name: 'mvA', mode: 'private', n: 1 },
      { name: 'mvB', mode: 'vepa', n: 2 },
    ];
    const t = run(
      hostTopo(mvs, {
        traffic: [
          { at: '10us', node: 'sw', port: 'eth0', frame: { hex: fromA } },
          cmd('50us', 'set-mode', { name: 'mvA', mode: 'vepa' }),
          { at: '100us', node: 'sw', port: 'eth0', frame: { hex: fromA } },
        ],
      }),
    );
    expect(seen(t, originOf(t, 0)).macvlans).toEqual(['mvA']);
    expect(seen(t, originOf(t, 2)).macvlans).toEqual(['mvB']);
  });

  it('passthru cannot be set or cleared at run time (-EINVAL)', () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1 }], {
        traffic: [cmd('1us', 'set-mode', { name: 'mvA', mode: 'passthru' })],
      }),
    );
    expect(results(t)[0].decision).toContain('-EINVAL');
    expect(finalState(t).get('H/dev/mvA')).toMatchObject({ mode: 'vepa' });
  });

  it('a passthru macvlan must be alone on the port (-EINVAL), in config and at run time', () => {
    const r = loadScenario(
      hostTopo([
        { name: 'mvP', mode: 'passthru', n: 1 },
        { name: 'mvB', mode: 'vepa', n: 2 },
      ]),
      deviceTypes,
    );
    expect(r.ok).toBe(false);
    const t = run(
      hostTopo(
        [
          { name: 'mvP', mode: 'passthru', n: 1 },
          { name: 'mvB', mode: 'vepa', n: 2, extra: { exists: false } },
        ],
        { traffic: [cmd('1us', 'create', { name: 'mvB' })] },
      ),
    );
    expect(results(t)[0].decision).toContain('-EINVAL');
  });

  it('nopromisc is only valid in passthru mode (iproute2)', () => {
    const r = loadScenario(hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { nopromisc: true } }]), deviceTypes);
    expect(r.ok).toBe(false);
  });

  it("opening a macvlan with the lower device's MAC, or another open macvlan's, is -EADDRINUSE", () => {
    const t = run(
      hostTopo(
        [
          { name: 'mvA', mode: 'vepa', n: 1 },
          { name: 'mvB', mode: 'vepa', n: 1, extra: { up: false } },
          { name: 'mvC', mode: 'vepa', n: 0x10, extra: { up: false } },
        ],
        {
          traffic: [cmd('1us', 'up', { name: 'mvB' }), cmd('2us', 'up', { name: 'mvC' })],
        },
      ),
    );
    expect(MAC(0x10)).toBe(LOWER_MAC);
    const r = results(t);
    expect(r[0].decision).toContain('-EADDRINUSE');
    expect(r[1].decision).toContain('-EADDRINUSE');
  });

  it('create + up at run time puts the device in the hash table; down takes it out; delete removes it', () => {
    const mvs: MvSpec[] = [
      { name: 'mvA', mode: 'vepa', n: 1 },
      { name: 'mvB', mode: 'bridge', n: 2, extra: { exists: false } },
    ];
    const t = run(
      hostTopo(mvs, {
        traffic: [
          cmd('1us', 'create', { name: 'mvB' }),
          { at: '10us', node: 'sw', port: 'eth0', frame: { hex: arp } },
          cmd('50us', 'up', { name: 'mvB' }),
          { at: '60us', node: 'sw', port: 'eth0', frame: { hex: arp } },
          cmd('100us', 'down', { name: 'mvB' }),
          { at: '110us', node: 'sw', port: 'eth0', frame: { hex: arp } },
          cmd('150us', 'delete', { name: 'mvB' }),
        ],
      }),
    );
    expect(seen(t, originOf(t, 1)).macvlans).toEqual(['mvA']);
    expect(seen(t, originOf(t, 3)).macvlans).toEqual(['mvA', 'mvB']);
    expect(seen(t, originOf(t, 5)).macvlans).toEqual(['mvA']);
    expect(finalState(t).get('H/dev/mvB')).toBeUndefined();
  });

  it('leaving SOURCE mode flushes the source list', () => {
    const t = run(
      hostTopo([{ name: 'mvS', mode: 'source', n: 5, extra: { sources: [EXT_MAC] } }], {
        traffic: [cmd('1us', 'set-mode', { name: 'mvS', mode: 'vepa' })],
      }),
    );
    expect(results(t)[0].decision).toContain('source list is flushed');
    expect(finalState(t).get('H/dev/mvS')).toMatchObject({ sources: undefined, mode: 'vepa' });
  });

  it('macaddr on a non-SOURCE macvlan is -EINVAL', () => {
    const t = run(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1 }], {
        traffic: [cmd('1us', 'macaddr', { name: 'mvA', op: 'add', macs: [EXT_MAC] })],
      }),
    );
    expect(results(t)[0].decision).toContain('-EINVAL');
  });

  it('bad command arguments are reported at load time with their path', () => {
    const r = loadScenario(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1 }], {
        traffic: [cmd('1us', 'set-mode', { name: 'mvA', mode: 'vepo' })],
      }),
      deviceTypes,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: '$.traffic[0].args.mode', hint: 'did you mean "vepa"?' });
  });

  it('the hash table state shows chains head-first (hlist_add_head) in the 2009 hash where last bytes collide', () => {
    const t = run(
      hostTopo(
        [
          { name: 'mvA', mode: 'vepa', n: 1 },
          { name: 'mvB', mode: 'vepa', n: 2, extra: { mac: '02:00:00:00:01:01' } },
        ],
        { hostConfig: { hash: '2009' } },
      ),
    );
    expect(finalState(t).get('H/hash/1')).toEqual(['mvB', 'mvA']);
  });
});
