// Where in a JSON text the value at a loader path is (`$.devices[2].mode`), so the editor
// can underline a problem where it is. Total over any text and any path: text that is not
// JSON gives no range; a path that names nothing in it (a missing key, a path the loader
// made up for a default) falls back to the nearest enclosing value that does exist.
import { scanJson, type TextRange } from './json-scan';

export interface PathRange extends TextRange {
  /** False when the path itself is not in the text and this is its nearest existing ancestor. */
  readonly exact: boolean;
}

/** A lookup over one text, scanned once: problems come in the hundreds, texts in megabytes. */
export function pathRanges(text: string): (path: string) => PathRange | undefined {
  const scan = scanJson(text);
  if (!scan.ok) return () => undefined;
  return (path) => {
    const hit = scan.ranges.get(path);
    if (hit) return { ...hit, exact: true };
    // Cut the path before each "." or "[" from the right until a prefix names a value.
    // A key can contain those characters too; a wrong cut only finds no prefix and moves on.
    for (let cut = path.length - 1; cut > 0; cut--) {
      if (path[cut] !== '.' && path[cut] !== '[') continue;
      const up = scan.ranges.get(path.slice(0, cut));
      if (up) return { ...up, exact: false };
    }
    const root = scan.ranges.get('$');
    return root && { ...root, exact: path === '$' };
  };
}

/** The range of the value at `path` in `text` (see pathRanges). */
export const findPathRange = (text: string, path: string): PathRange | undefined => pathRanges(text)(path);
