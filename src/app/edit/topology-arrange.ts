// The layer stage's column order as a scenario keeps it: every node's position.x (what the
// Topology tab's ◀ ▶ and dragging a column on the stage write), and the order the stage
// draws from it.
import { columnOrder } from '../../views/stage/layout';
import { isObject, list, nodesOf, type Json } from './topology-edit';

/**
 * The scenario with its columns in `order` (node ids, left to right): every node gets a
 * `position.x` spread over 0.05..0.95 in that order (the layer stage sorts by it); `y` is
 * kept, 0.5 where there was none. Ids not in `order` keep their place after the others.
 */
export function arrange(json: unknown, order: readonly string[]): Json {
  const nodes = list(json, 'nodes');
  const ids = nodes.map((n) => (isObject(n) && typeof n.id === 'string' ? n.id : ''));
  const full = [...order.filter((id) => ids.includes(id)), ...ids.filter((id) => id && !order.includes(id))];
  const last = Math.max(1, full.length - 1);
  const xOf = new Map(full.map((id, i) => [id, +(0.05 + (0.9 * i) / last).toFixed(3)]));
  return {
    ...(json as Json),
    nodes: nodes.map((n) => {
      if (!isObject(n) || typeof n.id !== 'string' || !xOf.has(n.id)) return n;
      const y = isObject(n.position) && typeof n.position.y === 'number' ? n.position.y : 0.5;
      return { ...n, position: { x: xOf.get(n.id)!, y } };
    }),
  };
}

/** `order` with `id` moved by `by` places (keyboard "move left/right"). */
export function moveInOrder(order: readonly string[], id: string, by: number): string[] {
  const i = order.indexOf(id);
  if (i < 0) return [...order];
  const j = Math.max(0, Math.min(order.length - 1, i + by));
  const out = order.filter((x) => x !== id);
  out.splice(j, 0, id);
  return out;
}

/** The layer stage's column order for this JSON (position.x, then file order, groups kept). */
export function stageOrder(json: unknown): string[] {
  const nodes = nodesOf(json).map((n) => {
    const p = n.position;
    const position = isObject(p) && typeof p.x === 'number' && typeof p.y === 'number' ? { x: p.x, y: p.y } : undefined;
    return {
      id: n.id,
      type: n.type,
      label: n.id,
      ports: [],
      ...(position && { position }),
      ...(typeof n.group === 'string' && { group: n.group }),
    };
  });
  return columnOrder({ nodes, links: [] });
}
