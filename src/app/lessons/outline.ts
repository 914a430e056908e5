// A lesson's outline: its parts and questions in trace order, each with a short title, for
// the lesson menu; and the lesson that follows it in the catalog, for the end summary.
import type { LessonEntry } from './catalog';
import { lessonMarks, type ResolvedLesson } from './resolve';

export interface OutlineItem {
  readonly kind: 'intro' | 'text' | 'checkpoint';
  /** The cursor to go to: a text part's step, or the step before a question (where it is asked). */
  readonly cursor: number;
  readonly title: string;
  /** Index into sections or checkpoints. */
  readonly index: number;
}

/** The first heading of a Markdown part, else its first words. */
export function partTitle(markdown: string, fallback: string): string {
  const h = /^#{1,6}\s+(.+)$/m.exec(markdown);
  if (h) return h[1].replace(/[*_`]/g, '').trim();
  const words = markdown.replace(/[#*_`>[\]]/g, '').replace(/\s+/g, ' ').trim();
  if (!words) return fallback;
  return words.length > 60 ? words.slice(0, 59).trimEnd() + '…' : words;
}

export function lessonOutline(lesson: Pick<ResolvedLesson, 'sections' | 'checkpoints'>): OutlineItem[] {
  const items: OutlineItem[] = [
    { kind: 'intro', cursor: -1, title: partTitle(lesson.sections[0]?.markdown ?? '', 'Introduction'), index: 0 },
  ];
  for (const m of lessonMarks(lesson)) {
    if (m.kind === 'text')
      items.push({ kind: 'text', cursor: m.step, title: partTitle(lesson.sections[m.index].markdown, `Part ${m.index + 1}`), index: m.index });
    else
      items.push({ kind: 'checkpoint', cursor: m.step - 1, title: lesson.checkpoints[m.index].question, index: m.index });
  }
  return items;
}

/** The next lesson in the catalog's order (same lab by order, then the next lab's first). */
export function nextLesson(all: readonly LessonEntry[], id: string): LessonEntry | undefined {
  const i = all.findIndex((l) => l.id === id);
  return i < 0 ? undefined : all[i + 1];
}
