// ECP 0.2 receive state machine (lldpad qbg/ecp.c ecp_rx_run_sm, ecp_rx_ReceiveFrame;
// fact sheet §2.5). RECEIVE_ECPDU always goes to RESEND_ACK in lldpad (both branches), so
// SEND_ACK is never reached and is left out. RESEND_ACK hands the VSI TLVs to VDP
// (vdp_indicate) and sends the ACK. behaviour "lldpad" keeps the lldpad quirk: a frame
// byte-identical to the previous one is counted and dropped without an ACK.
import { assign, setup } from 'xstate';
import { effect, instrument } from './kit';
import type { Behaviour } from './ecp22-tx.machine';

export interface Ecp02RxContext {
  behaviour: Behaviour;
  /** Hex of the last frame taken, for lldpad's duplicate check. */
  last: string;
  seq: number;
}

export type Ecp02RxEvent =
  { type: 'FRAME'; seq: number; hex: string } | { type: 'PORT_ENABLED' } | { type: 'PORT_DISABLED' };

export const ecp02RxMachine = instrument(
  setup({
    types: { context: {} as Ecp02RxContext, events: {} as Ecp02RxEvent, input: {} as { behaviour: Behaviour } },
    actions: { took: effect, deliver: effect, sendAck: effect, droppedDuplicate: effect },
    guards: {
      identical: ({ context, event }) =>
        context.behaviour === 'lldpad' && event.type === 'FRAME' && event.hex === context.last,
    },
  }).createMachine({
    id: 'ecp02Rx',
    description: 'ECP 0.2 receive (lldpad ecp.c)',
    context: ({ input }) => ({ behaviour: input.behaviour, last: '', seq: 0 }),
    initial: 'IDLE',
    on: { PORT_DISABLED: { target: '.IDLE' } },
    states: {
      IDLE: { description: 'port not enabled', on: { PORT_ENABLED: { target: 'INIT_RECEIVE' } } },
      INIT_RECEIVE: { description: 'receive enabled', always: { target: 'RECEIVE_WAIT' } },
      RECEIVE_WAIT: {
        description: 'wait for a frame',
        on: {
          FRAME: [
            {
              guard: 'identical',
              actions: {
                type: 'droppedDuplicate',
                params: ({ event }: { event: Ecp02RxEvent }) => ({ seq: event.type === 'FRAME' ? event.seq : 0 }),
              },
            },
            {
              target: 'RECEIVE_ECPDU',
              actions: assign(({ event }) => (event.type === 'FRAME' ? { last: event.hex, seq: event.seq } : {})),
            },
          ],
        },
      },
      RECEIVE_ECPDU: { description: 'check subtype, OUI, mode', always: { target: 'RESEND_ACK' } },
      RESEND_ACK: {
        description: 'hand the TLVs to VDP, then send the ACK',
        entry: [
          { type: 'deliver', params: ({ context }: { context: Ecp02RxContext }) => ({ seq: context.seq }) },
          { type: 'sendAck', params: ({ context }: { context: Ecp02RxContext }) => ({ seq: context.seq }) },
        ],
        always: { target: 'RECEIVE_WAIT' },
      },
    },
  }),
);
