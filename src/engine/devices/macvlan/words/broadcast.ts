// Step sentences for broadcast.ts (see ../words.ts).
import type { MacvlanDev } from '../types';
import type { FanoutEntry } from '../broadcast';

// broadcast.ts
export const queuedForWorker = (
  src: MacvlanDev | undefined,
  why: string,
  bcQueueLength: number,
  used: number,
): string =>
  `${why}, so a clone joins the port's broadcast queue for the worker (${bcQueueLength} of at most ` +
  `${used} = bc_queue_len_used), remembering src = ${src ? src.name : 'NULL'}.`;

export const broadcastQueueFull = (bcQueueLength: number, used: number, port: string, rx_dropped: number): string =>
  `The broadcast queue is full (${bcQueueLength} frames, bc_queue_len_used = ${used}): the clone ` +
  `for the macvlans is freed and ${port}'s rx_dropped becomes ${rx_dropped}. ${port}'s own stack ` +
  `still gets the frame.`;

export const frameComesExternalAddress = (): string => `the frame comes from an external address`;

export const senderVepaFloodEveryone = (src: string): string =>
  `the sender ${src} is VEPA: flood to everyone except the source`;

export const senderFloodVepaPorts = (src: string, mode: string): string =>
  `the sender ${src} is ${mode}: flood only to VEPA ports, bridge ports already saw the frame on ` + `the way out`;

export const broadcastWorkerRunsTakes = (listLength: number): string =>
  `The broadcast worker runs and takes all ${listLength} queued frame(s) at once ` + `(skb_queue_splice_tail_init).`;

export const macvlanEligibleQueuedCopy = (): string =>
  `No macvlan is eligible for this queued copy, so the worker frees it (consume_skb).`;

export const pauseFrameNeverReplicated = (): string => `An 802.3x PAUSE frame is never replicated to macvlans.`;

export const senderItselfOwnCopy = (): string => `the sender itself: its own copy is filtered (vlan->dev == src)`;

export const multicastFilterLacksJoined = (dst: string): string =>
  `its multicast filter lacks ${dst} (it has not joined the group)`;

export const downHashTableMacvlan = (v: string): string =>
  `${v} is down, so it is not in the hash table that macvlan_broadcast walks`;

/** How each fan-out announces itself. */
const TITLE = {
  worker: 'Fan-out by the broadcast worker',
  inline: 'Fan-out inline, without the queue',
  local: 'Local flood on transmit',
  old: 'Fan-out inline (2.6.33: no queue yet)',
} as const;

export const fanOut = (how: keyof typeof TITLE, maskWhy: string, fan: FanoutEntry[], names: string[]): string =>
  `${TITLE[how]}: ${maskWhy}. Walking the 256 buckets: ` +
  (fan.map((f) => `${f.name} ${f.eligible ? '✓' : '✗'}`).join(', ') || 'no macvlans') +
  `. Copies go to ${names.join(', ') || 'nobody'}.`;

export const localCopyBridgeDev = (
  local: boolean,
  v: MacvlanDev,
  kind: 'PACKET_BROADCAST' | 'PACKET_MULTICAST',
  len: number,
): string =>
  local
    ? `Local copy to ${v.name} (BRIDGE): __dev_forward_skb into ${v.name}, then netif_rx; it never touches the wire. ` +
      `${v.name} counts ${len + 14} rx bytes for this ${len}-byte frame: macvlan_broadcast counts skb->len + ETH_HLEN, ` +
      `and on the transmit path skb->len still includes the 14-byte Ethernet header, so it is counted twice.`
    : `Copy to ${v.name} (${v.mode.toUpperCase()}): skb->dev = ${v.name}, pkt_type ${kind}, netif_rx; ` +
      `${v.name} counts 1 rx packet, ${len} bytes, 1 multicast.`;
