import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { headingsFrom } from '../../src/app/lessons/markdown';

// marked alone (DOMPurify needs a DOM): the sanitizer keeps headings as marked writes them.
const renderMarkdown = (md: string) => marked.parse(md, { async: false });

describe('headingsFrom: lesson headings under the page heading skip no level', () => {
  it('moves ### parts up to h2 and keeps their relative levels', () => {
    const out = headingsFrom([renderMarkdown('### Bring-up\n\ntext'), renderMarkdown('### Reclaim\n\n#### Detail')], 2);
    expect(out.join('')).toMatch(/<h2[^>]*>Bring-up<\/h2>/);
    expect(out.join('')).toMatch(/<h2[^>]*>Reclaim<\/h2>/);
    expect(out.join('')).toMatch(/<h3[^>]*>Detail<\/h3>/);
  });
  it('moves # down and leaves text that only mentions h1 alone', () => {
    const [out] = headingsFrom(['<h1>A</h1><p>the h1 element, &lt;h1&gt;</p><h2>B</h2>'], 2);
    expect(out).toBe('<h2>A</h2><p>the h1 element, &lt;h1&gt;</p><h3>B</h3>');
  });
  it('returns text with no heading unchanged and caps at h6', () => {
    expect(headingsFrom(['<p>x</p>'], 2)).toEqual(['<p>x</p>']);
    expect(headingsFrom(['<h2>a</h2><h6>b</h6>'], 3)).toEqual(['<h3>a</h3><h6>b</h6>']);
  });
});
