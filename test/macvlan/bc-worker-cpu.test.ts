// When the broadcast worker runs (host setting bcWorkerCpu). macvlan_broadcast_enqueue puts the
// frame on port->bc_queue (while skb_queue_len < bc_queue_len_used, else the frame is dropped
// and counted on the lower device's rx_dropped) and queues port->bc_work on
// system_unbound_wq; macvlan_process_broadcast then splices the whole queue
// (skb_queue_splice_tail_init). A kworker is process context: on a CPU that is in the
// receive softirq it cannot run until the softirq stops (it runs on another CPU if one is
// free). 'free' lets the worker run bcWorkerDelay after it is queued, during a burst;
// 'busy' holds it until frames have stopped arriving for bcWorkerDelay.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';
import { EXT_MAC, frameHex, hostTopo } from './topo';
import { counter } from './observe';

const burst = (n: number) => [
  {
    at: '10us',
    node: 'sw',
    port: 'eth0',
    frame: { hex: frameHex('ff:ff:ff:ff:ff:ff', EXT_MAC) },
    repeat: n,
    every: '1us',
  },
];
const host = (bcWorkerCpu: string, bcqueuelen = 1000) =>
  run(
    hostTopo(
      [
        { name: 'mvA', mode: 'vepa', n: 1, extra: { bcqueuelen } },
        { name: 'mvB', mode: 'vepa', n: 2, extra: { bcqueuelen } },
      ],
      { hostConfig: { bcWorkerDelay: '2us', bcWorkerCpu }, traffic: burst(10) },
    ),
  );
const runs = (t: ReturnType<typeof run>) =>
  t.steps.filter((s) => s.node === 'H' && s.source === 'macvlan_process_broadcast').map((s) => s.detail?.spliced);

describe('the broadcast worker and its CPU', () => {
  it('a free CPU: the worker runs during the 10-frame burst, several times, a few frames each', () => {
    const r = runs(host('free'));
    expect(r.length).toBeGreaterThan(1);
    expect(r.reduce((a, b) => Number(a) + Number(b), 0)).toBe(10);
    expect(Math.max(...r.map(Number))).toBeLessThan(10);
  });

  it('a busy CPU: the worker runs once, after the burst, and takes all 10', () => {
    const t = host('busy');
    expect(runs(t)).toEqual([10]);
    const at = t.steps.find((s) => s.node === 'H' && s.source === 'macvlan_process_broadcast')!.time;
    // The last frame arrives at 10 µs + 9 µs (plus the wire); the worker 2 µs after it.
    const lastIn = Math.max(
      ...t.steps.filter((s) => s.node === 'H' && s.source === 'macvlan_broadcast_enqueue').map((s) => s.time),
    );
    expect(at).toBe(lastIn + 2000);
  });

  it('with a queue of 4, the busy CPU loses 6 of the 10 broadcasts on the lower device; the free one fewer', () => {
    const busy = host('busy', 4);
    expect(counter(busy, 'H', 'eth0 rx_dropped')).toBe(6);
    const free = host('free', 4);
    expect(counter(free, 'H', 'eth0 rx_dropped')).toBeLessThan(6);
  });

  it('an unknown CPU setting is refused with its path', () => {
    expect(() => host('idle')).toThrow(/bcWorkerCpu/);
  });
});
