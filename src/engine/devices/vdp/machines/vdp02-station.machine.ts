// VDP 0.2 ("pre-standard", the version of the 2010 Linux discussion) station state
// machine, one per VSI profile (lldpad qbg/vdp.c vdp_vsi_set_station_state,
// vdp_vsi_sm_station). Modes are the netlink PORT_REQUEST values 0..3. Fact sheet §1.5.
// The row "ASSOCIATED, 0 < response < 255 -> EXIT" is left out: vdp_indicate forces
// mode := DEASSOC on any negative response, and the mode rows are tested first, so that
// row can never fire in lldpad either.
// Runs: lldpad changes a profile's fields at once (vdp_add_profile for a netlink request,
// vdp_indicate for a bridge TLV) but runs vdp_vsi_sm_station only from its event loop: the
// 1 ms VDP_LOCALCHANGE_TIMEOUT (vdp_localchange_handler, event RUN), vdp_advance_sm after a
// received ECPDU (BRIDGE_TLV) and the ack/keep-alive timeouts. A REQUEST therefore sets
// `hold`, and no eventless move is taken until the next run clears it. A move that calls
// vdp_somethingChangedLocal(profile, true) in vdp_vsi_set_station_state emits
// `changedLocal` BEFORE the target's entry asks ECP to send, because lldpad registers the
// VDP timeout first and eloop fires equal deadlines in registration order.
import { assign, setup } from 'xstate';
import { VDP02 } from '../codec/constants';
import { effect, instrument } from './kit';

export interface Vdp02StationContext {
  ackTimerNs: number;
  keepaliveNs: number;
  mode: number;
  response: number;
  ackReceived: boolean;
  localChange: boolean;
  remoteChange: boolean;
  /** true while the request came from netlink and no bridge DEASSOC turned notification on. */
  noNlmsg: boolean;
  ackTimedOut: boolean;
  /** A netlink request changed the profile; the state machine has not run since. */
  hold: boolean;
}

export type Vdp02StationEvent =
  { type: 'REQUEST'; mode: number } | { type: 'RUN' } | { type: 'BRIDGE_TLV'; mode: number; response: number };

export interface Vdp02StationInput {
  ackTimerNs: number;
  keepaliveNs: number;
  mode: number;
}

const isPre = (m: number): boolean => m === VDP02.PREASSOC || m === VDP02.PREASSOC_RR;
/** *_PROCESSING entry: response := 255; if localChange ask ECP to send and clear ackReceived. */
const processingEntry = [
  'startProcessing',
  {
    type: 'send' as const,
    params: ({ context }: { context: Vdp02StationContext }) => ({
      localChange: context.localChange,
      mode: context.mode,
    }),
  },
  'clearAck',
] as const;

