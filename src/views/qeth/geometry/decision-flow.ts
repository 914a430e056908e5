// The OSA's inbound decision as a small flow: ARP? -> registered? -> primary router? ->
// secondary router? -> drop. Each question node has a "yes" exit (the card answers ARP,
// or copies to one guest) and a "no" edge to the next question. Given the path a frame
// took (detail.demux.path from the engine), the view lights the nodes asked and the
// branch taken.

export type FlowId = 'arp' | 'registered' | 'primary' | 'secondary' | 'drop';

export interface FlowNode {
  readonly id: FlowId;
  readonly label: string;
  readonly yes: string;
  readonly x: number;
  readonly y: number;
}

export const FLOW: readonly FlowNode[] = [
  { id: 'arp', label: 'ARP?', yes: 'card answers', x: 60, y: 30 },
  { id: 'registered', label: 'registered?', yes: 'to its owner', x: 60, y: 80 },
  { id: 'primary', label: 'primary router?', yes: 'to primary', x: 60, y: 130 },
  { id: 'secondary', label: 'secondary router?', yes: 'to secondary', x: 60, y: 180 },
  { id: 'drop', label: 'drop', yes: 'discarded', x: 60, y: 230 },
];

export interface PathStep {
  readonly id: FlowId;
  readonly asked: boolean;
  readonly yes: boolean;
}

export type Lit = 'idle' | 'asked-no' | 'taken';

/** How each node is drawn for one frame's path; empty path (not an inbound unicast/ARP): all idle. */
export function lightFlow(path: readonly PathStep[] | undefined): Record<FlowId, Lit> {
  const out: Record<FlowId, Lit> = {
    arp: 'idle',
    registered: 'idle',
    primary: 'idle',
    secondary: 'idle',
    drop: 'idle',
  };
  for (const p of path ?? []) out[p.id] = p.yes ? 'taken' : p.asked ? 'asked-no' : 'idle';
  return out;
}
