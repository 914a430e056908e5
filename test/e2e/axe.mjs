// axe-core inside the page: WCAG 2.2 AA and best-practice findings, one line each.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async (wcag) => {
    const rules = window.axe._audit.rules
      .filter((r) => !r.tags.includes('experimental'))
      .filter((r) => r.tags.some((t) => wcag.includes(t)) || (r.enabled && r.tags.includes('best-practice')))
      .map((r) => r.id);
    const r = await window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}  ${n.target.join(' ')}`));
  }, WCAG);
}
