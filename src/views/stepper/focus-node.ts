// The node whose decisions "next decision" jumps between at first: the first node that
// decides anything (a bridge, a card), else the first node. Read from the columns.
import { kindAt, nodeAt, stepCount } from '../../engine/sim/trace-access';
import type { Trace } from '../../engine/sim/types';

export function defaultFocusNode(t: Trace): string {
  const ids = new Set(t.topology.nodes.map((n) => n.id));
  for (let i = 0, n = stepCount(t); i < n; i++)
    if (kindAt(t, i) === 'decide' && ids.has(nodeAt(t, i))) return nodeAt(t, i);
  return t.topology.nodes[0]?.id ?? '';
}
