import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SHARED_PAYLOAD, formatRoute, parseHash } from '../../src/app/routing/routes';

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
    expect(parseHash('#/challenge/qeth-01-isolate-a-tenant')).toEqual({
      page: 'challenge',
      challenge: 'qeth-01-isolate-a-tenant',
    });
    expect(parseHash('#/challenge/qeth-01-isolate-a-tenant/3').page).toBe('error');
    expect(parseHash('#/challenge/').page).toBe('error');
    expect(formatRoute({ page: 'challenge', challenge: 'a-b' })).toBe('#/challenge/a-b');
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

  it('reads a shared scenario link, up to its own length limit', () => {
    const payload = 'q1YqSy0qzszPU7JSMlTSUcpLzE0F8pRqAQ';
    expect(parseHash(`#/lab/macvlan/s/${payload}/4`)).toEqual({
      page: 'lab',
      lab: 'macvlan',
      shared: payload,
      step: 4,
    });
    expect(parseHash(`#/lab/macvlan/s/${payload}`)).toEqual({ page: 'lab', lab: 'macvlan', shared: payload, step: 0 });
    const long = 'A'.repeat(MAX_SHARED_PAYLOAD);
    expect(parseHash(`#/lab/qeth/s/${long}/0`)).toMatchObject({ page: 'lab', shared: long });
    const cases: [string, RegExp][] = [
      [`#/lab/qeth/s/${long}A/0`, /16,001 characters of scenario; links hold at most 16,000/],
      [`#/lab/qeth/s/${long}${long}`, /links hold at most/],
      ['#/lab/qeth/s/abc%20d/1', /not base64url/],
      ['#/lab/qeth/s/', /not base64url/],
      ['#/lab/qeth/s', /cut short/],
      ['#/lab/<b>/s/AAAA/1', /not a lab name/],
      ['#/lab/qeth/s/AAAA/x', /not a step number/],
      ['#/lab/qeth/s/AAAA/1/2', /more parts/],
    ];
    for (const [h, re] of cases) {
      const r = parseHash(h);
      expect(r.page, h.slice(0, 40)).toBe('error');
      if (r.page === 'error') {
        expect(r.message, h.slice(0, 40)).toMatch(re);
        expect(r.hash.length).toBeLessThanOrEqual(401);
      }
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
    const shared = fc.tuple(
      fc.constantFrom('lab/macvlan/s/', '/lab/x/s/', 'lab/b/s/'),
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(shared, ([a, b, c]) => {
        const r = parseHash(`#${a}${b}/${c}`);
        if (r.page !== 'error') expect(parseHash(formatRoute(r))).toEqual(r);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });
});
