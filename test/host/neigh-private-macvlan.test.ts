// Issue 15 item 5, the example: two guests behind PRIVATE macvlans on one lower device, an
// adjacent switch in hairpin mode, and one static neighbour entry on guest A. Expected values
// derived from the kernel, not from the engine:
//  - gA's entry is PERMANENT (iproute2 `ip neigh add`, net/core/neighbour.c neigh_add), so its
//    echo request leaves at once to gB's MAC (neigh_output: NUD_CONNECTED uses the address).
//  - A PRIVATE macvlan transmits everything to the wire (drivers/net/macvlan.c
//    macvlan_queue_xmit: only BRIDGE mode looks locally). The hairpin port reflects the unicast,
//    and macvlan_handle_frame's unicast path (macvlan_hash_lookup on h_dest) has no source check:
//    gB gets the request.
//  - gB has no entry for 10.0.0.1: an ICMP echo request teaches no neighbour (only arp_process
//    and ndisc do), so icmp_reply's packet waits in a new NUD_INCOMPLETE entry and arp_solicit
//    broadcasts (net/core/neighbour.c __neigh_event_send, net/ipv4/arp.c arp_solicit).
//  - That broadcast comes back from the hairpin port with a source that is one of the port's own
//    PRIVATE macvlans: macvlan_handle_frame "forward to original port" hands it to mvB alone;
//    gA never hears it. After mcast_solicit = 3 probes, retrans_time = 1 s apart, the entry fails
//    at 3 s (neigh_timer_handler) and neigh_invalidate frees the queued reply.
// Result: one-way delivery. The engine used to answer to the request's source MAC: two-way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/sim/types';
import { finalState, run, stepsWhere } from '../helpers/run';

const base = JSON.parse(
  readFileSync(new URL('../../src/scenarios/macvlan/five-modes-private.json', import.meta.url), 'utf8'),
);
const withTraffic = (traffic: unknown[]): Trace => run({ ...base, traffic });
const neighAdd = {
  at: '10us',
  node: 'gA',
  command: 'neigh-add',
  args: { ip: '10.0.0.2', lladdr: '02:00:00:00:00:0b' },
};
const ping = { at: '20us', node: 'gA', command: 'ping', args: { dst: '10.0.0.2' } };

describe('PRIVATE macvlan, hairpin switch, one static entry: the one-way ping Linux gives', () => {
  const t = withTraffic([neighAdd, ping]);
  const st = finalState(t);

  it('the static entry is PERMANENT and the request goes out without ARP', () => {
    expect(st.get('gA/neigh/10.0.0.2')).toBe('PERMANENT');
    expect(st.get('gA/lladdr/10.0.0.2')).toBe('02:00:00:00:00:0b');
    expect(t.steps.filter((s) => s.node === 'gA' && s.source === 'arp_solicit')).toHaveLength(0);
  });

  it('gB receives the echo request (unicast reflected by the hairpin port)', () => {
    const request = t.fates.find((f) => f.node === 'gA' && f.cause === undefined)!;
    expect(request.delivered.map((d) => d.node)).toEqual(['gB']);
  });

  it('gB solicits gA three times, 1 s apart; gA never hears it', () => {
    const solicits = t.steps.filter((s) => s.node === 'gB' && s.source === 'arp_solicit');
    expect(solicits.map((s) => s.time - solicits[0].time)).toEqual([0, 1e9, 2e9]);
    expect(stepsWhere(t, { node: 'gA' }).filter((s) => s.kind === 'deliver' || s.kind === 'drop')).toEqual([]);
  });

  it('gB’s entry fails and the queued echo reply is freed: no reply ever leaves gB', () => {
    expect(st.get('gB/neigh/10.0.0.1')).toBe('FAILED');
    const freed = t.steps.filter(
      (s) => s.node === 'gB' && s.kind === 'drop' && s.source.startsWith('neigh_invalidate'),
    );
    expect(freed).toHaveLength(1);
    expect(freed[0].time - t.steps.find((s) => s.node === 'gB' && s.source === 'arp_solicit')!.time).toBe(3e9);
    expect(t.steps.some((s) => s.node === 'gB' && s.source === 'icmp_reply')).toBe(false);
    expect(st.get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'sent' });
  });
});

describe('the same without the static entry', () => {
  it('gA cannot even resolve gB: its own broadcast only comes back to mvA (forward to original port)', () => {
    const t = withTraffic([ping]);
    const st = finalState(t);
    expect(st.get('gA/neigh/10.0.0.2')).toBe('FAILED');
    expect(st.get('gA/ping/1/1')).toEqual({ dst: '10.0.0.2', result: 'unreachable' });
    expect(stepsWhere(t, { node: 'gB' }).filter((s) => s.kind === 'deliver')).toEqual([]);
  });
});
