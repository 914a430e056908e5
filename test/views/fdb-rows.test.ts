import { describe, expect, it } from 'vitest';
import { fdbRows } from '../../src/views/bridge/fdb-rows';

describe('fdbRows', () => {
  it('marks entries learned and moved, and keeps an aged-out one struck through', () => {
    const entries = { '02:00:00:00:00:01@0': 'p1', '02:00:00:00:00:02@10': 'p3' };
    const diff = new Map([
      ['02:00:00:00:00:01@0', { key: 'br0/fdb/02:00:00:00:00:01@0', before: undefined, after: 'p1' }],
      ['02:00:00:00:00:02@10', { key: 'br0/fdb/02:00:00:00:00:02@10', before: 'p2', after: 'p3' }],
      ['02:00:00:00:00:03@0', { key: 'br0/fdb/02:00:00:00:00:03@0', before: 'p2', after: undefined }],
    ]);
    expect(fdbRows(entries, diff)).toEqual([
      { key: '02:00:00:00:00:01@0', mac: '02:00:00:00:00:01', vid: '0', port: 'p1', change: 'added' },
      { key: '02:00:00:00:00:02@10', mac: '02:00:00:00:00:02', vid: '10', port: 'p3', change: 'changed', before: 'p2' },
      { key: '02:00:00:00:00:03@0', mac: '02:00:00:00:00:03', vid: '0', port: 'p2', change: 'removed', before: 'p2' },
    ]);
  });
  it('marks nothing when the cursor did not move', () => {
    expect(fdbRows({ 'a@0': 'p1' }, new Map())).toEqual([{ key: 'a@0', mac: 'a', vid: '0', port: 'p1' }]);
  });
});
