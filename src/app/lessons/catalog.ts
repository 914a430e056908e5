// Every lesson folder found at build time. Only each index.md's frontmatter is bundled
// eagerly (titles and summaries for the home page; vite.config.ts serves `?lesson-meta`);
// a lesson's text, scenario and checkpoints are separate chunks, fetched when it opens, so
// the home page stays small as lessons grow.
import { parseLessonMeta, type LessonMeta } from './parse';

export interface LessonEntry {
  readonly id: string;
  readonly meta: LessonMeta;
  /** Problems in the frontmatter; problems in the text come with the text. */
  readonly problems: readonly string[];
  readonly loadText: () => Promise<string>;
  readonly loadScenario?: () => Promise<unknown>;
  readonly loadCheckpoints?: () => Promise<unknown>;
}

const metas = import.meta.glob<string>('/lessons/*/index.md', { query: '?lesson-meta', import: 'default', eager: true });
const texts = import.meta.glob<string>('/lessons/*/index.md', { query: '?raw', import: 'default' });
const scenarios = import.meta.glob('/lessons/*/scenario.json', { import: 'default' });
const checkpoints = import.meta.glob('/lessons/*/checkpoints.json', { import: 'default' });

const folder = (path: string): string => path.split('/')[2];
const byFolder = <T>(m: Record<string, T>): Map<string, T> =>
  new Map(Object.entries(m).map(([p, v]) => [folder(p), v]));

function build(): LessonEntry[] {
  const tx = byFolder(texts);
  const sc = byFolder(scenarios);
  const cp = byFolder(checkpoints);
  return Object.entries(metas)
    .map(([path, front]) => {
      const id = folder(path);
      return { id, ...parseLessonMeta(front), loadText: tx.get(id)!, loadScenario: sc.get(id), loadCheckpoints: cp.get(id) };
    })
    .sort((a, b) => a.meta.lab.localeCompare(b.meta.lab) || a.meta.order - b.meta.order || a.id.localeCompare(b.id));
}

export const lessons: readonly LessonEntry[] = build();

export const findLesson = (id: string): LessonEntry | undefined => lessons.find((l) => l.id === id);
