// A group's settings as the panel shows them: the device's own settings first, then one
// block per element (each macvlan, each port), in the order the file lists them.
import type { Setting } from './settings-model';

export interface SettingBlock {
  readonly item?: string;
  readonly settings: readonly Setting[];
}

export function settingBlocks(settings: readonly Setting[]): SettingBlock[] {
  const own: Setting[] = [];
  const items = new Map<string, Setting[]>();
  for (const s of settings) {
    if (s.item === undefined) own.push(s);
    else {
      let list = items.get(s.item);
      if (!list) items.set(s.item, (list = []));
      list.push(s);
    }
  }
  // Elements in file order: by the path of their first setting, not the declaration order.
  const order = (s: Setting) => s.path.map((k) => (typeof k === 'number' ? String(k).padStart(6, '0') : k)).join('/');
  const blocks = [...items].sort(([, a], [, b]) => (order(a[0]) < order(b[0]) ? -1 : 1));
  return [...(own.length ? [{ settings: own }] : []), ...blocks.map(([item, s]) => ({ item, settings: s }))];
}

/** A value as the field shows it. */
export const shownValue = (v: unknown): string =>
  v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
