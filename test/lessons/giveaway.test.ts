// No lesson tells a student the answer to a question before asking it (issue 12). For each
// checkpoint, what the student has been able to read before answering it is:
//   - every text part that is visible while the gate holds the cursor just before the
//     checkpoint's step (the introduction and each part pinned to a step < its step),
//   - the explanation and hints of every checkpoint asked before it (earlier step, or the
//     same step and earlier in checkpoints.json),
//   - the device's decision text of its own step, when an earlier checkpoint on that same
//     step revealed it in its feedback,
//   - its own hints (shown after a wrong first try, before the second).
// None of that may contain the checkpoint's expected value, matched case-insensitively as a
// whole token: not inside a longer word, number, MAC or "A|B" mode list ("1" does not match
// "p1", "10.0.0.1" or "0x1"; "VEPA|BRIDGE" does not match inside "PRIVATE|VEPA|BRIDGE").
//
// Short or generic values ("0", "10", "drop", "true", "p1", "host") appear all over a lesson
// for other reasons, so they count only in a sentence that also names the question's subject:
// one of the question's own content words (4+ letters, not a common word). Values of three or
// more characters that are not numbers or generic words ("mvB", "WAIT_SYSCMD_2",
// "IPA_RC_DUPLICATE_IP_ADDRESS") count anywhere. For a value that is a JSON object, its
// string fields that no wrong choice also has are the values looked for.
//
// A value the question itself names, in its own text or inside another choice ("none: it
// bypasses eth0"), is part of how the question is framed, so it too counts only beside a
// subject word.
//
// A sentence that names the answer together with every other choice ("mvA and mvB", "p1.s1
// and p1.s10") lists or compares the options and is not counted. Choices that describe
// rather than name ("none: it is dropped") cannot be named and are left out of that test.
import { describe, expect, it } from 'vitest';
import type { ResolvedCheckpoint } from '../../src/app/lessons/resolve';
import { lessonFolders, loadLesson } from './lesson-set';

const GENERIC = new Set(
  'yes no true false drop deliver transmit forward receive allow deny none ack req host agent nic end primary secondary broadcast'.split(
    ' ',
  ),
);
const STOP = new Set(
  ('which what when where does will with that this from into after before there their them they have been also says '
    + 'leave leaves like look many much more most some once still back both down onto upon through macvlan macvlans '
    + 'queue queues ring rings memory '
    + 'than then your just next first last over same does each only other about would could should these those '
    + 'frame frames step guest guests host hosts port ports value values device devices node nodes switch card '
    + 'write writes read reads sends send comes goes take takes gets gives make makes show shows now here').split(' '),
);

function needles(c: ResolvedCheckpoint): string[] {
  let v: unknown;
  try {
    v = JSON.parse(c.expected);
  } catch {
    return [c.expected];
  }
  if (typeof v !== 'object' || v === null) return [c.expected];
  const leaves: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') leaves.push(x);
    else if (typeof x === 'object' && x !== null) Object.values(x).forEach(walk);
  };
  walk(v);
  const wrong = c.choices.filter((ch) => ch !== c.expected);
  return leaves.filter((s) => s.length >= 3 && !wrong.some((w) => w.includes(s)));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole token: no letter, digit, "_", "|", "-" or bracket touching it, and no "." or ":" leading on into one. */
const tokenRe = (v: string) => new RegExp(`(?<![\\w|.:[-])${escape(v)}(?![\\w|\\]-]|[.:][\\w])`, 'i');
const isGeneric = (v: string) => v.length < 3 || /^\d+$/.test(v) || GENERIC.has(v.toLowerCase());

function subjectWords(question: string): string[] {
  return [...new Set(question.toLowerCase().match(/[a-z][a-z_>-]{3,}/g) ?? [])].filter((w) => !STOP.has(w));
}

