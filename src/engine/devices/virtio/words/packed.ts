// Step sentences for packed-layout.ts, packed-driver.ts, packed-device.ts and packed-callbacks.ts.
const EVENT = ['ENABLE', 'DISABLE', 'DESC', 'reserved (3)'];
const ev = (flags: number): string => EVENT[flags] ?? `unknown (${flags})`;
const ow = (v: number): string => `0x${v.toString(16).padStart(4, '0')} (offset ${v & 0x7fff}, wrap ${v >> 15})`;

export const packedQueueSize = (num: number): string =>
  `packed queue size ${num} must be an integer from 1 to 32768 (spec: up to 2^15 entries)`;
export const packedRingAlign = (base: number): string =>
  `packed descriptor ring at ${base} is not 16-byte aligned (spec "Structure Size and Alignment")`;

export const packedDescWritten = (
  ring: boolean,
  i: number,
  addr: string,
  len: number,
  id: number,
  flags: string,
  head: boolean,
  at: string,
): string =>
  `${ring ? 'desc' : 'indirect'}[${i}] = {addr ${addr}, len ${len}, id ${id}` +
  (head
    ? `} written at ${at}; its flags (${flags}) wait: the head is made available last.`
    : `, flags ${flags}} written at ${at}.`) +
  (ring ? '' : ' In an indirect table only WRITE counts and the id is reserved.');

export const packedNoWmb = (held: number): string =>
  `BROKEN: no virtio_wmb() before the head's flags; ${held} store${held === 1 ? '' : 's'} of the chain still sit in the ` +
  `write buffer, so the device may see the head available before the rest of the buffer.`;

export const packedWmbBeforeHead = (head: number): string =>
  `virtio_wmb(): every descriptor of the buffer is in memory before desc[${head}].flags makes it available ` +
  `("the first descriptor in the list made available last").`;

export const packedHeadFlags = (
  q: string,
  head: number,
  flags: string,
  wrap: number,
  id: number,
  n: number,
  next: number,
  nextWrap: number,
  numFree: number,
): string =>
  `${q}: desc[${head}].flags = ${flags}: AVAIL = ${wrap} (the driver's wrap counter) and USED = ${1 - wrap}, ` +
  `so the buffer (id ${id}, ${n} descriptor${n === 1 ? '' : 's'}) is available. No index is written: ` +
  `next_avail_idx ${next}, avail_wrap_counter ${nextWrap}, num_free ${numFree}.`;

export const packedKickPrepare = (
  q: string,
  flags: number,
  offWrap: number,
  wrap: number,
  old: number,
  nw: number,
  event: number | undefined,
  needs: boolean,
): string =>
  `${q} kick_prepare: the device area says flags ${ev(flags)}` +
  (event === undefined
    ? `: ${needs ? 'notify' : 'no notify'}.`
    : `, off_wrap ${ow(offWrap)}; event index ${event}${offWrap >> 15 !== wrap ? ` (other lap: offset - num)` : ''}; ` +
      `vring_need_event(${event}, new ${nw}, old ${old}) = ${needs}: ${needs ? 'notify' : 'no notify'}.`);

export const packedInterruptProbe = (q: string, i: number, flags: string, wrap: number, more: boolean): string =>
  `vring_interrupt(${q}): desc[${i}].flags = ${flags}, used_wrap_counter ${wrap}: ` +
  (more
    ? `AVAIL and USED both equal ${wrap}, a used descriptor: run the callback.`
    : `not used in this lap: "virtqueue interrupt with no work" (IRQ_NONE for this queue).`);

export const packedNotUsed = (q: string, i: number, flags: string, wrap: number): string =>
  `${q}: desc[${i}].flags = ${flags} is not used for used_wrap_counter ${wrap} (AVAIL and USED must both be ${wrap}): ` +
  `no used buffer.`;

export const packedBadId = (q: string, slot: number, id: number, num: number): string =>
  `${q}: the used descriptor at ${slot} names id ${id}, which is ${id >= num ? `out of range (num ${num})` : 'not a buffer in flight'}: ` +
  `BAD_RING, the queue is broken.`;

export const packedGetBuf = (
  q: string,
  slot: number,
  flags: string,
  wrap: number,
  id: number,
  len: number,
  n: number,
  last: number,
  nextWrap: number,
  numFree: number,
): string =>
  `${q}: desc[${slot}] is used (flags ${flags}, both bits = used_wrap_counter ${wrap}): id ${id}, len ${len}. ` +
  `detach_buf_packed frees its ${n} id${n === 1 ? '' : 's'}; last_used_idx skips ${n} slot${n === 1 ? '' : 's'} to ${last}` +
  `${nextWrap !== wrap ? `, passing the end: used_wrap_counter flips to ${nextWrap}` : ''}; num_free ${numFree}.`;

