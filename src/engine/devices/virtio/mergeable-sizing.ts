// How Linux sizes mergeable receive buffers (drivers/net/virtio_net.c, v5.15, no XDP so
// room = 0):
//   mergeable_min_buf_len: buf_len = hdr_len + ETH_HLEN + VLAN_HLEN + packet_len, where
//     packet_len = dev->max_mtu (MAX_MTU 65535 without VIRTIO_NET_F_MTU; big packets are off);
//     min = DIV_ROUND_UP(buf_len, ring size); result max(max(min, hdr_len) - hdr_len, GOOD_PACKET_LEN).
//     So a small ring must take big buffers for a whole 64 KiB packet to fit in one ring's worth.
//   get_mergeable_buf_len: hdr_len + clamp(EWMA of packet lengths, min_buf_len, PAGE_SIZE - hdr_len),
//     aligned up to L1_CACHE_BYTES.
//   receive_mergeable ends with ewma_pkt_len_add(head_skb->len); DECLARE_EWMA(pkt_len, 0, 64):
//     the first sample is taken as is, then internal = (internal * 63 + val) / 64 (integer).
// The page-frag "hole" that add_recvbuf_mergeable gives to the last buffer of a 32 KiB
// fragment is not modelled: every buffer of one refill has the same size.
const ETH_HLEN = 14;
const VLAN_HLEN = 4;
const GOOD_PACKET_LEN = ETH_HLEN + VLAN_HLEN + 1500;
const MAX_MTU = 65535;
const PAGE_SIZE = 4096;
const EWMA_WEIGHT_RCP = 6; // ilog2(64)

export interface BufLenChoice {
  readonly len: number;
  readonly ewma: number;
  readonly minBufLen: number;
}

export class MergeableSizing {
  private ewma = 0;
  readonly minBufLen: number;

  constructor(
    readonly hdrLen: number,
    ringSize: number,
    private readonly lineSize: number,
  ) {
    const bufLen = hdrLen + ETH_HLEN + VLAN_HLEN + MAX_MTU;
    const min = Math.ceil(bufLen / ringSize);
    this.minBufLen = Math.max(Math.max(min, hdrLen) - hdrLen, GOOD_PACKET_LEN);
  }

  /** get_mergeable_buf_len with room 0. */
  bufLen(): BufLenChoice {
    const clamped = Math.min(Math.max(this.ewma, this.minBufLen), PAGE_SIZE - this.hdrLen);
    const len = Math.ceil((this.hdrLen + clamped) / this.lineSize) * this.lineSize;
    return { len, ewma: this.ewma, minBufLen: this.minBufLen };
  }

  /** ewma_pkt_len_add. */
  add(pktLen: number): void {
    this.ewma = this.ewma ? ((this.ewma << EWMA_WEIGHT_RCP) - this.ewma + pktLen) >>> EWMA_WEIGHT_RCP : pktLen;
  }
}

/** The largest buffer get_mergeable_buf_len can return: PAGE_SIZE (hdr + PAGE_SIZE - hdr, aligned). */
export const MERGEABLE_MAX_BUF = PAGE_SIZE;