const sentences = (text: string) => text.replace(/`/g, '').split(/(?<=[.!?])\s+|\n\s*\n|\n(?=[-*#|])/);

/** Sentences of `text` that give `c`'s answer away, by the rule above. */
function giveaways(c: ResolvedCheckpoint, text: string): string[] {
  const subject = subjectWords(c.question).map(tokenRe);
  const framing = [c.question, ...c.choices.filter((ch) => ch !== c.expected)];
  const others = c.choices.filter((ch) => ch !== c.expected && !ch.includes(': ')).map(tokenRe);
  const out: string[] = [];
  for (const n of needles(c)) {
    const re = tokenRe(n);
    for (const s of sentences(text)) {
      if (!re.test(s) || (others.length > 0 && others.every((o) => o.test(s)))) continue;
      const weak = isGeneric(n) || framing.some((f) => re.test(f));
      if (!weak || subject.some((w) => w.test(s))) out.push(s.trim().replace(/\s+/g, ' '));
    }
  }
  return out;
}

interface Source {
  readonly where: string;
  readonly text: string;
}

function visibleBefore(l: ReturnType<typeof loadLesson>, k: number): Source[] {
  const { resolved, trace } = l;
  const cps = resolved!.checkpoints;
  const c = cps[k];
  const out: Source[] = [];
  resolved!.sections.forEach((s, i) => {
    if (s.stepIndex !== undefined && s.stepIndex < c.stepIndex)
      out.push({ where: i === 0 ? 'the introduction' : `text part ${i} (step ${s.stepIndex + 1})`, text: s.markdown });
  });
  for (const e of cps.slice(0, k)) {
    out.push({ where: `checkpoint "${e.id}" explanation`, text: e.explain });
    if (e.hint) out.push({ where: `checkpoint "${e.id}" hint`, text: e.hint });
    for (const [ch, h] of Object.entries(e.hints ?? {})) out.push({ where: `checkpoint "${e.id}" hint for "${ch}"`, text: h });
    if (e.stepIndex === c.stepIndex)
      out.push({ where: `step ${c.stepIndex + 1}'s decision, shown with "${e.id}"`, text: trace!.steps[c.stepIndex].decision });
  }
  if (c.hint) out.push({ where: 'its own hint', text: c.hint });
  for (const [ch, h] of Object.entries(c.hints ?? {})) out.push({ where: `its own hint for "${ch}"`, text: h });
  return out;
}

const cp = (question: string, expected: string, choices: string[]) =>
  ({ id: 'q', question, expected, choices }) as unknown as ResolvedCheckpoint;

describe('the give-away rule', () => {
  // The case issue 12 reported: macvlan-01's "bucket" explanation and step decision named the
  // device the next question ("found") asked for.
  const found = cp('Which device will receive the echo request?', 'mvB', ['mvA', 'mvB', 'mvC', "eth0's own stack"]);

  it('catches a device named in an earlier explanation or a revealed decision', () => {
    const explain =
      "mvB was hashed by its own MAC into bucket 37 when it opened; the same function applied to the frame's destination gives the same bucket. (11 would be the last MAC byte, the 2009 hash.)";
    expect(giveaways(found, explain)).toHaveLength(1);
    const decision =
      'Unicast: look up the destination. 02:00:00:00:00:0b hashes to bucket 37; compare along the chain: mvB 02:00:00:00:00:0b = match → mvB.';
    expect(giveaways(found, decision)).toHaveLength(1);
  });

  it('ignores a value inside a longer token and a sentence that lists every choice', () => {
    expect(giveaways(found, 'The echo request goes to the mvBx device.')).toEqual([]);
    expect(giveaways(found, "mvA, mvB and mvC hand their frames to eth0's own stack or not.")).toEqual([]);
  });

  it('counts a short value only beside a word of the question', () => {
    const bucket = cp('Which bucket does the MAC hash into?', '37', ['11', '37']);
    expect(giveaways(bucket, 'Bucket 37 holds it.')).toHaveLength(1);
    expect(giveaways(bucket, 'It took 37 ns.')).toEqual([]);
    expect(giveaways(bucket, 'bucket 10.0.0.37 or p37 or desc[37]')).toEqual([]);
  });

  it('treats a value the question names as framing, and looks for the distinctive fields of a JSON value', () => {
    const tap = cp('On which device do the taps see the reply leave?', 'eth0', ['eth0', 'none: it bypasses eth0']);
    expect(giveaways(tap, 'The broadcast reaches eth0 like any other frame.')).toEqual([]);
    expect(giveaways(tap, 'The taps on eth0 see every reply.')).toHaveLength(1);
    const keeps = cp('What does the driver table hold?', '{"disp":"DO_NOTHING","flags":0}', [
      '{"disp":"DO_NOTHING","flags":0}',
      '{"disp":"ADD","flags":0}',
    ]);
    expect(giveaways(keeps, 'The entry is marked DO_NOTHING.')).toHaveLength(1);
    expect(giveaways(keeps, 'Its flags are 0.')).toEqual([]);
  });
});

describe('no give-aways', () => {
  it.each(lessonFolders)('%s: nothing shown before a question gives its answer away', (id) => {
    const l = loadLesson(id);
    expect(l.resolved, 'the scenario runs (lessons.test.ts says why not)').toBeDefined();
    const found: string[] = [];
    l.resolved!.checkpoints.forEach((c, k) => {
      for (const src of visibleBefore(l, k))
        for (const s of giveaways(c, src.text)) found.push(`"${c.id}" (answer ${c.expected}) is given away by ${src.where}: ${s}`);
    });
    expect(found).toEqual([]);
  });
});
