// The CLI report is linear in the trace: a storm of 100,000 scripted frames used to take
// the report more than 100 s (each frame's summary scanned every step). The test asserts
// only the result; a quadratic report would run into the timeout. Its speed is measured by
// `npm run bench`, not here.
import { describe, expect, it } from 'vitest';
import { jsonReport, textReport } from '../../src/cli/report';
import { run, star } from '../helpers/run';

describe('CLI report on a long trace', () => {
  it('reports 100,000 repeated frames in seconds, every frame summarised', () => {
    const t = run(
      star(2, {
        traffic: [
          {
            at: 0,
            every: '1us',
            repeat: 100_000,
            node: 'h1',
            port: 'eth0',
            frame: { hex: '020000000002' + '020000000001' + '88b5' + '00'.repeat(46) },
          },
        ],
      }),
    );
    expect(t.fates.length).toBe(100_000);
    const text = textReport('storm.json', t, [], false);
    const json = jsonReport('storm.json', t, []);
    expect(
      json.frames.every(
        (f) => f.frame.startsWith('Ethernet') || f.frame.startsWith('UDP') || f.frame.includes('10.0.0.1'),
      ),
    ).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('frame ')).length).toBe(100_000);
  }, 120_000);
});
