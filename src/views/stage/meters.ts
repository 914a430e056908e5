// The CPU meter a device column shows when the scenario models its CPU (the `cpu` key,
// src/engine/devices/stack/cpu-cost.ts): the total its software has spent so far, so the
// cost argument of a lesson is read off the stage at every step.
import type { StateIndex } from '../../engine/sim/state-index';

/** "CPU 12.58 µs" for 12,581 ns; whole ns below 1 µs. */
export function cpuText(ns: number): string {
  if (ns < 1000) return `CPU ${ns} ns`;
  const us = ns / 1000;
  return `CPU ${us < 100 ? us.toFixed(2) : us < 10000 ? us.toFixed(1) : Math.round(us)} µs`;
}

/** The meter of every node that has one at step `cursor` (nodes not charged yet are left out). */
export function cpuMeters(state: StateIndex, nodes: readonly string[], cursor: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of nodes) {
    const ns = state.under(cursor, `${id}/cpu/`).ns;
    if (typeof ns === 'number') out.set(id, cpuText(ns));
  }
  return out;
}
