// ECP 0.2 transmit state machine (lldpad qbg/ecp.c ecp_tx_run_sm, ecp_set_tx_state;
// fact sheet §2.5). One ECPDU carries the TLVs of every profile whose VDP localChange is
// set (ecp_build_ECPDU). A retry sets localChange again, so it goes out with a NEW sequence
// number (unlike ECP-2012). Three transmissions in all (ECP_MAX_RETRIES), 500 ms apart; then
// it gives up and the VDP 3 s ackTimer decides.
// Every event is one run of ecp_tx_run_sm: LOCAL_CHANGE is ecp_localchange_handler (the
// 1 ms hop after ecp_somethingChangedLocal, or ecp_init's start-up change, which sends the
// empty start-up ECPDU with sequence number 1: ecp_tx_Initialize sets lastSequence := 0 and
// localChange, ecp_build_ECPDU increments before use); ACK is ecp_rx_ReceiveFrame on an ACK
// frame, which runs the machine at once; the ackTimer is ecp_ack_timeout_handler.
import { assign, setup } from 'xstate';
import { effect, instrument } from './kit';

export interface Ecp02TxContext {
  ackTimerNs: number;
  maxTries: number;
  seq: number;
  retries: number;
  localChange: boolean;
  enabletx: boolean;
}

export type Ecp02TxEvent =
  | { type: 'LOCAL_CHANGE' }
  /** pending: vdp_vsis_pending, profiles with localChange not yet carried by an ACKed ECPDU. */
  | { type: 'ACK'; seq: number; pending?: boolean }
  | { type: 'PORT_DISABLED' };

export const ecp02TxMachine = instrument(
  setup({
    types: {
      context: {} as Ecp02TxContext,
      events: {} as Ecp02TxEvent,
      input: {} as { ackTimerNs: number; maxTries: number },
    },
    actions: { took: effect, transmit: effect, gaveUp: effect },
    guards: {
      canSend: ({ context }) => context.enabletx && context.localChange,
      localChange: ({ context }) => context.localChange,
      ackMatches: ({ context, event }) => event.type === 'ACK' && event.seq === context.seq,
      mayRetry: ({ context }) => context.retries + 1 < context.maxTries,
    },
    delays: { ackTimer: ({ context }) => context.ackTimerNs },
  }).createMachine({
    id: 'ecp02Tx',
    description: 'ECP 0.2 transmit (lldpad ecp.c)',
    context: ({ input }) => ({ ...input, seq: 0, retries: 0, localChange: false, enabletx: false }),
    initial: 'INIT_TRANSMIT',
    on: {
      LOCAL_CHANGE: { actions: assign({ localChange: true, enabletx: true }) },
      PORT_DISABLED: { target: '.INIT_TRANSMIT' },
    },
    states: {
      INIT_TRANSMIT: {
        description: 'lastSequence := 0, retries := 0',
        entry: assign({ seq: 0, retries: 0 }),
        always: { guard: 'canSend', target: 'TRANSMIT_ECPDU' },
      },
      TRANSMIT_ECPDU: {
        description: 'lastSequence++; build from every pending profile; send; start ackTimer (500 ms)',
        entry: [
          assign(({ context }) => (context.localChange ? { seq: (context.seq + 1) & 0xffff || 1 } : {})),
          {
            type: 'transmit',
            params: ({ context }: { context: Ecp02TxContext }) => ({ seq: context.seq, retries: context.retries }),
          },
          assign({ localChange: false }),
        ],
        always: { target: 'WAIT_FOR_ACK' },
      },
      WAIT_FOR_ACK: {
        description: 'wait for the ACK of lastSequence',
        on: {
          // ecp_tx_run_sm WAIT_FOR_ACK: localChange := false, stop the ackTimer; then
          // ecp_set_tx_state: if VSIs are still pending, localChange := true, so REQUEST_PDU
          // sends them at once, in this run (no 1 ms hop).
          ACK: {
            guard: 'ackMatches',
            target: 'REQUEST_PDU',
            actions: assign(({ event }) => ({ localChange: event.type === 'ACK' && event.pending === true })),
          },
        },
        after: {
          ackTimer: [
            {
              guard: 'mayRetry',
              target: 'TRANSMIT_ECPDU',
              actions: assign(({ context }) => ({ retries: context.retries + 1, localChange: true })),
            },
            {
              target: 'REQUEST_PDU',
              actions: [
                assign(({ context }) => ({ retries: context.retries + 1 })),
                { type: 'gaveUp', params: ({ context }: { context: Ecp02TxContext }) => ({ seq: context.seq }) },
              ],
            },
          ],
        },
      },
      REQUEST_PDU: {
        description: 'retries := 0; send again when a profile changes',
        entry: assign({ retries: 0 }),
        always: { guard: 'localChange', target: 'TRANSMIT_ECPDU' },
      },
    },
  }),
);
