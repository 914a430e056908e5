// Bridge drops that no counter sees (issue 15 item 2). In net/bridge every one of these ends
// in a plain kfree_skb with no statistic: br_forward and br_flood when should_deliver refuses
// every port (`out: if (!local_rcv) kfree_skb(skb)`), br_handle_frame for an invalid source
// (`goto drop`), br_allowed_ingress for a VLAN the port does not carry. The only bridge paths
// that count are deliver_clone's skb_clone failure (DEV_STATS_INC(br, tx_dropped)), which
// cannot happen here. So the trace records the drop and no counter of the bridge moves.
import { describe, expect, it } from 'vitest';
import { finalState, run, star, stepsWhere, MAC } from '../helpers/run';
import type { Trace } from '../../src/engine/sim/types';

const raw = (dst: string, src: string, type = '0800') => ({
  hex: `${dst.replace(/:/g, '')}${src.replace(/:/g, '')}${type}${'00'.repeat(46)}`,
});
const BCAST = 'ff:ff:ff:ff:ff:ff';

/** Every bridge counter that is about a drop, as node counters and as state. */
function dropCounters(t: Trace): Record<string, number> {
  const c = t.counters.br0 ?? {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) if (/dropped/.test(k)) out[k] = v;
  for (const [k, v] of finalState(t)) if (k.startsWith('br0/counters/') && k.endsWith('/dropped')) out[k] = v as number;
  return out;
}

describe('bridge drops that count nothing', () => {
  it('should_deliver refuses the ingress port without hairpin: the drop is in the trace, no counter moves', () => {
    // MAC(9) is learned on p1 (as behind a VEPA uplink), then h1 sends to it on p1.
    const t = run(
      star(3, {
        traffic: [
          { at: 0, node: 'h1', port: 'eth0', frame: raw(BCAST, MAC(9)) },
          { at: 10_000, node: 'h1', port: 'eth0', frame: raw(MAC(9), MAC(1)) },
        ],
      }),
    );
    const drop = stepsWhere(t, { node: 'br0', kind: 'drop' });
    expect(drop).toHaveLength(1);
    expect(drop[0].source).toContain('should_deliver');
    expect(drop[0].decision).toContain('no interface counter moves');
    expect(dropCounters(t)).toEqual({});
    // rx still counts: the port's NIC received the frame before the bridge looked at it.
    expect(finalState(t).get('br0/counters/p1/rx')).toBe(2);
  });

  it('a flood with nowhere to go (the only other port is down) is freed silently by br_flood', () => {
    const t = run(
      star(2, {
        faults: [{ at: 0, link: 'l2', action: 'down' }],
        traffic: [{ at: 10_000, node: 'h1', port: 'eth0', frame: raw(BCAST, MAC(1)) }],
      }),
    );
    const drop = stepsWhere(t, { node: 'br0', kind: 'drop' });
    expect(drop.map((s) => s.source)).toEqual(['br_flood']);
    expect(dropCounters(t)).toEqual({});
  });

  it('an invalid (multicast) source is dropped by br_handle_frame without a counter', () => {
    const t = run(star(2, { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: raw(MAC(2), '01:00:5e:00:00:01') }] }));
    const drop = stepsWhere(t, { node: 'br0', kind: 'drop' });
    expect(drop.map((s) => s.source)).toEqual(['br_handle_frame (is_valid_ether_addr)']);
    expect(dropCounters(t)).toEqual({});
  });

  it('br_allowed_ingress refuses a VLAN the port does not carry without a counter', () => {
    const tagged = { hex: `${MAC(2).replace(/:/g, '')}${MAC(1).replace(/:/g, '')}81000064` + '0800' + '00'.repeat(44) };
    const t = run(
      star(
        2,
        { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: tagged }] },
        {
          ports: [
            { name: 'p1', mode: 'access', pvid: 10 },
            { name: 'p2', mode: 'access', pvid: 10 },
          ],
        },
      ),
    );
    const drop = stepsWhere(t, { node: 'br0', kind: 'drop' });
    expect(drop.map((s) => s.source)).toEqual(['br_allowed_ingress']);
    expect(dropCounters(t)).toEqual({});
  });
});
