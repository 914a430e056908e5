// Problems found while loading a scenario or lesson. Every problem names the JSON path
// it was found at and says how to fix it, so an instructor never sees a stack trace.

export interface Issue {
  /** JSON path, e.g. `$.nodes[2].config.mac`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

/** Longest message or hint kept: a bad value is quoted in part, never whole (a file can hold megabytes). */
const MAX_MESSAGE = 400;
/** At most this many problems are kept: a mutated file can have one per array element. */
export const MAX_ISSUES = 200;

export class IssueList {
  readonly items: Issue[] = [];
  /** Problems found beyond MAX_ISSUES, counted but not kept. */
  more = 0;

  add(path: string, message: string, hint?: string): void {
    if (this.items.length >= MAX_ISSUES) {
      this.more++;
      if (this.more === 1) this.items.push({ path: '$', message: `more than ${MAX_ISSUES} problems; fix these first` });
      return;
    }
    const m = clipText(printable(message), MAX_MESSAGE);
    const p = clipText(printable(path), MAX_MESSAGE);
    this.items.push(
      hint === undefined
        ? { path: p, message: m }
        : { path: p, message: m, hint: clipText(printable(hint), MAX_MESSAGE) },
    );
  }

  get ok(): boolean {
    return this.items.length === 0;
  }
}

export class ScenarioError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(formatIssues(issues));
    this.name = 'ScenarioError';
  }
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`).join('\n');
}

export const childPath = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]{0,59}$/.test(key)
      ? `${path}.${key}`
      : `${path}[${shown(key)}]`;

/**
 * Characters that must not reach a terminal raw: C0 and C1 controls (ESC and CSI start
 * escape sequences), DEL, line and paragraph separators, and the bidirectional overrides
 * that can make text read differently from what it is.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with every unprintable character written as \uXXXX (newlines kept). */
export const printable = (s: string): string => s.replace(UNPRINTABLE, escapeChar);

/** Text with newlines escaped too: for one line of output. */
export const oneLine = (s: string): string => printable(s).replace(/\n/g, '\\n');

/** At most `max` characters, the rest replaced by an ellipsis. */
export const clipText = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}…` : s);

/** A value quoted for a message: escaped, on one line, at most `max` characters of it. */
export const shown = (s: string, max = 60): string => `"${oneLine(clipText(s, max))}"`;
