// The VDP lessons run copies of the lab's scenarios; keep them identical so the lab's
// scenario list and the lessons never drift apart. (test/lessons/lessons.test.ts checks
// every lesson's steps and checkpoints against the engine.)
import { describe, expect, it } from 'vitest';
import { loadJson } from './run';

const pairs = [
  ['vdp-01-associate-the-happy-path', 'associate'],
  ['vdp-02-when-frames-get-lost', 'frame-loss'],
  ['vdp-03-migrating-a-guest', 'migration'],
  ['vdp-04-port-profiles-lldpad-or-firmware', 'qbh-enic'],
  ['vdp-05-from-define-to-traffic', 'define-to-traffic'],
  ['vdp-06-who-speaks-vdp', 'who-speaks-vdp'],
  ['vdp-07-success-that-was-not', 'stale-poll'],
] as const;

describe('VDP lesson scenarios', () => {
  it.each(pairs)('%s runs src/scenarios/vdp/%s.json', (lesson, scenario) => {
    expect(loadJson(`lessons/${lesson}/scenario.json`)).toEqual(loadJson(`src/scenarios/vdp/${scenario}.json`));
  });
});
