// Problems found while loading a scenario or lesson. Every problem names the JSON path
// it was found at and says how to fix it, so an instructor never sees a stack trace.

export interface Issue {
  /** JSON path, e.g. `$.nodes[2].config.mac`. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export class IssueList {
  readonly items: Issue[] = [];

  add(path: string, message: string, hint?: string): void {
    this.items.push(hint === undefined ? { path, message } : { path, message, hint });
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
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;
