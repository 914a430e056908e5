// A strict JSON scanner that records where every value sits in the text, keyed by the same
// JSON path the scenario loader writes in its problems (`childPath` from issues.ts), so a
// problem at `$.nodes[2].config.mode` can be underlined in the editor. It accepts exactly
// what JSON.parse accepts (a property test checks this) and, on the first syntax error,
// says where it is; JSON.parse's own messages differ between browsers and versions.
// Iterative, not recursive: a hostile text of 100,000 nested brackets must not overflow
// the stack.
import { childPath } from '../../engine/scenario/issues';

export interface TextRange {
  readonly from: number;
  readonly to: number;
}

export type JsonScan =
  | { readonly ok: true; readonly ranges: ReadonlyMap<string, TextRange> }
  | { readonly ok: false; readonly offset: number; readonly message: string };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

interface Frame {
  readonly open: number;
  readonly path: string;
  readonly array: boolean;
  count: number;
}

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function scanJson(text: string): JsonScan {
  try {
    return { ok: true, ranges: scan(text) };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}

function scan(text: string): Map<string, TextRange> {
  const ranges = new Map<string, TextRange>();
  const stack: Frame[] = [];
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new SyntaxProblem(at, at >= text.length ? `${message}, but the text ends here` : message);
  };
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const match = (re: RegExp): number => {
    re.lastIndex = i;
    return re.test(text) ? re.lastIndex : -1;
  };
  const stringAt = (what: string): string => {
    if (text[i] !== '"') fail(`Expected ${what} in double quotes`);
    const start = i;
    const end = stringEnd(text, i);
    if (typeof end === 'string') fail(end);
    i = end as number;
    return JSON.parse(text.slice(start, i)) as string;
  };
  // After "{" or ",": a key, a colon, then the path of the value that follows.
  const member = (f: Frame): string => {
    ws();
    const key = stringAt(f.count === 0 ? 'a key or "}"' : 'a key');
    ws();
    if (text[i] !== ':') fail('Expected ":" after the key');
    i++;
    return childPath(f.path, key);
  };

  let path = '$';
  for (;;) {
    // A value at i, to be recorded under `path`.
    ws();
    const from = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      const array = c === '[';
      if (text[i] === (array ? ']' : '}')) {
        i++;
        ranges.set(path, { from, to: i });
      } else {
        const f: Frame = { open: from, path, array, count: 0 };
        stack.push(f);
        path = array ? childPath(path, 0) : member(f);
        continue;
      }
    } else {
      if (c === '"') stringAt('a string');
      else {
        const end = c === '-' || (c >= '0' && c <= '9') ? match(NUMBER) : match(LITERAL);
        if (end < 0) fail(c === undefined ? 'Expected a value' : `Expected a value, not ${quoteChar(c)}`);
        i = end;
      }
      ranges.set(path, { from, to: i });
    }
    // The value ended: close every container that ends here, or go on after a comma.
    for (;;) {
      ws();
      const f = stack.at(-1);
      if (!f) {
        if (i < text.length) fail('Unexpected text after the end of the JSON value');
        return ranges;
      }
      const close = f.array ? ']' : '}';
      if (text[i] === ',') {
        i++;
        f.count++;
        path = f.array ? childPath(f.path, f.count) : member(f);
        break;
      }
      if (text[i] !== close) fail(`Expected "," or "${close}"`);
      i++;
      stack.pop();
      ranges.set(f.path, { from: f.open, to: i });
    }
  }
}

/** Where the string opening at `start` ends (after its quote), or what is wrong with it. */
function stringEnd(text: string, start: number): number | string {
  for (let j = start + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20)
      return c === 10 ? 'A string runs past the end of its line (missing ")' : 'A control character in a string';
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
      else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
      else return `A bad escape "\\${e ?? ''}" in a string`;
    }
  }
  return 'A string with no closing "';
}

const quoteChar = (c: string): string =>
  c >= ' ' && c <= '~' ? `"${c}"` : `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** 1-based line and column of an offset, for messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(0, offset), text.length);
  for (let j = text.indexOf('\n'); j >= 0 && j < end; j = text.indexOf('\n', j + 1)) {
    line++;
    start = j + 1;
  }
  return { line, column: end - start + 1 };
}
