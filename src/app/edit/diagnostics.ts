// The loader's problems as editor diagnostics: each at the text of the value its JSON path
// names. A problem about a whole object (or about a key that is missing from it) marks only
// the object's first line, so one problem does not underline a screenful.
import type { Problems } from './draft.svelte';
import { pathRanges } from './json-path-range';

export interface TextDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

export function problemDiagnostics(text: string, problems: Problems | undefined): TextDiagnostic[] {
  if (!problems) return [];
  if (problems.syntax) {
    const from = Math.min(problems.syntax.offset, text.length);
    const issue = problems.issues[0];
    return [{ from, to: Math.min(from + 1, text.length), message: issue ? issue.message : problems.title }];
  }
  const at = pathRanges(text);
  const out: TextDiagnostic[] = [];
  for (const issue of problems.issues) {
    const r = at(issue.path);
    if (!r) continue;
    const eol = text.indexOf('\n', r.from);
    const to = r.exact && (eol < 0 || eol >= r.to) ? r.to : Math.min(r.to, eol < 0 ? text.length : eol);
    const where = r.exact ? '' : `${issue.path}: `;
    out.push({ from: r.from, to, message: `${where}${issue.message}${issue.hint ? ` (hint: ${issue.hint})` : ''}` });
  }
  return out;
}
