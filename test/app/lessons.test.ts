// Lesson parsing, step queries and checkpoint truth against a real learning-bridge trace.
import { describe, expect, it } from 'vitest';
import { parseCheckpoints, parseLessonMarkdown } from '../../src/app/lessons/parse';
import { findStep, queryProblems, truthOf } from '../../src/app/lessons/step-query';
import { currentSection, resolveLesson } from '../../src/app/lessons/resolve';
import { gateFor } from '../../src/app/lessons/gate';
import { learningRun } from './fixtures';

const run = learningRun();

const MD = `---
title: "A: lesson"
lab: bridge
order: 2
summary: s
minutes: 5
---
Intro text.
<!-- step: {"node":"br0","kind":"decide"} -->
Learned.
<!-- step: {"node":"h3","kind":"drop"} -->
Dropped.
`;

describe('lesson markdown', () => {
  it('reads frontmatter and splits sections at step markers', () => {
    const l = parseLessonMarkdown(MD);
    expect(l.problems).toEqual([]);
    expect(l.meta).toEqual({ title: 'A: lesson', lab: 'bridge', order: 2, summary: 's', minutes: 5 });
    expect(l.sections).toEqual([
      { markdown: 'Intro text.' },
      { at: { node: 'br0', kind: 'decide' }, markdown: 'Learned.' },
      { at: { node: 'h3', kind: 'drop' }, markdown: 'Dropped.' },
    ]);
  });

  it('reports every authoring problem in words', () => {
    const l = parseLessonMarkdown(
      '---\ntitle: x\nlab: token-ring\norder: first\nnonsense\n---\n<!-- step: {"node":1,"colour":"red"} --><!-- step: {bad json} -->',
    );
    expect(l.problems.join('\n')).toMatch(/no "summary"/);
    expect(l.problems.join('\n')).toMatch(/"lab" is "token-ring"/);
    expect(l.problems.join('\n')).toMatch(/"order" is "first", not a number/);
    expect(l.problems.join('\n')).toMatch(/line 5 "nonsense"/);
    expect(l.problems.join('\n')).toMatch(/"node" must be a non-empty string/);
    expect(l.problems.join('\n')).toMatch(/unknown field "colour"/);
    expect(l.problems.join('\n')).toMatch(/does not hold valid JSON/);
    expect(parseLessonMarkdown('no frontmatter').problems[0]).toMatch(/no frontmatter/);
  });

  it('checks checkpoints: fields, duplicate ids, expected among choices', () => {
    const cp = {
      id: 'a',
      at: { node: 'br0' },
      question: 'q',
      choices: ['p1', 'p2'],
      answer: 'port',
      expected: 'p3',
      explain: 'e',
    };
    const r = parseCheckpoints({
      checkpoints: [cp, { ...cp, expected: 'p1' }, { ...cp, id: 'b', expected: 'p1', answer: 'colour' }],
    });
    expect(r.problems).toEqual([
      'checkpoints[0].expected "p3" is not one of its choices',
      'checkpoints[1].id "a" is used twice',
      'checkpoints[2]: "answer" is "colour"; use node, port, kind, detail.<path>, state:<key> or end:<key>',
    ]);
    expect(parseCheckpoints([]).problems).toEqual(['checkpoints.json must be {"checkpoints": [ ... ]}']);
  });
});

describe('step queries on the learning-bridge trace', () => {
  it('finds steps by node, kind, port, layer, traffic, text and nth', () => {
    const s = run.trace.steps;
    const learn = findStep(run.trace, { node: 'br0', kind: 'decide' });
    expect(s[learn].decision).toMatch(/Learn: 02:00:00:00:00:01 is on p1/);
    expect(s[findStep(run.trace, { node: 'br0', kind: 'decide', nth: 2 })].decision).toMatch(
      /02:00:00:00:00:02 is on p2/,
    );
    expect(s[findStep(run.trace, { kind: 'drop', traffic: 0 })].node).toBe('h3');
    expect(findStep(run.trace, { kind: 'drop', traffic: 1 })).toBe(-1);
    expect(s[findStep(run.trace, { text: 'FLOOD COPY' })].port).toBe('p3');
    expect(findStep(run.trace, { node: 'br0', port: 'p3', layer: 'L2' })).toBeGreaterThan(learn);
    expect(findStep(run.trace, { node: 'nobody' })).toBe(-1);
    expect(queryProblems({ nth: 0 })).toEqual(['"nth" must be a whole number from 1']);
  });

  it('reads the truth of node, port, kind, detail and state answers', () => {
    const i = findStep(run.trace, { node: 'br0', kind: 'decide' });
    expect(truthOf(run.trace, run.state, i, 'node')).toBe('br0');
    expect(truthOf(run.trace, run.state, i, 'port')).toBe('p1');
    expect(truthOf(run.trace, run.state, i, 'kind')).toBe('decide');
    expect(truthOf(run.trace, run.state, i, 'detail.fdb.port')).toBe('p1');
    expect(truthOf(run.trace, run.state, i, 'detail.fdb.vid')).toBe('0');
    // State after the step: learned at this very step, absent just before it.
    expect(truthOf(run.trace, run.state, i, 'state:br0/fdb/02:00:00:00:00:01@0')).toBe('p1');
    expect(truthOf(run.trace, run.state, i - 1, 'state:br0/fdb/02:00:00:00:00:01@0')).toBeUndefined();
    // end: reads the run's last state whatever step asks: learned later, known at the end.
    expect(truthOf(run.trace, run.state, i - 1, 'end:br0/fdb/02:00:00:00:00:01@0')).toBe('p1');
  });

  it('resolves a lesson, gates before unanswered checkpoints, and tracks the current section', () => {
    const l = parseLessonMarkdown(MD);
    const cps = parseCheckpoints({
      checkpoints: [
        {
          id: 'drop',
          at: { kind: 'drop' },
          question: 'q',
          choices: ['h2', 'h3'],
          answer: 'node',
          expected: 'h3',
          explain: 'e',
        },
        {
          id: 'learn',
          at: { node: 'br0', kind: 'decide' },
          question: 'q',
          choices: ['p1', 'p2'],
          answer: 'port',
          expected: 'p2',
          explain: 'e',
        },
      ],
    });
    const r = resolveLesson(run.trace, run.state, l.sections, cps.checkpoints);
    const learn = findStep(run.trace, { node: 'br0', kind: 'decide' });
    const drop = findStep(run.trace, { kind: 'drop' });
    expect(r.checkpoints.map((c) => [c.id, c.stepIndex, c.truth])).toEqual([
      ['learn', learn, 'p1'],
      ['drop', drop, 'h3'],
    ]);
    expect(r.problems).toEqual([
      `checkpoint "learn": the author expects "p2" but the trace says "p1" (step ${learn + 1}: ${run.trace.steps[learn].decision})`,
    ]);
    const none = () => false;
    expect(gateFor(r.checkpoints, none, -1)).toBe(learn - 1);
    expect(gateFor(r.checkpoints, (id) => id === 'learn', learn - 1)).toBe(drop - 1);
    expect(gateFor(r.checkpoints, () => true, -1)).toBe(Infinity);
    expect(currentSection(r.sections, -1)).toBe(0);
    expect(currentSection(r.sections, learn)).toBe(1);
    expect(currentSection(r.sections, run.trace.steps.length - 1)).toBe(2);
  });
});
