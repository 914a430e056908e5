// The packet inspector's ECP/VDP decoding: golden frames give the fact sheet's field
// values with byte ranges, and every frame of every VDP scenario decodes without error.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import { registerVdpDissectors } from '../../src/engine/devices/vdp/dissect';
import { GOLDEN } from './fixture';
import { runFile } from './run';

registerVdpDissectors();

describe('ECP/VDP dissectors', () => {
  it('A1: ECP header and the ASSOC TLV fields, with the bytes they came from', () => {
    const d = decodeFrame(GOLDEN.A1);
    expect(d.error).toBeUndefined();
    const f = (p: string) => findField(d, p);
    expect([f('ecp.version')?.value, f('ecp.op')?.value, f('ecp.subtype')?.value, f('ecp.seq')?.value]).toEqual([
      1, 0, 1, 1,
    ]);
    expect(f('vdp.vsi.typeid')?.value).toBe(0x123456);
    expect([f('vdp.vsi.status')?.start, f('vdp.vsi.status')?.value]).toEqual([38, 0]);
    expect(f('vdp.vsi.vsiid')?.display).toBe('a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90');
    expect([f('vdp.vsi.fif')?.value, f('vdp.vsi.count')?.value]).toEqual([2, 1]);
    expect(f('vdp.vsi.entry[0].mac')?.value).toBe('52:54:00:12:34:56');
    expect([f('vdp.vsi.entry[0].vid')?.value, f('vdp.vsi.entry[0].vid')?.start]).toEqual([100, 69]);
  });
  it('K: status 0x63 shows response, KEEP and error 3', () => {
    const d = decodeFrame(GOLDEN.K);
    expect(
      ['vdp.vsi.status.ack', 'vdp.vsi.status.keep', 'vdp.vsi.status.hard', 'vdp.vsi.status.error'].map(
        (p) => findField(d, p)?.value,
      ),
    ).toEqual([1, 1, 0, 3]);
  });
  it('B1 (0.2): mode, response, manager ID, entry', () => {
    const d = decodeFrame(GOLDEN.B1);
    expect(d.error).toBeUndefined();
    expect(
      ['ecp.mode', 'ecp.seq', 'vdp.vsi.type', 'vdp.vsi.status', 'vdp.vsi.mgrid', 'vdp.vsi.entry[0].vid'].map(
        (p) => findField(d, p)?.value,
      ),
    ).toEqual([0, 1, 2, 0, 1, 100]);
  });
  it.each(readdirSync(new URL('../../src/scenarios/vdp/', import.meta.url)).filter((f) => f.endsWith('.json')))(
    '%s: every frame decodes without error',
    (f) => {
      const t = runFile(`src/scenarios/vdp/${f}`);
      for (const [i, b] of t.frames.entries()) expect(decodeFrame(b).error, `frame ${i}`).toBeUndefined();
    },
  );
});
