// ECP-2012 receive state machine (IEEE 802.1Qbg-2012 clause 43.3; lldpad qbg/ecp22.c
// ecp22_rx_run_sm). Every accepted request is ACKed with its sequence number echoed; the
// payload goes up to VDP only when seq != lastSeq, so a duplicate is re-ACKed but not
// delivered twice. The first request after init is always new. Fact sheet §2.4.
import { assign, setup } from 'xstate';
import { effect, instrument } from './kit';

export interface Ecp22RxContext {
  seq: number;
  lastSeq: number;
  payload?: Uint8Array;
}

export type Ecp22RxEvent = { type: 'ECPDU'; seq: number; payload: Uint8Array } | { type: 'PORT_DISABLED' };

export const ecp22RxMachine = instrument(
  setup({
    types: { context: {} as Ecp22RxContext, events: {} as Ecp22RxEvent },
    actions: {
      took: effect,
      /** Hand the payload to the upper-layer protocol (VDP). */
      deliver: effect,
      /** Send the ECP ACK echoing the sequence number. */
      sendAck: effect,
      take: assign(({ event }) => (event.type === 'ECPDU' ? { seq: event.seq, payload: event.payload } : {})),
    },
    guards: { duplicate: ({ context }) => context.seq === context.lastSeq },
  }).createMachine({
    id: 'ecp22Rx',
    description: 'ECP-2012 receive (lldpad ecp22.c)',
    context: { seq: 0, lastSeq: 0 },
    initial: 'BEGIN',
    on: { PORT_DISABLED: { target: '.BEGIN' } },
    states: {
      BEGIN: { always: { target: 'WAIT' } },
      WAIT: { description: 'no ECPDU received since init', on: { ECPDU: { target: 'FIRST', actions: 'take' } } },
      FIRST: {
        description: 'lastSeq := seq - 1, so the first ECPDU is always new',
        entry: assign({ lastSeq: ({ context }) => (context.seq - 1) & 0xffff }),
        always: { target: 'REC_ECPDU' },
      },
      REC_ECPDU: {
        description: 'compare seqno with lastSeq',
        always: [{ guard: 'duplicate', target: 'SEND_ACK' }, { target: 'NEW_ECPDU' }],
      },
      NEW_ECPDU: {
        description: 'lastSeq := seqno; deliver the payload to VDP',
        entry: [
          assign({ lastSeq: ({ context }) => context.seq }),
          {
            type: 'deliver',
            params: ({ context }: { context: Ecp22RxContext }) => ({ seq: context.seq, payload: context.payload }),
          },
        ],
        always: { target: 'SEND_ACK' },
      },
      SEND_ACK: {
        description: 'send the ACK with the received sequence number',
        entry: { type: 'sendAck', params: ({ context }: { context: Ecp22RxContext }) => ({ seq: context.seq }) },
        always: { target: 'WAIT2' },
      },
      WAIT2: { description: 'wait for the next ECPDU', on: { ECPDU: { target: 'REC_ECPDU', actions: 'take' } } },
    },
  }),
);
