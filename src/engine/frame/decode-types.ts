// The decoded view of a frame the inspector draws: layers of fields, every field with
// the byte range it came from, so a decision's `reads` can light the exact bytes.

export interface DecodedField {
  /** Stable path, e.g. `eth.dst`, `vlan[0].vid`, `ipv4.ttl` (listed in docs/frames.md). */
  path: string;
  /** Human name, e.g. "Destination", "VLAN id". */
  name: string;
  /** Value as a student reads it, e.g. "02:00:00:00:00:01 (unicast)". */
  display: string;
  /** The raw value when it is a number, an address string or a flag. */
  value?: number | string | boolean;
  /** Bytes [start, end) of the frame. */
  start: number;
  end: number;
  /** For fields narrower than their bytes: mask over the big-endian integer in [start, end). */
  bitMask?: number;
  children?: DecodedField[];
}

export interface DecodedLayer {
  /** `eth`, `vlan[0]`, `arp`, `ipv4`, `icmp`, `udp`, `ipv6`, `icmpv6`, `pad`, `data`, ... */
  id: string;
  /** "Ethernet II", "802.1Q C-tag", "ARP", ... */
  name: string;
  start: number;
  end: number;
  fields: DecodedField[];
  /** One line for the step log, e.g. "ARP who-has 10.0.0.2 tell 10.0.0.1". */
  summary?: string;
}

export interface DecodeError {
  layer: string;
  field: string;
  offset: number;
  message: string;
}

export interface DecodedFrame {
  layers: DecodedLayer[];
  /** Set when the frame is malformed; `layers` holds what decoded before the problem. */
  error?: DecodeError;
}

/** A dissector for the payload of one EtherType, starting at `offset`. Must not throw (a throw is caught and reported). */
export type Dissector = (bytes: Uint8Array, offset: number) => DecodedFrame;
