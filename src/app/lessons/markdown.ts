// Lesson Markdown to HTML: marked parses, DOMPurify sanitizes. The result is the only HTML
// the app ever inserts; lesson text is content, but content can be wrong or hostile.
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function renderMarkdown(md: string): string {
  const html = marked.parse(md, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] });
}
