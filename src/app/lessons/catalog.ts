// Every lesson folder found at build time. Only index.md is bundled eagerly (titles and
// summaries for the home page); each lesson's scenario and checkpoints are separate
// chunks, fetched when the lesson opens, so the home page stays small as lessons grow.
import { parseLessonMarkdown, type ParsedLesson } from './parse';

export interface LessonEntry extends ParsedLesson {
  readonly id: string;
  readonly loadScenario?: () => Promise<unknown>;
  readonly loadCheckpoints?: () => Promise<unknown>;
}

const texts = import.meta.glob<string>('/lessons/*/index.md', { query: '?raw', import: 'default', eager: true });
const scenarios = import.meta.glob('/lessons/*/scenario.json', { import: 'default' });
const checkpoints = import.meta.glob('/lessons/*/checkpoints.json', { import: 'default' });

const folder = (path: string): string => path.split('/')[2];
const byFolder = <T>(m: Record<string, T>): Map<string, T> => new Map(Object.entries(m).map(([p, v]) => [folder(p), v]));

function build(): LessonEntry[] {
  const sc = byFolder(scenarios);
  const cp = byFolder(checkpoints);
  return Object.entries(texts)
    .map(([path, text]) => {
      const id = folder(path);
      return { id, ...parseLessonMarkdown(text), loadScenario: sc.get(id), loadCheckpoints: cp.get(id) };
    })
    .sort((a, b) => a.meta.lab.localeCompare(b.meta.lab) || a.meta.order - b.meta.order || a.id.localeCompare(b.id));
}

export const lessons: readonly LessonEntry[] = build();

export const findLesson = (id: string): LessonEntry | undefined => lessons.find((l) => l.id === id);
