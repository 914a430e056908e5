// ECP-2012 transmit state machine (IEEE 802.1Qbg-2012 clause 43.3; lldpad qbg/ecp22.c
// ecp22_tx_run_sm, ecp22_tx_move_state). Stop-and-wait: one ECPDU outstanding, the rest
// queued in a FIFO; a retransmission re-sends the identical frame with the same sequence
// number; after 1 + maxRetries sends the PDU is dropped and txErrors goes up (VDP is not
// told: its own respWaitDelay catches the loss). Fact sheet §2.2, §2.3.
//
// behaviour "standard": a matching ACK moves on at once. "lldpad" (lldpad quirk §2.3): the
// ACK only sets ack_received; the move waits for the next ackTimer expiry.
import { assign, setup } from 'xstate';
import { nextSeq } from '../codec/ecp22';
import { effect, instrument } from './kit';

export type Behaviour = 'standard' | 'lldpad';

export interface Ecp22TxContext {
  behaviour: Behaviour;
  maxRetries: number;
  ackTimerNs: number;
  seq: number;
  retries: number;
  errors: number;
  ackReceived: boolean;
  queue: Uint8Array[];
  current?: Uint8Array;
}

export type Ecp22TxEvent =
  | { type: 'DATA'; payload: Uint8Array }
  | { type: 'ACK'; seq: number }
  | { type: 'PORT_DISABLED' }
  | { type: 'EVB'; maxRetries: number; ackTimerNs: number };

export interface Ecp22TxInput {
  behaviour: Behaviour;
  maxRetries: number;
  ackTimerNs: number;
}

export const ecp22TxMachine = instrument(
  setup({
    types: { context: {} as Ecp22TxContext, events: {} as Ecp22TxEvent, input: {} as Ecp22TxInput },
    actions: {
      took: effect,
      /** Put the current ECPDU on the wire (the engine builds the frame). */
      transmit: effect,
      /** countErrors: the PDU was given up after 1 + maxRetries sends. */
      txError: effect,
    },
    guards: {
      hasData: ({ context }) => context.queue.length > 0,
      retriesExceeded: ({ context }) => context.retries > context.maxRetries,
      ackMatchesStandard: ({ context, event }) =>
        event.type === 'ACK' && event.seq === context.seq && context.behaviour === 'standard',
      ackMatchesLldpad: ({ context, event }) =>
        event.type === 'ACK' && event.seq === context.seq && context.behaviour === 'lldpad',
      ackReceived: ({ context }) => context.ackReceived,
    },
    delays: { ackTimer: ({ context }) => context.ackTimerNs },
  }).createMachine({
    id: 'ecp22Tx',
    description: 'ECP-2012 transmit (lldpad ecp22.c)',
    context: ({ input }) => ({ ...input, seq: 0, retries: 0, errors: 0, ackReceived: false, queue: [] }),
    initial: 'BEGIN',
    on: {
      DATA: {
        actions: assign({
          queue: ({ context, event }) => [...context.queue, (event as { payload: Uint8Array }).payload],
        }),
      },
      PORT_DISABLED: { target: '.BEGIN', actions: assign({ queue: [], current: undefined }) },
      // ecp22_data_from_evb: evb22 hands over the negotiated R and RTE; they count from the
      // next retry check and the next ackTimer armed (a running timer keeps its deadline).
      EVB: {
        actions: assign(({ event }) => {
          const e = event as { maxRetries: number; ackTimerNs: number };
          return { maxRetries: e.maxRetries, ackTimerNs: e.ackTimerNs };
        }),
      },
    },
    states: {
      BEGIN: { always: { target: 'INIT' } },
      INIT: {
        description: 'initTransmit: errors := 0, seqno := 0',
        entry: assign({ errors: 0, seq: 0 }),
        always: { target: 'WAIT_FORREQ' },
      },
      WAIT_FORREQ: {
        description: 'retries := 0, ack_received := false, next sequence number',
        entry: assign({
          retries: 0,
          ackReceived: false,
          current: undefined,
          seq: ({ context }) => nextSeq(context.seq),
        }),
        always: { target: 'WAIT_ONDATA' },
      },
      WAIT_ONDATA: {
        description: 'wait for a VDP payload in the queue',
        always: { guard: 'hasData', target: 'TXMIT_ECPDU' },
        on: {
          DATA: {
            target: 'TXMIT_ECPDU',
            actions: assign({
              queue: ({ context, event }) => [...context.queue, (event as { payload: Uint8Array }).payload],
            }),
          },
        },
      },
      TXMIT_ECPDU: {
        description: 'transmitECPDU: ++retries, send, start ackTimer',
        entry: [
          assign(({ context }) =>
            context.current
              ? { retries: context.retries + 1 }
              : { current: context.queue[0], queue: context.queue.slice(1), retries: context.retries + 1 },
          ),
          {
            type: 'transmit',
            params: ({ context }: { context: Ecp22TxContext }) => ({
              seq: context.seq,
              payload: context.current,
              retries: context.retries,
            }),
          },
        ],
        always: { guard: 'retriesExceeded', target: 'ERROR' },
        on: {
          ACK: [
            { guard: 'ackMatchesStandard', target: 'WAIT_FORREQ' },
            { guard: 'ackMatchesLldpad', actions: assign({ ackReceived: true }) },
          ],
        },
        after: {
          ackTimer: [
            { guard: 'ackReceived', target: 'WAIT_FORREQ' },
            { target: 'TXMIT_ECPDU', reenter: true },
          ],
        },
      },
      ERROR: {
        description: 'countErrors: ++txErrors, drop the PDU',
        entry: [
          assign({ errors: ({ context }) => context.errors + 1 }),
          {
            type: 'txError',
            params: ({ context }: { context: Ecp22TxContext }) => ({ seq: context.seq, errors: context.errors }),
          },
        ],
        always: { target: 'WAIT_FORREQ' },
      },
    },
  }),
);