export const packedGetBufOffWrap = (last: number, wrap: number, v: number): string =>
  `Callbacks are on with EVENT_IDX (event_flags_shadow DESC): driver_event.off_wrap = ${ow(v)}, ` +
  `"interrupt me when desc[${last}] is used in lap ${wrap}".`;

export const packedPeek = (i: number, flags: string, wrap: number, more: boolean): string =>
  `desc[${i}].flags = ${flags}, last_avail_wrap_counter ${wrap}: ${more ? 'available' : 'not available'}`;

export const packedDeviceHead = (q: string, i: number, flags: string, wrap: number, more: boolean): string =>
  `${q}: desc[${i}].flags = ${flags}; available means AVAIL = ${wrap} (the device's wrap counter) and USED = ` +
  `${1 - wrap}: ${more ? 'a new buffer starts here.' : 'nothing new (the ring is empty for the device).'}`;

export const packedDeviceReads = (q: string, i: number, addr: string, len: number, id: number, flags: string): string =>
  `${q}: device reads desc[${i}] = {addr ${addr}, len ${len}, id ${id}, flags ${flags}}.`;

export const packedIndirectReads = (q: string, k: number, addr: string, len: number, flags: string): string =>
  `${q}: device reads indirect[${k}] = {addr ${addr}, len ${len}, flags ${flags}}.`;

export const packedUsedWritten = (
  q: string,
  slot: number,
  id: number,
  len: number,
  flags: string,
  wrap: number,
  last: boolean,
): string =>
  `${q}: used descriptor at desc[${slot}] = {id ${id}, len ${len}, flags ${flags}} (AVAIL = USED = ${wrap}, the ` +
  `device's wrap counter${len > 0 ? '; WRITE: the device wrote into the buffer' : '; WRITE clear: nothing written, len ignored'}). ` +
  `No used index exists: the flags are the publication` +
  (last ? `, and this first one is written after smp_wmb so the driver never sees the batch in part.` : '.');

export const packedNeedNotify = (
  q: string,
  flags: number,
  offWrap: number,
  wrap: number,
  old: number,
  nw: number,
  valid: boolean,
  event: number | undefined,
  notify: boolean,
): string =>
  `${q} should_notify: the driver area says flags ${ev(flags)}` +
  (event === undefined
    ? `: ${notify ? 'interrupt' : 'no interrupt'}.`
    : `, off_wrap ${ow(offWrap)}; event index ${event}${offWrap >> 15 !== wrap ? ' (other lap: offset - num)' : ''}; ` +
      (valid
        ? `vring_need_event(${event}, new ${nw}, old ${old}) = ${notify}: ${notify ? 'interrupt' : 'no interrupt'}.`
        : `signalled_used not valid yet: interrupt.`));

export const packedEnableOffWrap = (q: string, i: number, wrap: number, v: number): string =>
  `${q}: device_event.off_wrap = ${ow(v)}: "notify me when desc[${i}] is made available in lap ${wrap}".`;

export const packedEnableFlags = (q: string, flags: number): string =>
  `${q}: device_event.flags = ${ev(flags)}: notifications ${flags === 2 ? 'for one descriptor' : 'on'}.`;

export const packedEnableRecheck = (q: string, seen: string, more: boolean): string =>
  `${q}: after enabling, the device looks again: ${seen}` +
  (more ? ': one slipped in, keep working.' : ': empty, wait for a notification.');

export const packedDisable = (q: string): string =>
  `${q}: device_event.flags = DISABLE while the device works: the driver need not notify.`;

export const packedDisableCb = (q: string): string =>
  `${q} disable_cb: driver_event.flags = DISABLE (the device need not interrupt while the driver polls).`;

export const packedEnableCbOffWrap = (q: string, i: number, wrap: number, v: number, delayed: string): string =>
  `${q} enable_cb${delayed ? '_delayed' : '_prepare'}: driver_event.off_wrap = ${ow(v)} (desc[${i}], lap ${wrap})` +
  `${delayed}, then virtio_wmb before the flags.`;

export const packedEnableCbFlags = (q: string, flags: number): string =>
  `${q}: driver_event.flags = ${ev(flags)}: callbacks on${flags === 2 ? ' at the descriptor in off_wrap' : ''}.`;

export const packedPoll = (q: string, i: number, wrap: number, flags: string, more: boolean): string =>
  `${q} virtqueue_poll: desc[${i}].flags = ${flags} against wrap ${wrap}: ` +
  (more ? 'used since callbacks were enabled, so poll again.' : 'nothing new, callbacks stay on.');
