// libvirt's steps from start to a guest's first frame (start-guest `send`), timed from the
// sources rather than from the engine: libvirt's virNetDevVPortProfileOpCommon reads
// (RTM_GETLINK) at once and then sleeps STATUS_POLL_INTERVL_USEC = MICRO_SEC / 8 (125 ms)
// between reads; QEMU is launched only after virNetDevMacVLanCreateWithVPortProfile
// returns. ECP's ackTimer is 10 µs × 2^RTE (IEEE 802.1Qbg-2012 43.3.6.1; RTE 8 → 2.56 ms)
// and lldpad parses an ECP payload in a 2 ms event-loop timeout (vdp22_from_ecp22).
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { formatMac } from '../../src/engine/frame/address';
import { parseEthernet } from '../../src/engine/frame/ethernet';
import { loadJson, run } from './run';

const MS = 1e6;
const POLL = 1000 / 8; // ms: libvirt STATUS_POLL_INTERVL_USEC = MICRO_SEC / 8
const ACK_TIMER = 10e-3 * 2 ** 8; // ms: 10 µs × 2^RTE, RTE = 8
const LINK = 5e-3; // ms: the fixture's 5 µs links
/** ms a frame of `len` octets takes on the fixture's 1 Gbit/s wire: padded to 60, + FCS 4, preamble 8, gap 12. */
const wire = (len: number): number => ((Math.max(len, 60) + 24) * 8) / 1e6;
const ECPDU = 14 + 4 + 53; // Ethernet header, ECP-2012 header, Manager-ID TLV + ASSOC TLV (A1)
const ACK = 18; // an ECP-2012 ACK as lldpad hands it to the socket (A2)
const START = 1; // ms: the scenario starts vm1 at 1 ms

const base = (): any => structuredClone(loadJson('src/scenarios/vdp/associate.json'));
const firstFrame = (t: Trace, guest: string): Step | undefined =>
  t.steps.find((s) => s.kind === 'inject' && (s.detail as { guest?: string } | undefined)?.guest === guest);

function startAndSend(faults: unknown[] = []): Trace {
  const s = base();
  s.traffic = [{ at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1', send: 7 } }];
  s.faults = faults;
  s.expect = [];
  s.until = '300ms';
  return run(s);
}

describe('start-guest {send}: the first frame leaves when libvirt has read success', () => {
  it('one poll interval after the start, when the switch answers within it', () => {
    const t = startAndSend();
    const f = firstFrame(t, 'vm1')!;
    expect(f.time / MS).toBeCloseTo(START + POLL, 9);
    expect((f.detail as { sinceStartMs: number }).sinceStartMs).toBeCloseTo(POLL, 9);
    // and it comes after libvirt's second poll, which read success
    const polls = t.steps.filter((s) => (s.detail as any)?.netlink?.msg === 'RTM_GETLINK');
    expect(polls.map((p) => (p.detail as any).netlink.result)).toEqual(['in progress', 'success']);
    expect(polls[1].time).toBe(f.time);
    expect(t.steps.indexOf(polls[1])).toBeLessThan(t.steps.indexOf(f));
  });

  it('two lost ECPDUs move the switch by two ackTimers, and the first frame not at all', () => {
    const t = startAndSend([
      { at: '0.5ms', link: 'wireA', action: 'impair', loss: 1 },
      { at: '6ms', link: 'wireA', action: 'impair', loss: 0 },
    ]);
    const copies = t.steps.filter((s) => s.node === 'hostA' && (s.detail as any)?.ecp?.op === 'REQ');
    expect(copies.map((s) => s.time / MS)).toEqual(
      [START, START + ACK_TIMER, START + 2 * ACK_TIMER].map((x) => expect.closeTo(x, 9)),
    );
    const installed = t.steps.find(
      (s) => s.node === 'sw' && s.kind === 'state' && /policy installed/.test(s.decision),
    )!;
    const t3 = START + 2 * ACK_TIMER; // the third copy leaves
    expect(installed.time / MS).toBeCloseTo(t3 + wire(ECPDU) + LINK, 6);
    const lldpadKnows = t.steps.find(
      (s) => s.node === 'hostA' && s.kind === 'deliver' && /ASSOC response/.test(s.decision),
    )!;
    // the switch's ACK leaves first, its answer right behind it on the same wire; then
    // lldpad's 2 ms parse timeout
    const back = installed.time / MS + wire(ACK) + wire(ECPDU) + LINK;
    expect(lldpadKnows.time / MS).toBeCloseTo(back + 2, 6);
    expect(firstFrame(t, 'vm1')!.time / MS).toBeCloseTo(START + POLL, 9);
  });

  it('a guest that fails to associate sends nothing', () => {
    const s = base();
    s.traffic = [{ at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1', send: 7 } }];
    s.nodes.find((n: any) => n.id === 'sw').config.types[0].answer = 'deassoc';
    s.until = '300ms';
    s.expect = [];
    expect(firstFrame(run(s), 'vm1')).toBeUndefined();
  });
});

describe('guest-send {to}: a frame for another guest of the same host', () => {
  it('is addressed to that guest and still leaves through the uplink (macvtap VEPA mode)', () => {
    const t = run(loadJson('lessons/vepa-06-association-becomes-policy/scenario.json'));
    const f = t.steps.find((s) => s.kind === 'inject' && (s.detail as any)?.to === 'gB')!;
    expect(f.port).toBe('uplink');
    const eth = parseEthernet(t.frames[f.frame!]);
    expect(formatMac(eth.dst)).toBe('52:54:00:00:0b:02');
    expect(formatMac(eth.src)).toBe('52:54:00:00:0a:01');
    expect(eth.tags[0]?.vid).toBe(100);
  });
});
