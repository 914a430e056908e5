// The first macvtap (v2.6.34, drivers/net/macvtap.c), as the `"era": "2.6.34"` setting of a
// macvtap, against today's (drivers/net/tap.c). Golden values from the kernel sources:
// * v2.6.34 macvtap_forward: `q = macvtap_get_queue(dev, skb); if (!q) … -ENOLINK;` then
//   `skb_queue_tail(&q->sk.sk_receive_queue, skb)`: no length check, so every frame of a burst
//   is held until the VMM reads it (the limit, `if (skb_queue_len(&q->sk.sk_receive_queue)
//   >= dev->tx_queue_len) goto drop;`, came with Herbert Xu's "macvtap: Limit packet queue
//   length", July 2010; the check seen in v3.x–4.x macvtap_forward/macvtap_handle_frame);
// * v2.6.34 macvtap_set_queue: `int err = -EBUSY; if (rcu_dereference(vlan->tap)) goto out;`
//   one file per device (multiqueue: "macvtap: Implement multiqueue for macvtap driver",
//   Aug 2010);
// * macvtap_link_ops.setup = macvlan_setup in the 2009 patch and 2.6.34, and macvlan_setup
//   sets `dev->tx_queue_len = 0`; today's macvtap_setup sets TUN_READQ_SIZE (500);
// * today's tap_handle_frame: ptr_ring_produce fails on a full ring of tx_queue_len → drop,
//   counted as rx_errors; with no file open, RX_HANDLER_PASS to the macvtap's own stack.
import { describe, expect, it } from 'vitest';
import { icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { MAC, finalState, run } from '../helpers/run';
import { EXT_MAC, hostTopo } from './topo';
import { counter } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ping = hex(
  icmpEcho({
    type: 'request',
    id: 1,
    seq: 1,
    srcMac: mac(EXT_MAC),
    dstMac: mac(MAC(1)),
    srcIp: ip('10.0.0.99'),
    dstIp: ip('10.0.0.1'),
  }),
);
const flood = (n: number, at = '10us') => [{ at, node: 'sw', port: 'eth0', frame: { hex: ping }, repeat: n, every: 0 }];
const SLOW = { every: '1s', burst: 1 }; // a VMM that reads nothing during the run
const tap = (macvtap: Record<string, unknown>, traffic: unknown[], until = '900ms') =>
  run(hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap } }], { traffic, until }));
const cmd = (at: string, command: string, args: Record<string, unknown>) => ({ at, node: 'H', command, args });
const commandSteps = (t: ReturnType<typeof run>) =>
  t.steps.filter((s) => s.node === 'H' && s.kind === 'state' && !s.decision.startsWith('At start') && s.detail);

describe('the first macvtap (2.6.34): a receive queue with no limit', () => {
  it('defaults: one queue, tx_queue_len 0 from macvlan_setup (today: 500, TUN_READQ_SIZE)', () => {
    const old = tap({ era: '2.6.34' }, []);
    expect(finalState(old).get('H/tapcfg/mvA')).toMatchObject({ queues: 1, txqueuelen: 0 });
    const now = tap({}, []);
    expect(finalState(now).get('H/tapcfg/mvA')).toMatchObject({ queues: 1, txqueuelen: 500 });
  });

  it('a flood the VMM does not read: 2.6.34 holds all 601 frames; today 500 are held and 101 dropped', () => {
    const old = tap({ era: '2.6.34', reader: SLOW }, flood(601));
    expect(finalState(old).get('H/tap/mvA/0')).toBe(601);
    expect(counter(old, 'H', 'mvA rx_errors')).toBe(0);
    expect(old.steps.filter((s) => s.kind === 'drop')).toHaveLength(0);
    const now = tap({ reader: SLOW }, flood(601));
    expect(finalState(now).get('H/tap/mvA/0')).toBe(500);
    expect(counter(now, 'H', 'mvA rx_errors')).toBe(101);
  });

  it('tx_queue_len changes nothing in 2.6.34: nothing reads it', () => {
    const old = tap({ era: '2.6.34', reader: SLOW, txqueuelen: 8 }, [
      cmd('5us', 'set-txqueuelen', { name: 'mvA', len: 4 }),
      ...flood(20),
    ]);
    expect(finalState(old).get('H/tap/mvA/0')).toBe(20);
    expect(finalState(old).get('H/tapcfg/mvA')).toMatchObject({ txqueuelen: 4 });
  });

  it('no file open: 2.6.34 has no queue and the frame is lost (-ENOLINK); today it goes up the macvtap (RX_HANDLER_PASS)', () => {
    const old = tap({ era: '2.6.34', queues: 0 }, flood(1));
    const lost = old.steps.filter((s) => s.node === 'H' && s.kind === 'drop');
    expect(lost).toHaveLength(1);
    expect(lost[0].source).toContain('-ENOLINK');
    expect(old.steps.some((s) => s.node === 'H' && s.kind === 'deliver')).toBe(false);
    const now = tap({ queues: 0 }, flood(1));
    expect(now.steps.some((s) => s.node === 'H' && s.kind === 'deliver' && s.port === 'mvA')).toBe(true);
  });

  it('one file per device: a second open is -EBUSY, and a VMM asking for 4 queues gets 1', () => {
    const t = tap({ era: '2.6.34' }, [cmd('5us', 'tap-open', { name: 'mvA' })]);
    expect(commandSteps(t).some((s) => s.decision.includes('-EBUSY'))).toBe(true);
    expect(finalState(t).get('H/tapcfg/mvA')).toMatchObject({ queues: 1 });
    const four = tap({ era: '2.6.34', queues: 4 }, []);
    expect(finalState(four).get('H/tapcfg/mvA')).toMatchObject({ queues: 1 });
    const created = four.steps.find((s) => s.node === 'H' && s.decision.includes('ip link add'));
    expect(created?.decision).toContain('other 3 open(s) got -EBUSY');
    // Today's macvtap takes them all (multiqueue, MAX_TAP_QUEUES 256).
    expect(finalState(tap({ queues: 4 }, [])).get('H/tapcfg/mvA')).toMatchObject({ queues: 4 });
  });

  it('the 2.6.33 host has no macvtap of any era', () => {
    const r = loadScenario(
      hostTopo([{ name: 'mvA', mode: 'vepa', n: 1, extra: { macvtap: { era: '2.6.34' } } }], {
        hostConfig: { era: '2.6.33', hash: '2009' },
      }),
      deviceTypes,
    );
    expect(r.ok).toBe(false);
  });
});
