// Golden walk S10 (fact sheet §4): inbound demux on one OSA port with 80 guests and a
// primary router. Every expected value is the fact sheet's, not the engine's output.
import { describe, expect, it } from 'vitest';
import {
  runFile,
  deliveredNodes,
  droppedAt,
  demuxStep,
  stepsOf,
  macs,
  CARD,
  fatesOf,
  finalState,
} from './qeth-helpers';
import { GUESTS, eightyGuests } from './gen-80-guests';
import { scenarioFile } from './qeth-helpers';

const t = runFile('eighty-guests.json');

describe('S10: 80 guests, G1 primary router, no secondary', () => {
  it('the committed scenario is what the generator builds', () => {
    expect(scenarioFile('eighty-guests.json')).toEqual(JSON.parse(JSON.stringify(eightyGuests())));
  });

  it('step 4: the LAN ARP "who-has 10.0.0.42" is answered by the OSA with the OSA MAC; no guest sees the ARP', () => {
    expect(demuxStep(t, 0, 'osa', true).detail.demux.branch).toBe('arp');
    const arpReq = t.fates.find(
      (f) =>
        f.traffic === 0 &&
        t.steps.some(
          (s) =>
            s.packet?.origin === f.origin &&
            s.kind === 'inject' &&
            s.node === 'lan' &&
            s.decision.includes('does not know'),
        ),
    );
    expect(arpReq, 'the host ARPs first').toBeDefined();
    expect(arpReq!.delivered.map((d) => d.node)).toEqual(['osa']);
    const reply = stepsOf(t, 0).find((s) => s.node === 'osa' && s.kind === 'inject' && s.decision.includes('answers'));
    expect(reply).toBeDefined();
    expect(macs(t, reply!).src).toBe(CARD);
    const guestsSawArp = t.steps.some(
      (s) =>
        /^g\d+$/.test(s.node) &&
        s.frame !== undefined &&
        t.frames[s.frame][12] === 0x08 &&
        t.frames[s.frame][13] === 0x06,
    );
    expect(guestsSawArp).toBe(false);
  });

  it('step 1: a LAN frame to registered 10.0.0.42 is copied into G42 queue only, dst = G42 dev_addr (OSA MAC), src = FAKELL', () => {
    const d = demuxStep(t, 0);
    expect(d.detail.demux.branch).toBe('registered');
    expect(d.detail.demux.targets).toEqual(['0x0a7b']);
    const copies = stepsOf(t, 0).filter((s) => s.node === 'osa' && s.kind === 'transmit' && s.port !== 'wire');
    expect(copies).toHaveLength(1);
    expect(macs(t, copies[0])).toEqual({ dst: CARD, src: '46:41:4b:45:4c:4c' });
    expect(deliveredNodes(t, 0)).toContain('g42');
    expect(deliveredNodes(t, 0).filter((n) => n.startsWith('g'))).toEqual(['g42']);
  });

  it('step 2: unregistered 192.0.2.7 goes to the primary router G1 as PACKET_HOST with its own MAC as destination', () => {
    const d = demuxStep(t, 1);
    expect(d.detail.demux.branch).toBe('primary');
    expect(deliveredNodes(t, 1)).toEqual(['g1']);
    const copy = stepsOf(t, 1).find((s) => s.node === 'osa' && s.kind === 'transmit' && s.port === '0x0a00')!;
    expect(macs(t, copy).dst).toBe(CARD);
    expect(fatesOf(t, 1)[0].delivered[0].decision).toMatch(/ip_forward=1/);
  });

  it('step 3: with G1 down and no secondary router the OSA discards it', () => {
    const i = 3 + GUESTS;
    expect(deliveredNodes(t, i)).toEqual([]);
    const drops = droppedAt(t, i);
    expect(drops).toHaveLength(1);
    expect(drops[0].node).toBe('osa');
    expect(demuxStep(t, i).detail.demux.path.map((p) => `${p.id}:${p.yes}`)).toEqual([
      'arp:false',
      'registered:false',
      'primary:false',
      'secondary:false',
      'drop:true',
    ]);
  });

  it('a broadcast is copied to every guest with broadcast filtering enabled (all 80)', () => {
    expect(demuxStep(t, 2).detail.demux.targets).toHaveLength(GUESTS);
    expect(deliveredNodes(t, 2)).toHaveLength(GUESTS);
  });

  it('per-packet internal copies = 1 for unicast: the burst made 80 copies where flooding makes 80 x 80', () => {
    for (let k = 0; k < GUESTS; k++) expect(demuxStep(t, 3 + k).detail.demux.targets).toHaveLength(1);
    const stats = finalState(t).get('osa/stats') as {
      unicast: number;
      unicastCopies: number;
      floodCopies: number;
      frames: number;
    };
    expect(stats.unicastCopies).toBe(stats.unicast);
    expect(stats.floodCopies).toBe(stats.frames * GUESTS);
    expect(t.counters.osa.flood_copies).toBe(t.counters.osa.lan_ip_frames * GUESTS);
  });
});
