// Immutable reads and writes at a JSON path ((string | number)[] from the root). A write
// copies only the objects and arrays on the way down; everything else is shared with the
// input, which is never changed.
import { childPath } from '../../engine/scenario/issues';

export type JsonPath = readonly (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path`, or undefined where any step is missing. Own properties only. */
export function getAt(json: unknown, path: JsonPath): unknown {
  let v = json;
  for (const k of path) {
    if (typeof k === 'number') v = Array.isArray(v) ? v[k] : undefined;
    else v = isObject(v) && Object.hasOwn(v, k) ? v[k] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/**
 * A container the scenario format writes in short form, opened up to take a key: a bridge
 * port "p1" is {"name": "p1"}, a macvtap `true` is {}. Anything else missing becomes {}.
 */
function opened(v: unknown): Record<string, unknown> {
  if (isObject(v)) return { ...v };
  if (typeof v === 'string') return { name: v };
  return {};
}

/** A copy of `json` with `value` at `path` (undefined removes the key); `json` is untouched. */
export function setAt(json: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [k, ...rest] = path;
  if (typeof k === 'number') {
    const arr = Array.isArray(json) ? json.slice() : [];
    arr[k] = setAt(arr[k], rest, value);
    return arr;
  }
  const obj = opened(json);
  const next = setAt(Object.hasOwn(obj, k) ? obj[k] : undefined, rest, value);
  if (next === undefined) delete obj[k];
  else obj[k] = next;
  return obj;
}

/** `$.nodes[3].config.mode`: the form the loader's problems use. */
export const pathText = (path: JsonPath): string => path.reduce<string>((p, k) => childPath(p, k), '$');

/** The path `pathText` wrote (`$.nodes[3].config.mode`), or undefined when it is not one. */
export function parsePathText(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const path: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return undefined;
    path.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return path;
}
