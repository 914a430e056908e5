// Run a VDP scenario file with the VDP device types (plus the plain host and the EVB
// station, whose S-component may sit between a vdp-station and a vdp-switch) for tests.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkExpectations } from '../../src/engine/scenario/expect';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { vdpDeviceTypes } from '../../src/engine/devices/vdp';
import { hostType } from '../../src/engine/devices/host';
import { evbStationType } from '../../src/engine/devices/evb';
import type { DeviceType } from '../../src/engine/sim/device';
import type { Trace } from '../../src/engine/sim/types';

export const types: ReadonlyMap<string, DeviceType> = new Map<string, DeviceType>(
  [...vdpDeviceTypes, hostType, evbStationType].map((t) => [t.type, t as DeviceType]),
);

export function loadJson(rel: string): unknown {
  return JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', rel), 'utf8'));
}

export function run(json: unknown, until?: number): Trace {
  const r = loadScenario(json, types);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return runScenario(r.scenario, types, until ? { until } : {});
}

export const runFile = (rel: string, until?: number): Trace => run(loadJson(rel), until);

/** Runs a scenario and returns the messages of its `expect` entries that do not hold. */
export function failingExpectations(json: unknown): string[] {
  const r = loadScenario(json, types);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return checkExpectations(r.scenario, runScenario(r.scenario, types))
    .filter((x) => !x.ok)
    .map((x) => x.message);
}

/** One line per step: time, node, kind, decision (for reading and for golden files). */
export const lines = (t: Trace): string[] =>
  t.steps.map(
    (s) => `${(s.time / 1e6).toFixed(3).padStart(10)}ms ${s.node.padEnd(7)} ${s.kind.padEnd(8)} ${s.decision}`,
  );
