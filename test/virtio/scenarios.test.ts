// Every scenario file of the lab loads, runs, and ends the way its description says.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ops, run } from './helpers';

const DIR = join(import.meta.dirname, '../../src/scenarios/virtio');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));

const BROKEN = [
  'virtio-lost-wakeup',
  'virtio-desc-before-index',
  'virtio-stale-used',
  'virtio-agent-stale-cache',
  'virtio-no-barrier',
  'virtio-false-sharing',
  'virtio-invalidate-only',
  'virtio-short-tx-chain',
];

describe('virtio scenario files', () => {
  it('are all there', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
  it.each(files)('%s runs; healthy ones deliver everything, broken ones lose something', (f) => {
    const { trace } = run(load(f));
    const id = f.replace(/\.json$/, '');
    const all = trace.fates.every((x) => x.delivered.length === 1 && x.inFlight === 0);
    // The scripted walk moves fill-pattern buffers, not frames.
    if (id === 'virtio-scripted-interleaving') {
      expect(ops(trace, 'vq-take')).toHaveLength(2);
      return expect(ops(trace, 'intx')).toHaveLength(2);
    }
    expect(trace.fates.length).toBeGreaterThan(0);
    expect(all).toBe(!BROKEN.includes(id));
  });
  it('the burst of 32 is kicked once with EVENT_IDX and delivered in order', () => {
    const { trace } = run(load('virtio-batch-burst.json'));
    const kicks = trace.steps.filter((s) => s.detail?.op === 'doorbell' && s.detail?.queue === 1);
    expect(kicks.length).toBeLessThanOrEqual(2);
    const seqs = trace.steps
      .filter((s) => s.node === 'agentstack' && s.kind === 'deliver')
      .map((s) => trace.frames[s.frame!][45]);
    expect(seqs).toEqual(Array.from({ length: 32 }, (_, i) => i));
  });
});
