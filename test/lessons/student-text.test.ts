// What a student reads around the trace (issue 12): key and button names go through
// {press:…} tokens, so a phone says "tap ▶ Step" where a keyboard says "press →"; every
// lesson ends with 3 to 5 key points; every checkpoint has a general hint for a wrong try.
import { describe, expect, it } from 'vitest';
import { pressProblems, PRESS_TOKEN } from '../../src/app/lessons/markdown';
import { lessonFolders, readLesson } from './lesson-set';

/** Every piece of text a lesson shows: its parts, key points, questions, hints and explanations. */
function texts(id: string): { where: string; text: string }[] {
  const l = readLesson(id);
  const out = l.parsed.sections.map((s, i) => ({ where: i === 0 ? 'introduction' : `text part ${i}`, text: s.markdown }));
  if (l.parsed.keyPoints) out.push({ where: 'key points', text: l.parsed.keyPoints });
  for (const c of l.checkpoints) {
    out.push({ where: `checkpoint ${c.id} question`, text: c.question }, { where: `checkpoint ${c.id} explain`, text: c.explain });
    if (c.hint) out.push({ where: `checkpoint ${c.id} hint`, text: c.hint });
    for (const [ch, h] of Object.entries(c.hints ?? {})) out.push({ where: `checkpoint ${c.id} hint for ${ch}`, text: h });
  }
  return out;
}

// A key or control named directly: "press →", "Press <kbd>End</kbd>", "hit Space", "click Play",
// "tap ▶", "the arrow key". Words like "press" in "the press of a key" are rare in these labs;
// any such sentence should use a token anyway.
const DIRECT = [
  /<kbd>/i,
  /\b(press|hit|tap|click)(es|ed|ing)?\b\s*(the\s+)?(\*\*)?\s*(→|←|▶|⏵|⏭|⏮|space|enter|end\b|home\b|play\b|step\b|next\b|back\b|arrow|n\b)/i,
  /\barrow keys?\b/i,
  /\b(right|left)[- ]arrow\b/i,
];

describe('lesson text for keyboards and touch screens', () => {
  it.each(lessonFolders)('%s: names keys and buttons only through {press:…} tokens', (id) => {
    const found: string[] = [];
    for (const { where, text } of texts(id)) {
      found.push(...pressProblems(text).map((p) => `${where}: ${p}`));
      const plain = text.replace(PRESS_TOKEN, '');
      for (const re of DIRECT) {
        const m = re.exec(plain);
        if (m) found.push(`${where}: "${m[0]}" names a key or button; write {press:forward}, {press:play}, … instead`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the check catches direct key names', () => {
    const bad = ['Press <kbd>→</kbd> to step', 'press → to go on', 'Hit Space to play', 'click **Play**', 'tap ▶'];
    for (const b of bad) expect(DIRECT.some((re) => re.test(b)), b).toBe(true);
    expect(DIRECT.some((re) => re.test('{press:forward} to step'.replace(PRESS_TOKEN, '')))).toBe(false);
  });
});

describe('what a lesson leaves behind', () => {
  it.each(lessonFolders)('%s: ends with 3 to 5 key points', (id) => {
    const kp = readLesson(id).parsed.keyPoints;
    expect(kp, 'a <!-- key-points --> part at the end of index.md').toBeDefined();
    const bullets = kp!.split('\n').filter((l) => /^\s{0,3}[-*] /.test(l));
    expect(bullets.length, 'bullet points').toBeGreaterThanOrEqual(3);
    expect(bullets.length, 'bullet points').toBeLessThanOrEqual(5);
  });

  it.each(lessonFolders)('%s: every checkpoint has a hint for a wrong first try', (id) => {
    const { checkpoints } = readLesson(id);
    expect(checkpoints.filter((c) => !c.hint).map((c) => c.id)).toEqual([]);
  });
});
