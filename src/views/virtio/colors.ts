// One palette for the virtio views: who wrote a field, and what a cache line's state is.
import type { LineState } from './geometry/ring-memory';

export const WRITER_COLOR = { driver: '#dbeafe', device: '#ffedd5', both: '#e9d5ff' } as const;
export const LINE_COLOR: Record<LineState, string> = {
  invalid: '#e5e7eb',
  clean: '#bbf7d0',
  dirty: '#fde68a',
  stale: '#fca5a5',
};
export const SIDE_COLOR = { host: '#2563eb', agent: '#ea580c' } as const;
