// Keyboard moves through the layer stage's text tree (StageTree.svelte), following the
// ARIA tree pattern with every device expanded: Up/Down walk devices and layers in reading
// order, Right enters a device's first layer, Left goes back to the device, Home/End go to
// the first and last item. Plain data, so Node tests check it.
import type { Column } from './layout';

/** A device (slot -1) or one of its layers (slot index). */
export interface TreeKey {
  readonly node: string;
  readonly slot: number;
}

export function treeItems(columns: readonly Pick<Column, 'id' | 'slots'>[]): TreeKey[] {
  return columns.flatMap((c) => [{ node: c.id, slot: -1 }, ...c.slots.map((_, i) => ({ node: c.id, slot: i }))]);
}

/**
 * Where `key` moves the focus from `at`: a new item, `at` itself for a key the tree owns
 * that has nowhere to go (so it does not fall through to the stepper), or undefined for a
 * key the tree leaves alone.
 */
export function moveIn(items: readonly TreeKey[], at: TreeKey, key: string): TreeKey | undefined {
  const i = items.findIndex((k) => k.node === at.node && k.slot === at.slot);
  if (i < 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return items[Math.min(items.length - 1, i + 1)];
    case 'ArrowUp':
      return items[Math.max(0, i - 1)];
    case 'ArrowRight':
      return at.slot === -1 && items[i + 1]?.node === at.node ? items[i + 1] : at;
    case 'ArrowLeft':
      return at.slot === -1 ? at : { node: at.node, slot: -1 };
    case 'Home':
      return items[0];
    case 'End':
      return items[items.length - 1];
    default:
      return undefined;
  }
}
