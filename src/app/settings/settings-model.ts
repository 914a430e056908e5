// The settings panel's model: from a scenario's JSON, the settings each device really has
// (its type's declarations in src/engine/devices/<type>/settings.ts, expanded over the
// node's config), with their current values and what may replace them; and the edits,
// each returning a new JSON object. The loader is the judge of every value: a choice the
// loader refuses in this scenario is listed with the loader's reason and never offered.
import { deviceTypes } from '../../engine/devices/registry';
import { loadScenario } from '../../engine/scenario/load';
import type { Issue } from '../../engine/scenario/issues';
import type { SettingDecl, SettingKind } from '../../engine/devices/settings-decl';
import { settingsByType } from './declarations';
import { linkSettings } from './link-settings';
import { getAt, pathText, setAt, type JsonPath } from './json-path';

export type { JsonPath } from './json-path';

export interface Choice {
  readonly value: string | number | boolean;
  /** Why the loader refuses this value here; absent when it may be chosen. */
  readonly refused?: string;
}

export interface Setting {
  readonly path: JsonPath;
  /** `$.nodes[3].config.macvlans[0].mode`, as the loader's problems name it. */
  readonly pathText: string;
  readonly label: string;
  /** The array element or key the setting belongs to ("macvlan mvA"), if any. */
  readonly item?: string;
  readonly kind: SettingKind;
  /** As the file writes it, or the reader's default when the file leaves it out. */
  readonly value: unknown;
  readonly written: boolean;
  /** For choice and flag settings: every value, refused ones with the reason. */
  readonly choices?: readonly Choice[];
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  readonly source: string;
  readonly help?: string;
}

