// The settings every link has (load.ts readLinks): its delay, loss and jitter, as
// `tc qdisc ... netem delay/loss/duplicate` would set them on a real wire.
import type { SettingDecl } from '../../engine/devices/settings-decl';

export const linkSettings: readonly SettingDecl[] = [
  {
    at: 'latency',
    label: 'delay',
    kind: 'duration',
    min: 0,
    max: 1e9,
    default: 1000,
    source: 'netem delay',
  },
  { at: 'loss', label: 'loss', kind: 'number', min: 0, max: 1, default: 0, source: 'netem loss' },
  { at: 'duplicate', label: 'duplication', kind: 'number', min: 0, max: 1, default: 0, source: 'netem duplicate' },
  { at: 'jitter', label: 'jitter', kind: 'duration', min: 0, max: 1e9, default: 0, source: 'netem delay … jitter' },
];
