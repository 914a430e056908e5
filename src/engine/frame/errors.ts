// A parse error that says where the frame went wrong: which protocol layer, which field,
// and the byte offset in the whole frame, so the inspector can point at the bad bytes.

export class FrameParseError extends Error {
  constructor(
    /** Protocol layer, as a person names it: "Ethernet", "802.1Q", "IPv4", "UDP". */
    readonly layer: string,
    /** Field name as in the decoded field paths (e.g. "total length", "ihl"). */
    readonly field: string,
    /** Byte offset from the start of the frame where the problem is. */
    readonly offset: number,
    message: string,
  ) {
    super(message.startsWith(`${layer}:`) ? message : `${layer}: ${message}`);
    this.name = 'FrameParseError';
  }
}

/**
 * Throw a FrameParseError unless `count` bytes are left at `offset`. `field` is the
 * decoded field path that is cut short (`ipv4.header`, `icmp.id`); the offset is where it
 * starts, which equals the frame length when the frame ends exactly before it. `end`
 * bounds the bytes when a layer ends before the frame does (link padding after IP).
 */
export function need(
  bytes: Uint8Array,
  offset: number,
  count: number,
  layer: string,
  field: string,
  end = bytes.length,
): void {
  const left = end - offset;
  if (left < count) {
    const name = field.slice(field.lastIndexOf('.') + 1);
    const l = Math.max(left, 0);
    throw new FrameParseError(
      layer,
      field,
      Math.min(Math.max(offset, 0), end),
      `${name} needs ${count} byte${count === 1 ? '' : 's'} at offset ${offset} but only ${l} ${l === 1 ? 'is' : 'are'} left`,
    );
  }
}
