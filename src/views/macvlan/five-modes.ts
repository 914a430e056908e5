// "Five modes, one frame": run the scenario once per mode (the mode switcher) and tell,
// for each scripted frame, who received it under each mode and why the others did not.
import { deviceTypes } from '../../engine/devices/registry';
import { loadScenario } from '../../engine/scenario/load';
import { formatIssues } from '../../engine/scenario/issues';
import { runScenario } from '../../engine/sim/simulator';
import type { Trace } from '../../engine/sim/types';
import type { MacvlanMode } from '../../engine/devices/macvlan/types';
import { FIVE_MODES, withMode } from './mode-switch';
import { originOf, receivers, type Receivers } from './receivers';

export interface ModeRow {
  readonly mode: MacvlanMode;
  readonly error?: string;
  /** One entry per scripted frame (traffic item), in order. */
  readonly frames: readonly { label: string; r?: Receivers }[];
}

export function runMode(json: unknown, mode: MacvlanMode): { trace?: Trace; error?: string } {
  const r = loadScenario(withMode(json, mode), deviceTypes);
  if (!r.ok) return { error: formatIssues(r.issues) };
  try {
    return { trace: runScenario(r.scenario, deviceTypes) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function fiveModes(json: unknown): ModeRow[] {
  const traffic = (json as { traffic?: { label?: string; node?: string; command?: string }[] }).traffic ?? [];
  return FIVE_MODES.map((mode) => {
    const { trace, error } = runMode(json, mode);
    if (!trace) return { mode, error, frames: [] };
    const frames = traffic.map((item, i) => {
      const o = originOf(trace, i);
      return {
        label: item.label ?? `${item.node}: ${item.command ?? 'frame'}`,
        r: o === undefined ? undefined : receivers(trace, o),
      };
    });
    return { mode, frames };
  });
}
