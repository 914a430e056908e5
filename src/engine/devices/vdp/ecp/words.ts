// What the VDP ecp code says in its steps: the student-facing sentences of this folder,
// kept apart from the code that fires them, as a tracepoint's TP_printk lives apart from the
// function that fires it. The mechanism files pass the facts; these functions only word them.
// Golden tests and lessons quote these sentences: change one only on purpose.
import type { Effect } from '../runner';
import type { Deferred } from '../../../sim/device';

// ecp02-endpoint.ts

export const vdpProfileLocalChange = (): string => `a VDP profile has a local change`;

export const ecpFrameWaitsForLldpad = (who: string): string =>
  `ECP 0.2 (${who}): lldpad sleeps in vdp_trigger, so this frame waits in the socket; it is handled ` +
  `when lldpad wakes, in arrival order.`;

export const ecpStartupChange = (): string =>
  `ecp_init's start-up change (ecp_tx_Initialize: lastSequence := 0, localChange := true)`;

export const ecpSendsEcpduSeq = (e: Effect, who: string, seq: number, idsLength: number): string =>
  `ECP 0.2 (${who}) sends ECPDU seq ${seq} with ${idsLength} VSI TLV(s)` +
  (Number(e.params.retries) > 0
    ? `: retry ${String(e.params.retries)}, with a NEW sequence number (lldpad sets localChange again)`
    : '') +
  `; ackTimer 500 ms.`;

export const ecpGivesUpAfter = (who: string): string =>
  `ECP 0.2 (${who}) gives up after 3 transmissions; the VDP ackTimer (3 s) will decide.`;

export const malformedEcpFrame = (message: string): string => `Malformed ECP 0.2 frame: ${message}`;

export const ecpFrameSentC2 = (): string => `ECP 0.2 frame not sent to 01-80-C2-00-00-0E: lldpad drops it.`;

export const ecpAckSeqProfiles = (who: string, seq: number): string =>
  `ECP 0.2 (${who}): ACK seq ${seq}; the profiles sent with it are marked transmitted.`;

export const ecpAckSeqMatches = (who: string, seq: number): string =>
  `ECP 0.2 (${who}): ACK seq ${seq} matches nothing sent.`;

export const ecpByteIdenticalPrevious = (who: string): string =>
  `ECP 0.2 (${who}): byte-identical to the previous frame: counted and dropped WITHOUT an ACK ` + `(lldpad quirk).`;

export const ecpACKsSeqFrame = (who: string, seq: number): string =>
  `ECP 0.2 (${who}) ACKs seq ${seq}: the frame copied, mode 1, payload zeroed.`;

export const ecpRequestSeqTaken = (who: string, seq: number): string =>
  `ECP 0.2 (${who}): request seq ${seq} taken; its VSI TLVs went to VDP.`;

// ecp22-endpoint.ts

export const vdpQueuedOctetPayload = (payloadLength: number, why: string): string =>
  `VDP queued a ${payloadLength}-octet payload (${why})`;

export const retransmissionSameSequenceNumber = (tries: number, maxRetries: number): string =>
  `retransmission ${tries} of ${maxRetries}, same sequence number`;

export const ecpSendsEcpduSeq2 = (who: string, seq: number, again: string, ackTimerNs: string): string =>
  `ECP (${who}) sends ECPDU seq ${seq}: ${again}; ackTimer ${ackTimerNs} starts.`;

export const ecpGivesUpSeq = (who: string, seq: string, maxRetries: number, errors: number): string =>
  `ECP (${who}) gives up on seq ${seq} after ${maxRetries} transmissions with no ACK; txErrors = ` +
  `${errors}. VDP is not told: its own respWaitDelay will notice.`;

export const malformedEcpFrame2 = (message: string): string => `Malformed ECP frame: ${message}`;

export const ecpVersionSubtypeVersion = (version: number, subtype: number): string =>
  `ECP version ${version}, subtype ${subtype}: only version 1 with subtype 1 (VDP) or 2 (PECSP) is ` +
  `accepted; dropped without an ACK.`;

export const ackReceivedSetLldpad = (): string =>
  `ack_received is set; lldpad moves on only when the ackTimer next expires (lldpad quirk)`;

export const pduDoneNextMay = (): string => `the PDU is done; the next one may go`;

export const ecpAckSeqMatches2 = (who: string, seq: number, how: string): string =>
  `ECP (${who}): ACK seq ${seq} matches the outstanding ECPDU: ${how}.`;

export const ecpAckSeqIgnored = (outstanding: number | undefined, who: string, seq: number): string =>
  `ECP (${who}): ACK seq ${seq} ignored: ` +
  (outstanding === undefined ? 'no ECPDU is outstanding' : `the outstanding ECPDU is seq ${outstanding}`) +
  `.`;

export const ecpACKsSeqOctets = (who: string, seq: string): string =>
  `ECP (${who}) ACKs seq ${seq} (18 octets, echoed sequence number).`;

export const ecpSeqEqualsLastSeq = (who: string, seq: number): string =>
  `ECP (${who}): seq ${seq} equals lastSeq: a duplicate, re-ACKed but not handed to VDP again.`;

export const pecspSubtypeEcpduACKed = (): string =>
  `PECSP (subtype 2) ECPDU: ACKed but not delivered; this lab runs no 802.1BR port extender.`;

// vdp22-input.ts

export const vdpPayloadEcpSeq = (seq: number, seq2: number): string =>
  `VDP payload of ECP seq ${seq} overwritten before VDP read it: lldpad keeps one input buffer per ` +
  `interface, and seq ${seq2} arrived within the 2 ms hand-off.`;

export const ecpHandsSeqVdp = (who: string, seq: number, payloadLength: number): string =>
  `ECP at ${who} hands seq ${seq}'s VDP payload (${payloadLength} octets) to VDP: lldpad copies it ` +
  `into the interface's input buffer and parses it after a 2 ms event-loop timeout, so the ECP ACK ` +
  `leaves first.`;

export const secondVdp22Ecp22inTimeout = (seq: number, decision: string | Deferred<any>): string =>
  `A second vdp22_ecp22in timeout parses the same input buffer (seq ${seq}) again: ${decision}`;
