// A group's settings as the panel shows them: one block for the device's own settings and
// one per element (each macvlan, each port).
import type { Setting, SettingGroup } from './settings-model';

/** Only the settings at these paths (`pathText`), in the model's order; empty groups dropped. */
export function onlyPaths(groups: readonly SettingGroup[], paths: readonly string[]): SettingGroup[] {
  const want = new Set(paths);
  return groups
    .map((g) => ({ ...g, settings: g.settings.filter((s) => want.has(s.pathText)) }))
    .filter((g) => g.settings.length > 0);
}

export interface SettingBlock {
  readonly item?: string;
  readonly settings: readonly Setting[];
}

export function settingBlocks(settings: readonly Setting[]): SettingBlock[] {
  // In the order the declarations list them: the type's first setting (a macvlan's mode,
  // a port's hairpin) leads, and each element's block comes where its first setting does.
  const blocks = new Map<string | undefined, Setting[]>();
  for (const s of settings) {
    let list = blocks.get(s.item);
    if (!list) blocks.set(s.item, (list = []));
    list.push(s);
  }
  return [...blocks].map(([item, list]) => (item === undefined ? { settings: list } : { item, settings: list }));
}

/** A value as the field shows it. */
export const shownValue = (v: unknown): string =>
  v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