export const vdp02StationMachine = instrument(
  setup({
    types: { context: {} as Vdp02StationContext, events: {} as Vdp02StationEvent, input: {} as Vdp02StationInput },
    actions: {
      took: effect,
      /** ecp_somethingChangedLocal: include this profile's TLV in the next ECPDU. */
      send: effect,
      /** vdp_somethingChangedLocal(profile, true): another VDP_LOCALCHANGE_TIMEOUT (1 ms) run. */
      changedLocal: effect,
      /** EXIT: delete silently, keep for the poll, or sleep 1 s and notify (vdp_trigger). */
      exited: effect,
      startProcessing: assign({ response: 255 }),
      clearAck: assign(({ context }) => (context.localChange ? { ackReceived: false, ackTimedOut: false } : {})),
      settled: assign({ ackReceived: false, localChange: false }),
      setLocalChange: assign({ localChange: true }),
      /** A timer handler is a run too. */
      run: assign({ hold: false }),
    },
    guards: {
      wantsPre: ({ context }) => !context.hold && isPre(context.mode),
      wantsAssoc: ({ context }) => !context.hold && context.mode === VDP02.ASSOC,
      wantsPreassocOnly: ({ context }) => !context.hold && context.mode === VDP02.PREASSOC,
      wantsDeassoc: ({ context }) => !context.hold && context.mode === VDP02.DEASSOC,
      ackOk: ({ context }) => !context.hold && context.ackReceived && context.response === 0,
      ackBad: ({ context }) => !context.hold && context.ackReceived && context.response !== 0,
      ackOrRemote: ({ context }) => !context.hold && (context.ackReceived || context.remoteChange),
      noAck: ({ context }) => !context.ackReceived,
    },
    delays: {
      ackTimer: ({ context }) => context.ackTimerNs,
      keepaliveTimer: ({ context }) => context.keepaliveNs,
    },
  }).createMachine({
    id: 'vdp02Station',
    description: 'VDP 0.2 station, one per profile (lldpad vdp.c)',
    context: ({ input }) => ({
      ackTimerNs: input.ackTimerNs,
      keepaliveNs: input.keepaliveNs,
      mode: input.mode,
      response: 255,
      ackReceived: false,
      localChange: true,
      remoteChange: false,
      noNlmsg: true,
      ackTimedOut: false,
      hold: true,
    }),
    initial: 'UNASSOCIATED',
    on: {
      // vdp_add_profile on a known profile: a new mode resets response to 255; any profile
      // whose response is then not 0 gets localChange (W17: a same-mode repeat after success
      // sends nothing); vdp_request sets no_nlmsg := 1 again.
      REQUEST: {
        actions: assign(({ event, context }) => {
          if (event.type !== 'REQUEST') return {};
          const response = event.mode !== context.mode ? 255 : context.response;
          return {
            mode: event.mode,
            response,
            localChange: response !== 0 ? true : context.localChange,
            noNlmsg: true,
            hold: true,
          };
        }),
      },
      // vdp_localchange_handler: a run of vdp_vsi_sm_station.
      RUN: { actions: assign({ hold: false }) },
      // vdp_indicate: a bridge TLV for this profile.
      BRIDGE_TLV: {
        actions: assign(({ event, context }) => {
          if (event.type !== 'BRIDGE_TLV') return {};
          const mode = event.response !== 0 ? VDP02.DEASSOC : event.mode;
          const changed = mode !== context.mode;
          return {
            hold: false,
            ackReceived: true,
            response: event.response,
            mode,
            remoteChange: changed,
            noNlmsg: changed && mode === VDP02.DEASSOC ? false : context.noNlmsg,
          };
        }),
      },
    },
    states: {
      UNASSOCIATED: {
        always: [
          { guard: 'wantsPre', target: 'PREASSOC_PROCESSING', actions: ['setLocalChange', 'changedLocal'] },
          { guard: 'wantsAssoc', target: 'ASSOC_PROCESSING', actions: ['setLocalChange', 'changedLocal'] },
          { guard: 'wantsDeassoc', target: 'DEASSOC_PROCESSING', actions: ['setLocalChange', 'changedLocal'] },
        ],
      },
      ASSOC_PROCESSING: {
        description: 'TLV sent; wait for the bridge TLV (3 s ackTimer)',
        entry: [...processingEntry],
        always: [
          { guard: 'ackOk', target: 'ASSOCIATED' },
          { guard: 'ackBad', target: 'EXIT' },
        ],
        after: { ackTimer: { guard: 'noAck', target: 'EXIT', actions: assign({ ackTimedOut: true, hold: false }) } },
      },
      ASSOCIATED: {
        description: 'associated; keepaliveTimer (10 s) running',
        entry: 'settled',
        always: [
          { guard: 'wantsPreassocOnly', target: 'PREASSOC_PROCESSING' },
          { guard: 'wantsDeassoc', target: 'DEASSOC_PROCESSING' },
        ],
        after: {
          keepaliveTimer: { target: 'ASSOC_PROCESSING', actions: ['setLocalChange', 'changedLocal', 'run'] },
        },
      },
      PREASSOC_PROCESSING: {
        description: 'TLV sent; wait for the bridge TLV (3 s ackTimer)',
        entry: [...processingEntry],
        always: [
          { guard: 'ackOk', target: 'PREASSOCIATED' },
          { guard: 'ackBad', target: 'EXIT' },
        ],
        after: { ackTimer: { guard: 'noAck', target: 'EXIT', actions: assign({ ackTimedOut: true, hold: false }) } },
      },
      PREASSOCIATED: {
        description: 'pre-associated; keepaliveTimer (10 s) running',
        entry: 'settled',
        always: [
          { guard: 'wantsAssoc', target: 'ASSOC_PROCESSING' },
          { guard: 'wantsDeassoc', target: 'DEASSOC_PROCESSING' },
        ],
        after: {
          keepaliveTimer: { target: 'PREASSOC_PROCESSING', actions: ['setLocalChange', 'changedLocal', 'run'] },
        },
      },
      DEASSOC_PROCESSING: {
        description: 'DEASSOC sent (or received); wait for the answer',
        entry: [...processingEntry],
        always: { guard: 'ackOrRemote', target: 'EXIT' },
        after: { ackTimer: { target: 'EXIT', actions: assign({ ackTimedOut: true, hold: false }) } },
      },
      EXIT: {
        type: 'final',
        description: 'stop timers; delete, wait for the poll, or notify',
        entry: {
          type: 'exited',
          params: ({ context }: { context: Vdp02StationContext }) => ({
            noNlmsg: context.noNlmsg,
            ackReceived: context.ackReceived,
            timedOut: context.ackTimedOut,
            response: context.response,
          }),
        },
      },
    },
  }),
);
