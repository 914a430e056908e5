import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatRoute, parseHash } from '../../src/app/routing/routes';

describe('hash routes', () => {
  it('reads every page', () => {
    expect(parseHash('')).toEqual({ page: 'home' });
    expect(parseHash('#/')).toEqual({ page: 'home' });
    expect(parseHash('#/lab/bridge')).toEqual({ page: 'lab', lab: 'bridge', step: 0 });
    expect(parseHash('#/lab/bridge/learning/7')).toEqual({ page: 'lab', lab: 'bridge', scenario: 'learning', step: 7 });
    expect(parseHash('#/lesson/bridge-01-learning/12')).toEqual({
      page: 'lesson',
      lesson: 'bridge-01-learning',
      step: 12,
    });
    expect(parseHash('#/lesson/bridge-01-learning')).toEqual({ page: 'lesson', lesson: 'bridge-01-learning', step: 0 });
    expect(parseHash('#/present/bridge-01-learning/3')).toEqual({
      page: 'present',
      lesson: 'bridge-01-learning',
      step: 3,
    });
    expect(parseHash('#/speaker/bridge-01-learning/3/')).toEqual({
      page: 'speaker',
      lesson: 'bridge-01-learning',
      step: 3,
    });
  });

  it('turns bad and hostile hashes into error routes with a reason', () => {
    const cases: [string, RegExp][] = [
      ['#/nope', /no page "nope"/],
      ['#/lesson/<img src=x onerror=alert(1)>/1', /not a lesson name/],
      ['#/lab/%E0%A4%A', /broken %-escapes/],
      ['#/lesson/a/-1', /not a step number/],
      ['#/lesson/a/1e9', /not a step number/],
      ['#/lesson/a/1/2', /more parts/],
      ['#/lab', /names no lab/],
      ['#/' + 'a'.repeat(500), /too long/],
      ['#/lab/bridge/../../etc/1', /not a scenario name|more parts/],
    ];
    for (const [h, re] of cases) {
      const r = parseHash(h);
      expect(r.page, h).toBe('error');
      if (r.page === 'error') expect(r.message, h).toMatch(re);
    }
  });

  it('never throws and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const r = parseHash('#' + s);
        if (r.page !== 'error') expect(parseHash(formatRoute(r))).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });
});
