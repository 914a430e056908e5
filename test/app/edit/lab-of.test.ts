import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { LAB_DEVICE_TYPES, labFit, nodeTypes, type LabId } from '../../../src/app/edit/lab-of';
import { deviceTypes } from '../../../src/engine/devices/registry';

describe('lab-of', () => {
  it('every bundled scenario fits the lab whose folder holds it', () => {
    for (const lab of readdirSync('src/scenarios') as LabId[]) {
      expect(Object.keys(LAB_DEVICE_TYPES)).toContain(lab);
      for (const file of readdirSync(`src/scenarios/${lab}`)) {
        const types = nodeTypes(JSON.parse(readFileSync(`src/scenarios/${lab}/${file}`, 'utf8')));
        expect(labFit(lab, types), `${lab}/${file}`).toEqual({ fits: true });
      }
    }
  });

  it('names only device types the engine has, and every one of them', () => {
    const named = new Set(Object.values(LAB_DEVICE_TYPES).flat());
    expect([...named].sort()).toEqual([...deviceTypes.keys()].sort());
  });

  it('sends a scenario to the most specific lab that shows all its devices', () => {
    expect(labFit('macvlan', ['host', 'qeth-osa', 'qeth-guest'])).toEqual({
      fits: false,
      foreign: ['qeth-osa', 'qeth-guest'],
      better: 'qeth',
    });
    expect(labFit('virtio', ['host', 'bridge'])).toMatchObject({ fits: false, better: 'bridge' });
    expect(labFit('macvlan', ['qeth-osa', 'virtio-stack'])).toEqual({
      fits: false,
      foreign: ['qeth-osa', 'virtio-stack'],
    });
    expect(labFit('bridge', ['no-such-type'])).toEqual({ fits: true });
    expect(nodeTypes({ nodes: [{ type: 'host' }, null, 3, { type: 7 }, { type: 'host' }] })).toEqual(['host']);
    expect(nodeTypes('nope')).toEqual([]);
  });
});