export interface SettingGroup {
  /** The node id, or "links". */
  readonly id: string;
  readonly title: string;
  /** The device type, or "link". */
  readonly type: string;
  readonly settings: readonly Setting[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What an element of each kind of list is called, for the setting's item label. */
const ITEM_WORD: Record<string, string> = {
  ports: 'port',
  macvlans: 'macvlan',
  rules: 'rule',
  channels: 'S-channel',
  functions: 'function',
  guests: 'guest',
  types: 'VSI type',
  acl: 'rule',
  addresses: 'address',
};

function itemName(el: unknown, key: string | number): string {
  if (typeof el === 'string') return el;
  if (isObject(el)) for (const k of ['name', 'id', 'devno']) if (typeof el[k] === 'string') return el[k] as string;
  return typeof key === 'number' ? `#${key + 1}` : key;
}

interface Found {
  readonly path: JsonPath;
  readonly value: unknown;
  readonly items: string[];
}

/**
 * Every place `decl.at` names under `base`: `*` fans out over an array's elements or an
 * object's keys; a missing object on the way hides the setting unless the declaration
 * `creates` it; a short form (a port written "p1", a macvtap `true`) reads as empty.
 */
function expand(json: unknown, base: JsonPath, decl: SettingDecl): Found[] {
  const segs = decl.at.split('.');
  const out: Found[] = [];
  const walk = (v: unknown, i: number, path: (string | number)[], items: string[], prev: string): void => {
    if (i === segs.length) {
      if (v === undefined && decl.ifPresent) return;
      out.push({ path, value: v, items });
      return;
    }
    const seg = segs[i];
    if (seg === '*') {
      const word = ITEM_WORD[prev] ?? prev;
      const entries: [string | number, unknown][] = Array.isArray(v)
        ? v.map((e, k) => [k, e])
        : isObject(v)
          ? Object.entries(v)
          : [];
      for (const [k, el] of entries) {
        if (decl.unlessItemHas && isObject(el) && Object.hasOwn(el, decl.unlessItemHas)) continue;
        // The last `*` names a value itself (an address in a list): its item is the list.
        const label =
          i === segs.length - 1 ? `${word} ${typeof k === 'number' ? k + 1 : k}` : `${word} ${itemName(el, k)}`;
        walk(el, i + 1, [...path, k], [...items, label], seg);
      }
      return;
    }
    // Scalars other than the short forms cannot hold a field: the file says something else.
    if (v !== undefined && !isObject(v) && typeof v !== 'string' && v !== true) return;
    // A missing object on the way: the setting would create it, only where declared so.
    if (v === undefined && i > 0 && !decl.creates) return;
    walk(isObject(v) && Object.hasOwn(v, seg) ? v[seg] : undefined, i + 1, [...path, seg], items, seg);
  };
  walk(getAt(json, base), 0, [...base], [], '');
  return out;
}

/** The loader's verdict on a whole scenario: its problems, none when it loads. */
export function loaderProblems(json: unknown): readonly Issue[] {
  const r = loadScenario(json, deviceTypes);
  return r.ok ? [] : r.issues;
}

/** A copy of `json` with `value` at `path`; `json` itself is never changed. */
export function applySetting(json: unknown, path: JsonPath, value: unknown): unknown {
  return setAt(json, path, value);
}

function choicesOf(decl: SettingDecl): readonly (string | number | boolean)[] | undefined {
  if (decl.kind === 'flag') return [false, true];
  if (decl.kind === 'choice') return decl.choices ?? [];
  return undefined;
}

function makeSetting(json: unknown, decl: SettingDecl, f: Found, judge: boolean): Setting {
  const written = f.value !== undefined;
  const value = written ? f.value : decl.default;
  const values = choicesOf(decl);
  const choices = values?.map((c) => (judge ? judgeChoice(json, f.path, value, c) : { value: c }));
  return {
    path: f.path,
    pathText: pathText(f.path),
    label: decl.label,
    ...(f.items.length && { item: f.items.join(' · ') }),
    kind: decl.kind,
    value,
    written,
    ...(choices && { choices }),
    ...(decl.min !== undefined && { min: decl.min }),
    ...(decl.max !== undefined && { max: decl.max }),
    ...(decl.unit && { unit: decl.unit }),
    source: decl.source,
    ...(decl.help && { help: decl.help }),
  };
}

function judgeChoice(json: unknown, path: JsonPath, current: unknown, c: Choice['value']): Choice {
  if (c === current) return { value: c };
  const problems = loaderProblems(applySetting(json, path, c));
  return problems.length ? { value: c, refused: firstReason(problems, pathText(path)) } : { value: c };
}

/** The loader's first reason, preferring a problem at or under the setting's own path. */
function firstReason(problems: readonly Issue[], at: string): string {
  // The setting's own path, a field under it, or an object holding it (the macvlan list
  // that refuses a second passthru) needs no path in the reason; anything else names its own.
  const under = (a: string, b: string) => a === b || a.startsWith(b + '.') || a.startsWith(b + '[');
  const near = (p: Issue) => under(p.path, at) || (p.path !== '$' && under(at, p.path));
  const own = problems.find(near);
  const p = own ?? problems[0];
  return own ? p.message : `${p.path}: ${p.message}`;
}

const nodeTitle = (n: Record<string, unknown>, id: string, type: string): string =>
  typeof n.label === 'string' && n.label !== id ? `${n.label} (${id}, ${type})` : `${id} (${type})`;

/**
 * The scenario's settings, one group per device with settings and one for the links.
 * Each choice is judged by loading the scenario with it (a few milliseconds each); with
 * `judge: false` none is, and the panel judges a group when it is opened (`judgeGroup`),
 * which keeps an 80-guest scenario responsive. Nothing is judged when the scenario does
 * not load as it is: every choice would carry the same unrelated problem.
 */
export function listSettings(json: unknown, opts: { judge?: boolean } = {}): SettingGroup[] {
  const judge = (opts.judge ?? true) && loaderProblems(json).length === 0;
  const groups: SettingGroup[] = [];
  const nodes = isObject(json) && Array.isArray(json.nodes) ? json.nodes : [];
  nodes.forEach((n, i) => {
    if (!isObject(n) || typeof n.type !== 'string' || typeof n.id !== 'string') return;
    const decls = settingsByType.get(n.type);
    if (!decls) return;
    const base = ['nodes', i, 'config'];
    const settings = decls.settings.flatMap((d) => expand(json, base, d).map((f) => makeSetting(json, d, f, judge)));
    if (settings.length) groups.push({ id: n.id, title: nodeTitle(n, n.id, n.type), type: n.type, settings });
  });
  const links = isObject(json) && Array.isArray(json.links) ? json.links : [];
  const linkGroup: Setting[] = [];
  links.forEach((l, i) => {
    if (!isObject(l)) return;
    const name = typeof l.id === 'string' ? l.id : `link${i}`;
    const ends = typeof l.a === 'string' && typeof l.b === 'string' ? ` (${l.a} – ${l.b})` : '';
    for (const d of linkSettings) {
      const path = ['links', i, d.at];
      const value = getAt(json, path);
      linkGroup.push({ ...makeSetting(json, d, { path, value, items: [] }, judge), item: `link ${name}${ends}` });
    }
  });
  if (linkGroup.length) groups.push({ id: 'links', title: 'Links', type: 'link', settings: linkGroup });
  return groups;
}

/** The group with every choice judged by the loader (see listSettings). */
export function judgeGroup(json: unknown, group: SettingGroup): SettingGroup {
  if (loaderProblems(json).length) return group;
  return {
    ...group,
    settings: group.settings.map((s) =>
      s.choices
        ? {
            ...s,
            choices: s.choices.map((c) => judgeChoice(json, s.path, s.value, c.value)),
          }
        : s,
    ),
  };
}

export type Tried = { ok: true; json: unknown } | { ok: false; problems: readonly Issue[] };

/**
 * Set `value` and ask the loader: the new JSON when it loads, else its problems, those at
 * the setting's own path first (a value can also break something elsewhere, such as a link
 * naming a port the change removed; those follow with their own paths).
 */
export function trySetting(json: unknown, setting: Pick<Setting, 'path'>, value: unknown): Tried {
  const next = applySetting(json, setting.path, value);
  const problems = loaderProblems(next);
  if (!problems.length) return { ok: true, json: next };
  const at = pathText(setting.path);
  const own = (p: Issue) => p.path === at || p.path.startsWith(at + '.') || p.path.startsWith(at + '[');
  return { ok: false, problems: [...problems.filter(own), ...problems.filter((p) => !own(p))] };
}
