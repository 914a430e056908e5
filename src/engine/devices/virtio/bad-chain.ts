// A TX chain too short to hold the sender's virtio_net_hdr, and what a device does with it.
// The spec leaves it to the device; three real answers, chosen per scenario (`badTxChain`):
//   complete-zero  give the buffer back at once with used.len 0 and count it: no DMA, no
//                  receive buffer taken on the other side. The ring keeps going.
//   broken         QEMU hw/net/virtio-net.c virtio_net_flush_tx: "virtio-net header
//                  incorrect" (or "not in first element" with no readable piece) goes to
//                  virtio_error(), which sets vdev->broken (and NEEDS_RESET, with VERSION_1
//                  only), and the element is detached without a used entry. A broken device
//                  pops nothing from any queue (virtqueue_pop) until it is reset.
//   leak           Linux drivers/vhost/net.c handle_tx / get_tx_bufs: a writable piece is
//                  "Unexpected descriptor format for TX", and nothing left after the header
//                  is "Unexpected header len for TX" (init_iov_iter returns 0). vq_err()
//                  logs, the head is already consumed and is never returned to the driver,
//                  and the handler stops until the next kick.
// QEMU refuses fewer bytes than the header; vhost refuses a chain that is only the header.
import type { Chain } from './vringh';

export const BAD_TX_CHAIN_POLICIES = ['complete-zero', 'broken', 'leak'] as const;
export type BadTxChainPolicy = (typeof BAD_TX_CHAIN_POLICIES)[number];

/** The device's complaint about a TX chain under `policy`'s source, or undefined if it sends it. */
export function badTxChain(policy: BadTxChainPolicy, chain: Chain, hdrLen: number): string | undefined {
  const readable = chain.riov.reduce((s, x) => s + x.len, 0);
  if (policy === 'leak') {
    if (chain.wiov.length)
      return `Unexpected descriptor format for TX: out ${chain.riov.length}, in ${chain.wiov.length}`;
    if (readable <= hdrLen) return `Unexpected header len for TX: ${Math.min(readable, hdrLen)} expected ${hdrLen}`;
    return undefined;
  }
  if (chain.riov.length < 1) return 'virtio-net header not in first element';
  if (readable < hdrLen) return 'virtio-net header incorrect';
  return undefined;
}

export const BAD_CHAIN_SOURCE: Readonly<Record<BadTxChainPolicy, string>> = {
  'complete-zero': 'lab device policy badTxChain "complete-zero" (used.len 0, counted)',
  broken: 'QEMU virtio_net_flush_tx -> virtio_error (vdev->broken), virtqueue_detach_element',
  leak: 'vhost-net handle_tx / get_tx_bufs -> vq_err (head consumed, never used)',
};
