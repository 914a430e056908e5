// Presenter zoom: the deciding device and the devices one link away from it, so a
// projector shows the decision large while the frame's way in and out stays visible.
import type { Topology } from '../../engine/sim/types';

export function neighbours(topology: Topology, node: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const l of topology.links) {
    if (l.id === node || l.a.node === node || l.b.node === node) out.add(l.a.node).add(l.b.node);
  }
  if (topology.nodes.some((n) => n.id === node)) out.add(node);
  return out;
}
