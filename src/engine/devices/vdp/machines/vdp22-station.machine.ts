// VDP-2012 station state machine, one per VSI (IEEE 802.1Qbg-2012 clause 41; lldpad
// qbg/vdp22sm.c vdp22st_move_state, vdp22st_run). State names are lldpad's VDP22_*
// abbreviations of the standard's figure. The "always" moves are the run-to-completion
// chain of lldpad's `do { action } while (move())` loop. Fact sheet §1.7 with corrections
// W6 (keep-alive answered KEEP+ASSOC -> TXMIT_DEASSOC) and W16 (resp_vsi_mode cleared).
import { assign, setup } from 'xstate';
import { STATUS, VDP22 } from '../codec/constants';
import { effect, instrument } from './kit';
import type { Behaviour } from './ecp22-tx.machine';

export interface Vdp22StationContext {
  behaviour: Behaviour;
  respWaitDelay: number;
  reinitKeepAlive: number;
  /** Requested mode (TLV type 1..4). */
  vsiMode: number;
  /** "Currently confirmed" mode; DEASSOC (4) until a response confirms one. */
  ccVsiMode: number;
  /** Mode of the last accepted response; 0 when cleared. */
  respVsiMode: number;
  /** get_error(): the received octet without R/ACK and reserved when the error bits are set, else 0; 255 = none yet. */
  status: number;
  /** Migration hints written in the request status octet (M 0x10, S 0x20); netlink never sets them. */
  hints: number;
  ackreceived: boolean;
  acktimeout: boolean;
  localchg: boolean;
  deassoc: boolean;
  respOk: boolean;
  txmitError: boolean;
  kato: boolean;
  busy: boolean;
  notify: boolean;
}

export type Vdp22StationEvent =
  | { type: 'CMD'; mode: number }
  | { type: 'RESPONSE'; mode: number; octet: number; respOk: boolean; notify: boolean }
  | { type: 'TXMIT_ERROR' };

export interface Vdp22StationInput {
  behaviour: Behaviour;
  respWaitDelay: number;
  reinitKeepAlive: number;
  mode: number;
  hints?: number;
}

const errBits = (s: number): number => s & STATUS.ERROR;
const badError = (s: number): boolean => errBits(s) !== 0 && (s & STATUS.KEEP) === 0;
const keepError = (s: number): boolean => errBits(s) !== 0 && (s & STATUS.KEEP) !== 0;

/** Payload for the engine: queue Manager-ID + VSI TLV at ECP (vdp22st_process). */
const sendTlv = (why: string) => ({
  type: 'sendTlv' as const,
  params: ({ context }: { context: Vdp22StationContext }) => ({ mode: context.vsiMode, hints: context.hints, why }),
});

