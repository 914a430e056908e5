// Shared test helpers: load a scenario object (failing loudly with its issues) and run it.
import { deviceTypes } from '../../src/engine/devices/registry';
import { formatIssues } from '../../src/engine/scenario/issues';
import { loadScenario } from '../../src/engine/scenario/load';
import type { Scenario } from '../../src/engine/sim/scenario-types';
import { runScenario, type RunOptions } from '../../src/engine/sim/simulator';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Trace } from '../../src/engine/sim/types';

export function load(json: unknown): Scenario {
  const r = loadScenario(json, deviceTypes);
  if (!r.ok) throw new Error(`scenario does not load:\n${formatIssues(r.issues)}`);
  return r.scenario;
}

export function run(json: unknown, opts?: RunOptions): Trace {
  return runScenario(load(json), deviceTypes, opts);
}

export function finalState(t: Trace): ReadonlyMap<string, unknown> {
  return new StateIndex(t).at(t.steps.length - 1);
}

/** Steps matching a partial description, e.g. { node: 'br0', kind: 'drop' }. */
export function stepsWhere(t: Trace, q: { node?: string; kind?: string; port?: string; text?: string }) {
  return t.steps.filter(
    (s) =>
      (q.node === undefined || s.node === q.node) &&
      (q.kind === undefined || s.kind === q.kind) &&
      (q.port === undefined || s.port === q.port) &&
      (q.text === undefined || s.decision.includes(q.text)),
  );
}

export const MAC = (n: number): string => `02:00:00:00:00:${n.toString(16).padStart(2, '0')}`;

/** N hosts (h1..hN, 10.0.0.i) on one bridge br0 with ports p1..pN. */
export function star(n: number, extra: Record<string, unknown> = {}, bridgeConfig: Record<string, unknown> = {}) {
  const nodes: unknown[] = [
    { id: 'br0', type: 'bridge', config: { ports: Array.from({ length: n }, (_, i) => `p${i + 1}`), ...bridgeConfig } },
  ];
  const links: unknown[] = [];
  for (let i = 1; i <= n; i++) {
    nodes.push({ id: `h${i}`, type: 'host', config: { mac: MAC(i), ip: `10.0.0.${i}` } });
    links.push({ id: `l${i}`, a: `h${i}:eth0`, b: `br0:p${i}` });
  }
  return { name: `star of ${n}`, seed: 7, nodes, links, traffic: [], ...extra };
}
