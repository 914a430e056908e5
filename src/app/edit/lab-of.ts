// Which lab can show a scenario: each lab's view draws its own device types (plus the hosts
// and switches around them), so a qeth scenario opened in the macvlan lab would run with
// nothing to look at. The scenario's node types tell which lab it belongs in; a test checks
// this table against every bundled scenario.
import type { LabDefinition } from '../../views/lab-contract';

export type LabId = LabDefinition['id'];

export const LAB_DEVICE_TYPES: Readonly<Record<LabId, readonly string[]>> = {
  bridge: ['host', 'bridge'],
  vepa: ['host', 'bridge', 'macvlan', 'evb-station'],
  qeth: ['host', 'bridge', 'qeth-osa', 'qeth-guest'],
  macvlan: ['host', 'bridge', 'macvlan', 'sriov-nic'],
  virtio: ['virtio-backplane', 'virtio-boards', 'virtio-bounce', 'virtio-dma-driver', 'virtio-stack'],
  vdp: ['host', 'vdp-station', 'vdp-switch', 'evb-station'],
};

/** The node types a scenario JSON names (strings only; the loader reports the rest). */
export function nodeTypes(json: unknown): string[] {
  const nodes = (json as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const types = new Set<string>();
  for (const n of nodes.slice(0, 10_000)) {
    const t = (n as { type?: unknown } | null)?.type;
    if (typeof t === 'string') types.add(t);
  }
  return [...types];
}

export type LabFit =
  { readonly fits: true } | { readonly fits: false; readonly foreign: readonly string[]; readonly better?: LabId };

/**
 * Whether `lab` can show a scenario with these node types; if not, the types it cannot
 * show and the lab that shows them all with the fewest others (the most specific one).
 * Types no lab knows are left to the loader, which names them.
 */
export function labFit(lab: LabId, types: readonly string[]): LabFit {
  const known = types.filter((t) => Object.values(LAB_DEVICE_TYPES).some((l) => l.includes(t)));
  const foreign = known.filter((t) => !LAB_DEVICE_TYPES[lab].includes(t));
  if (foreign.length === 0) return { fits: true };
  const better = (Object.keys(LAB_DEVICE_TYPES) as LabId[])
    .filter((id) => known.every((t) => LAB_DEVICE_TYPES[id].includes(t)))
    .sort((a, b) => LAB_DEVICE_TYPES[a].length - LAB_DEVICE_TYPES[b].length)[0];
  return better ? { fits: false, foreign, better } : { fits: false, foreign };
}