export const vdp22StationMachine = instrument(
  setup({
    types: { context: {} as Vdp22StationContext, events: {} as Vdp22StationEvent, input: {} as Vdp22StationInput },
    actions: {
      took: effect,
      sendTlv: effect,
      /** Tell an attached vdptool/clif client (vdp22_sendevent). */
      clifEvent: effect,
      /** vdp22st_end: flag DELETE_ME, notify the requester over netlink when NOTIFY is set. */
      ended: effect,
      clearForSend: assign({
        ackreceived: false,
        acktimeout: false,
        respOk: false,
        localchg: false,
        txmitError: false,
      }),
    },
    guards: {
      txmitError: ({ context }) => context.txmitError,
      ackreceived: ({ context }) => context.ackreceived,
      notOkOrBadError: ({ context }) => !context.respOk || badError(context.status),
      keepErrorAssoc: ({ context }) => keepError(context.status) && context.respVsiMode === VDP22.ASSOC,
      keepErrorOther: ({ context }) => keepError(context.status) && context.respVsiMode !== VDP22.ASSOC,
      respPreassoc: ({ context }) =>
        context.respVsiMode === VDP22.PREASSOC || context.respVsiMode === VDP22.PREASSOC_RR,
      respDeassoc: ({ context }) => context.respVsiMode === VDP22.DEASSOC,
      localchg: ({ context }) => context.localchg,
      deassoc: ({ context }) => context.deassoc,
    },
    delays: {
      respWaitDelay: ({ context }) => context.respWaitDelay,
      reinitKeepAlive: ({ context }) => context.reinitKeepAlive,
    },
  }).createMachine({
    id: 'vdp22Station',
    description: 'VDP-2012 station, one per VSI (lldpad vdp22sm.c)',
    context: ({ input }) => ({
      behaviour: input.behaviour,
      respWaitDelay: input.respWaitDelay,
      reinitKeepAlive: input.reinitKeepAlive,
      vsiMode: input.mode,
      ccVsiMode: VDP22.DEASSOC,
      respVsiMode: 0,
      status: 255,
      hints: input.hints ?? 0,
      ackreceived: false,
      acktimeout: false,
      localchg: true,
      deassoc: false,
      respOk: false,
      txmitError: false,
      kato: false,
      busy: true,
      notify: false,
    }),
    initial: 'BEGIN',
    on: {
      // vdp22_modvsi: a new command (accepted by the device's checks) sets localchg.
      CMD: {
        actions: assign(({ event }) =>
          event.type === 'CMD' ? { vsiMode: event.mode, localchg: true, busy: true } : {},
        ),
      },
      // vdp22_bridge_info: any accepted bridge TLV for this VSI.
      RESPONSE: {
        actions: assign(({ event, context }) => {
          if (event.type !== 'RESPONSE') return {};
          const unsolicited = (event.octet & STATUS.ACK) === 0 && event.mode === VDP22.DEASSOC;
          return {
            ackreceived: true,
            acktimeout: false,
            deassoc: unsolicited,
            status: unsolicited ? 0 : errBits(event.octet) ? event.octet & 0x3f : 0,
            respOk: event.respOk,
            respVsiMode: event.respOk ? event.mode : context.respVsiMode,
            notify: context.notify || event.notify,
          };
        }),
      },
      TXMIT_ERROR: { actions: assign({ txmitError: true }) },
    },
    states: {
      BEGIN: { always: { target: 'INIT' } },
      INIT: {
        description: 'status := 255 (no response yet)',
        entry: assign({ status: 255 }),
        always: { target: 'STATION_PROC' },
      },
      STATION_PROC: {
        description: 'send Manager-ID + VSI TLV (type = vsi_mode) through ECP; start respWaitDelay',
        entry: [sendTlv('command'), 'clearForSend'],
        always: { target: 'STATION_PROCWAIT' },
      },
      STATION_PROCWAIT: {
        description: 'wait for the bridge response (respWaitDelay running)',
        always: [
          { guard: 'txmitError', target: 'END' },
          { guard: 'ackreceived', target: 'STATION_PROCWAIT_2' },
        ],
        after: { respWaitDelay: { target: 'END', actions: assign({ acktimeout: true }) } },
      },
      STATION_PROCWAIT_2: {
        description: 'judge the response: error, keep, mode',
        always: [
          { guard: 'notOkOrBadError', target: 'END' },
          { guard: 'keepErrorAssoc', target: 'ASSOC_COMPL' },
          { guard: 'keepErrorOther', target: 'END' },
          { guard: 'respPreassoc', target: 'PREASSOC_NEW' },
          { guard: 'respDeassoc', target: 'END' },
          { target: 'ASSOC_NEW' },
        ],
      },
      ASSOC_NEW: {
        description: 'cc_vsi_mode := resp_vsi_mode; clear BUSY',
        entry: [
          assign(({ context }) => ({ ccVsiMode: context.respVsiMode, respVsiMode: 0, busy: false })),
          { type: 'clifEvent', params: { what: 'associated' } },
        ],
        always: { target: 'ASSOC_COMPL' },
      },
      ASSOC_COMPL: {
        description: 'clear BUSY',
        entry: assign({ busy: false, respVsiMode: 0 }),
        always: { target: 'WAIT_SYSCMD' },
      },
      PREASSOC_NEW: {
        description: 'cc_vsi_mode := resp_vsi_mode; clear BUSY',
        entry: [
          assign(({ context }) => ({ ccVsiMode: context.respVsiMode, respVsiMode: 0, busy: false })),
          { type: 'clifEvent', params: { what: 'pre-associated' } },
        ],
        always: { target: 'WAIT_SYSCMD' },
      },
      WAIT_SYSCMD: {
        description: 'start reinitKeepAlive',
        entry: assign({ kato: false }),
        always: { target: 'WAIT_SYSCMD_2' },
      },
      WAIT_SYSCMD_2: {
        description: 'wait for a command, the keep-alive timer or a bridge de-associate',
        always: [
          { guard: 'localchg', target: 'STATION_PROC' },
          { guard: 'deassoc', target: 'END' },
        ],
        after: { reinitKeepAlive: { target: 'TXMIT_KA', actions: assign({ kato: true }) } },
      },
      TXMIT_KA: {
        description: 'keep-alive: re-send the identical TLV',
        entry: [sendTlv('keep-alive'), 'clearForSend'],
        always: { target: 'TXMIT_KAWAIT' },
      },
      TXMIT_KAWAIT: {
        description: 'wait for the keep-alive response (respWaitDelay)',
        always: [
          { guard: 'txmitError', target: 'END' },
          { guard: 'ackreceived', target: 'TXMIT_KAWAIT_2' },
        ],
        after: { respWaitDelay: { target: 'END', actions: assign({ acktimeout: true }) } },
      },
      TXMIT_KAWAIT_2: {
        description: 'judge the keep-alive response',
        always: [
          { guard: 'notOkOrBadError', target: 'END' },
          { guard: 'keepErrorAssoc', target: 'TXMIT_DEASSOC' },
          { guard: 'respDeassoc', target: 'END' },
          { target: 'WAIT_SYSCMD' },
        ],
      },
      TXMIT_DEASSOC: {
        description: 'vsi_mode := DEASSOC; send it',
        entry: [
          assign({ vsiMode: VDP22.DEASSOC, busy: true }),
          sendTlv('de-associate after a KEEP answer to a keep-alive'),
          'clearForSend',
        ],
        always: { target: 'TXMIT_DEAWAIT' },
      },
      TXMIT_DEAWAIT: {
        description: 'wait for the DEASSOC response',
        always: [
          { guard: 'txmitError', target: 'END' },
          { guard: 'ackreceived', target: 'TXMIT_DEAWAIT_2' },
        ],
        after: { respWaitDelay: { target: 'END', actions: assign({ acktimeout: true }) } },
      },
      TXMIT_DEAWAIT_2: {
        description: 'clear BUSY',
        entry: assign({ busy: false, respVsiMode: 0 }),
        always: { target: 'END' },
      },
      END: {
        type: 'final',
        description: 'vsi_mode := cc_vsi_mode := DEASSOC; DELETE_ME; NOTIFY -> netlink',
        entry: [
          assign({ vsiMode: VDP22.DEASSOC, ccVsiMode: VDP22.DEASSOC, busy: false }),
          {
            type: 'ended',
            params: ({ context }: { context: Vdp22StationContext }) => ({
              notify: context.notify,
              status: context.status,
              acktimeout: context.acktimeout,
            }),
          },
        ],
      },
    },
  }),
);
