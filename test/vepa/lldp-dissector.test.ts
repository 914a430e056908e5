// The inspector's view of a CDCP frame: every TLV with its byte range, the CDCP word and
// the SCID/SVID pairs decoded (layout per fact sheet vdp-ecp-8021qbg.md §5).
import { describe, expect, it } from 'vitest';
import '../../src/engine/devices/dissectors';
import { decodeFrame, findField } from '../../src/engine/frame/decode';
import { buildCdcpFrame, stationRequest } from '../../src/engine/devices/evb';
import { mac } from '../../src/engine/frame/address';

describe('LLDP / CDCP dissector', () => {
  const f = buildCdcpFrame(mac('02:00:00:00:0e:01'), stationRequest(4, [1, 2]));
  const d = decodeFrame(f);
  it('decodes without error and names the TLVs', () => {
    expect(d.error).toBeUndefined();
    expect(d.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining([
        'Chassis ID',
        'Port ID',
        'Time to live',
        'CDCP (S-channel Discovery and Configuration)',
        'End of LLDPDU',
      ]),
    );
  });
  it('shows role, ChnCap and the pairs with their bytes', () => {
    expect(findField(d, 'cdcp.role')?.value).toBe(1);
    expect(findField(d, 'cdcp.chncap')?.value).toBe(4);
    const pair = findField(d, 'cdcp.pairs[1]')!;
    expect(pair.value).toBe('2:0');
    expect([...f.subarray(pair.start, pair.end)]).toEqual([0x00, 0x20, 0x00]);
  });
  it('reports a TLV cut short instead of throwing', () => {
    const cut = f.slice(0, 14 + 2 + 7 + 3);
    const r = decodeFrame(cut);
    expect(r.error?.layer).toBe('LLDP');
  });
});
