// Golden behaviour of the 802.1Q learning bridge, from the fact sheet §3.1/§3.3 and how
// Linux's bridge behaves: learn on ingress, flood unknown/broadcast to every other port,
// forward known unicast to one port, never back out the ingress port.
import { describe, expect, it } from 'vitest';
import { finalState, run, star, stepsWhere, MAC } from '../helpers/run';

const raw = (dst: string, src: string, type = '88b5') => ({
  hex: `${dst.replace(/:/g, '')}${src.replace(/:/g, '')}${type}${'00'.repeat(46)}`,
});

describe('learning bridge', () => {
  it('learns the source on ingress and floods a broadcast to every other port, never the ingress', () => {
    const t = run(star(4, { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(1)) }] }));
    expect(finalState(t).get('br0/fdb/02:00:00:00:00:01@0')).toBe('p1');
    const out = stepsWhere(t, { node: 'br0', kind: 'transmit' }).map((s) => s.port);
    expect(out).toEqual(['p2', 'p3', 'p4']);
    expect(t.fates[0].delivered).toEqual([]);
    // Hosts drop a frame of an unknown EtherType after accepting the broadcast.
    expect(t.fates[0].dropped.map((d) => d.node).sort()).toEqual(['h2', 'h3', 'h4']);
  });

  it('floods unknown unicast, then forwards to the learned port only', () => {
    const t = run(
      star(3, {
        traffic: [
          { at: 0, node: 'h1', port: 'eth0', frame: raw(MAC(2), MAC(1)) },
          { at: 10_000, node: 'h2', port: 'eth0', frame: raw(MAC(1), MAC(2)) },
        ],
      }),
    );
    const first = stepsWhere(t, { node: 'br0', kind: 'transmit' }).filter(
      (s) => s.packet?.origin === t.fates[0].origin,
    );
    expect(first.map((s) => s.port)).toEqual(['p2', 'p3']);
    expect(first[0].decision).toContain('not in the FDB');
    const second = stepsWhere(t, { node: 'br0', kind: 'transmit' }).filter(
      (s) => s.packet?.origin === t.fates[1].origin,
    );
    expect(second.map((s) => s.port)).toEqual(['p1']);
    expect(second[0].decision).toContain('known on p1');
    expect(second[0].source).toBe('br_forward');
  });

  it('drops a frame whose destination was learned on the ingress port', () => {
    // h2's MAC appears as a source on p1 (as behind a VEPA uplink), then h1 sends to it.
    const t = run(
      star(3, {
        traffic: [
          { at: 0, node: 'h1', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(9)) },
          { at: 10_000, node: 'h1', port: 'eth0', frame: raw(MAC(9), MAC(1)) },
        ],
      }),
    );
    const drop = t.fates[1].dropped[0];
    expect(drop.node).toBe('br0');
    expect(drop.reason).toContain('never sends a frame back out its ingress port');
    expect(stepsWhere(t, { node: 'br0', kind: 'drop' })[0].source).toContain('should_deliver');
  });

  it('moves an entry when the MAC shows up on another port', () => {
    const t = run(
      star(3, {
        traffic: [
          { at: 0, node: 'h1', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(7)) },
          { at: 10_000, node: 'h2', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(7)) },
        ],
      }),
    );
    expect(finalState(t).get('br0/fdb/02:00:00:00:00:07@0')).toBe('p2');
    expect(stepsWhere(t, { node: 'br0', text: 'moved from p1 to p2' })).toHaveLength(1);
  });

  it('drops frames with a multicast or zero source address', () => {
    const t = run(
      star(2, {
        traffic: [
          { at: 0, node: 'h1', port: 'eth0', frame: raw(MAC(2), '01:00:5e:00:00:01') },
          { at: 1000, node: 'h1', port: 'eth0', frame: raw(MAC(2), '00:00:00:00:00:00') },
        ],
      }),
    );
    expect(t.fates.map((f) => f.dropped[0]?.node)).toEqual(['br0', 'br0']);
    expect(t.fates[0].dropped[0].reason).toContain('multicast');
    expect(t.fates[1].dropped[0].reason).toContain('all zeros');
    expect([...finalState(t).keys()].some((k) => k.startsWith('br0/fdb/'))).toBe(false);
  });

  it('ages entries out after the ageing time and floods again', () => {
    const t = run(
      star(
        3,
        {
          traffic: [
            { at: 0, node: 'h2', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(2)) },
            { at: 500_000, node: 'h1', port: 'eth0', frame: raw(MAC(2), MAC(1)) },
            { at: 3_000_000, node: 'h1', port: 'eth0', frame: raw(MAC(2), MAC(1)) },
          ],
        },
        { ageing: '1ms' },
      ),
    );
    const ports = (i: number) =>
      stepsWhere(t, { node: 'br0', kind: 'transmit' })
        .filter((s) => s.packet?.origin === t.fates[i].origin)
        .map((s) => s.port);
    expect(ports(1)).toEqual(['p2']);
    expect(ports(2)).toEqual(['p2', 'p3']);
    expect(stepsWhere(t, { node: 'br0', text: 'aged out' })).toHaveLength(1);
  });

  it('does not learn with ageing 0', () => {
    const t = run(
      star(
        2,
        { traffic: [{ at: 0, node: 'h1', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(1)) }] },
        { ageing: 0 },
      ),
    );
    expect([...finalState(t).keys()].some((k) => k.startsWith('br0/fdb/'))).toBe(false);
  });

  it('forgets entries of a port whose link goes down', () => {
    const t = run(
      star(2, {
        traffic: [{ at: 0, node: 'h2', port: 'eth0', frame: raw('ff:ff:ff:ff:ff:ff', MAC(2)) }],
        faults: [{ at: '1ms', link: 'l2', action: 'down' }],
      }),
    );
    expect(finalState(t).get('br0/fdb/02:00:00:00:00:02@0')).toBeUndefined();
    expect(finalState(t).get('br0/link/p2')).toBe('down');
  });

  it('carries a ping end to end: ARP flood, learned replies, echo both ways', () => {
    const t = run(star(3, { traffic: [{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }] }));
    const s = finalState(t);
    expect(s.get('h1/ping/1/1')).toMatchObject({ result: 'reply' });
    expect(s.get('h1/lladdr/10.0.0.2')).toBe(MAC(2));
    expect(s.get('h2/lladdr/10.0.0.1')).toBe(MAC(1));
    // h1 asked and got a unicast reply: REACHABLE (arp_process, ARPOP_REPLY to PACKET_HOST). h2 learned h1 from the
    // request (neigh_event_ns: NUD_STALE), then sent its echo reply through it (__neigh_event_send: STALE -> DELAY).
    expect(s.get('h1/neigh/10.0.0.2')).toBe('REACHABLE');
    expect(s.get('h2/neigh/10.0.0.1')).toBe('DELAY');
    // The ARP request reached h3 too (flooded) and was ignored there.
    expect(t.fates[0].dropped.map((d) => d.node)).toEqual(['h3']);
  });
});
