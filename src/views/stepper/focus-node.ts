// The node whose decisions "next decision" jumps between at first: the first node that
// decides anything (a bridge, a card), else the first node. Read from the columns.
import { nextStepWhere, nodeAt } from '../../engine/sim/trace-access';
import type { Trace } from '../../engine/sim/types';

export function defaultFocusNode(t: Trace): string {
  const ids = new Set(t.topology.nodes.map((n) => n.id));
  // Asked once per site, not once per step: a long trace whose first decision is far in costs no walk.
  const i = nextStepWhere(t, 0, (node, kind) => kind === 'decide' && ids.has(node));
  return i >= 0 ? nodeAt(t, i) : (t.topology.nodes[0]?.id ?? '');
}
