// Every challenge folder found at build time (challenges/<lab>-<NN>-<slug>/). As with
// lessons, only each index.md's frontmatter is bundled eagerly (the home page's list);
// the text, the start scenario and challenge.json are fetched when the challenge opens.
// The reference solution (solution.json) is for the challenge test, not the page.
import type { LessonEntry } from '../lessons/catalog';
import { parseLessonMeta } from '../lessons/parse';

export interface ChallengeEntry extends Omit<LessonEntry, 'loadCheckpoints'> {
  readonly loadChallenge?: () => Promise<unknown>;
}

const metas = import.meta.glob<string>('/challenges/*/index.md', {
  query: '?lesson-meta',
  import: 'default',
  eager: true,
});
const texts = import.meta.glob<string>('/challenges/*/index.md', { query: '?raw', import: 'default' });
const scenarios = import.meta.glob('/challenges/*/scenario.json', { import: 'default' });
const files = import.meta.glob('/challenges/*/challenge.json', { import: 'default' });

const folder = (path: string): string => path.split('/')[2];
const byFolder = <T>(m: Record<string, T>): Map<string, T> =>
  new Map(Object.entries(m).map(([p, v]) => [folder(p), v]));

function build(): ChallengeEntry[] {
  const tx = byFolder(texts);
  const sc = byFolder(scenarios);
  const ch = byFolder(files);
  return Object.entries(metas)
    .map(([path, front]): ChallengeEntry => {
      const id = folder(path);
      const { meta, problems } = parseLessonMeta(front);
      // parseLessonMeta says a challenge is not a lesson; here that is the point.
      const own = problems.filter((p) => !p.includes('"kind" is "challenge"'));
      if (meta.kind !== 'challenge') own.push('frontmatter has no "kind: challenge"');
      return { id, meta, problems: own, loadText: tx.get(id)!, loadScenario: sc.get(id), loadChallenge: ch.get(id) };
    })
    .sort((a, b) => a.meta.lab.localeCompare(b.meta.lab) || a.meta.order - b.meta.order || a.id.localeCompare(b.id));
}

export const challenges: readonly ChallengeEntry[] = build();

export const findChallenge = (id: string): ChallengeEntry | undefined => challenges.find((c) => c.id === id);
