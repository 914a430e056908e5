// The agent's movable 1 GiB outbound window: host buffers above the first GiB make the
// agent re-point the window for each DMA and bring it back over the rings.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';

describe('outbound window', () => {
  const { trace, state } = run(
    scenario({ hostBuffersAt: 0x5000_0000 }, [xmit('hoststack', '20us'), xmit('agentstack', '80us', 200)]),
  );
  it('moves to the 1 GiB block holding the buffer, then back to 0 for the rings', () => {
    const moves = ops(trace, 'window-move').map((s) => [s.detail!.from, s.detail!.to]);
    expect(moves).toEqual([
      [0, 0x4000_0000],
      [0x4000_0000, 0],
      [0, 0x4000_0000],
      [0x4000_0000, 0],
    ]);
    const away = ops(trace, 'window-move')[0];
    expect(state.at(away.index).get('bp/window/base')).toBe(0x4000_0000);
    expect(state.at(trace.steps.length - 1).get('bp/window/base')).toBe(0);
  });
  it('both frames arrive intact', () => {
    expect(trace.fates.map((f) => f.summary)).toEqual(['delivered to agentstack:eth0', 'delivered to hoststack:eth0']);
    expect(ops(trace, 'up').every((s) => s.detail!.intact === true)).toBe(true);
    expect(ops(trace, 'read-desc').some((s) => s.detail?.addr === 0x5000_0040)).toBe(true);
  });
  it('with the buffers inside the window nothing moves', () => {
    expect(ops(run(scenario({}, [xmit('hoststack', '20us')])).trace, 'window-move')).toEqual([]);
  });
});
