// VDP-2012 bridge state machine, one per VSI on a bridge port (IEEE 802.1Qbg-2012 clause
// 41; lldpad qbg/vdp22sm.c vdp22br_move_state, vdp22br_run). Fact sheet §1.8 with W8
// (HARD only on a DEASSOC answer) and W9 (non-KEEP rejections go out as type 4).
//
// behaviour "standard": BR_SEND records the confirmed mode (cc_vsi_mode), so a keep-alive
// goes BR_WAITCMD_2 -> BR_ALIVE, and a resource timeout takes the KEEP/DEASSOCIATED split.
// behaviour "lldpad": the two lldpad quirks of §1.8: cc_vsi_mode stays DEASSOC (keep-alives
// re-run BR_PROCESS; a station DEASSOC goes to BR_ALIVE and the VSI lingers until
// toutKeepAlive), and a late resource answer is stored as TIMEOUT, so expiry goes BR_DEASSOC.
// ADMIN_DEASSOC (the VSI manager withdraws the VSI) is an emulator addition for the
// bridge-initiated de-associate scenario; lldpad can only do that through toutKeepAlive.
import { assign, setup } from 'xstate';
import { STATUS, VDP22 } from '../codec/constants';
import { effect, instrument } from './kit';
import type { Behaviour } from './ecp22-tx.machine';

/** What the resource manager / VSI manager answers (vdp22br_resources). */
export interface ResourceAnswer {
  kind: 'SUCCESS' | 'KEEP' | 'DEASSOC' | 'PENDING';
  error: number;
  hard?: boolean;
}

export type RespVsiMode = 'NONE' | 'SUCCESS' | 'KEEP' | 'DEASSOC' | 'TIMEOUT';

export interface Vdp22BridgeContext {
  behaviour: Behaviour;
  resourceWaitDelay: number;
  toutKeepAlive: number;
  vsiMode: number;
  ccVsiMode: number;
  respVsiMode: RespVsiMode;
  respOk: boolean;
  status: number;
  localchg: boolean;
  answer: ResourceAnswer;
}

export type Vdp22BridgeEvent =
  | { type: 'STATION_TLV'; mode: number; answer: ResourceAnswer }
  | { type: 'RESOURCE_ANSWER'; answer: ResourceAnswer }
  | { type: 'ADMIN_DEASSOC' };

export interface Vdp22BridgeInput {
  behaviour: Behaviour;
  resourceWaitDelay: number;
  toutKeepAlive: number;
  mode: number;
  answer: ResourceAnswer;
}

/** vdp22br_process: status := ACK | error, KEEP for a keep answer, HARD only on a DEASSOC answer. */
function applyAnswer(a: ResourceAnswer): Partial<Vdp22BridgeContext> {
  const err = a.error & STATUS.ERROR;
  const status =
    STATUS.ACK | err | (a.kind === 'KEEP' ? STATUS.KEEP : 0) | (a.kind === 'DEASSOC' && a.hard ? STATUS.HARD : 0);
  return { respOk: true, respVsiMode: a.kind as RespVsiMode, status };
}

const reply = (what: string, mode: 'vsi' | 'deassoc', status?: number) => ({
  type: 'reply' as const,
  params: ({ context }: { context: Vdp22BridgeContext }) => ({
    what,
    mode: mode === 'vsi' ? context.vsiMode : VDP22.DEASSOC,
    status: status ?? context.status,
  }),
});

export const vdp22BridgeMachine = instrument(
  setup({
    types: { context: {} as Vdp22BridgeContext, events: {} as Vdp22BridgeEvent, input: {} as Vdp22BridgeInput },
    actions: {
      took: effect,
      /** Send a VSI TLV back to the station through the bridge's own ECP. */
      reply: effect,
      /** Ask the VSI manager for the VSI type's resources and policy. */
      askResources: effect,
      /** BR_END: delete the VSI (and withdraw its policy from the port). */
      deleted: effect,
    },
    guards: {
      pendingNoneAssoc: ({ context }) =>
        context.respOk && context.respVsiMode === 'NONE' && context.ccVsiMode === VDP22.ASSOC,
      pendingNone: ({ context }) => context.respOk && context.respVsiMode === 'NONE',
      success: ({ context }) => context.respOk && context.respVsiMode === 'SUCCESS',
      keep: ({ context }) => context.respOk && context.respVsiMode === 'KEEP',
      answered: ({ context }) => context.respOk,
      sameMode: ({ context }) => context.ccVsiMode === context.vsiMode,
    },
    delays: {
      resourceWaitDelay: ({ context }) => context.resourceWaitDelay,
      toutKeepAlive: ({ context }) => context.toutKeepAlive,
    },
  }).createMachine({
    id: 'vdp22Bridge',
    description: 'VDP-2012 bridge, one per VSI (lldpad vdp22sm.c, bridge part)',
    context: ({ input }) => ({
      behaviour: input.behaviour,
      resourceWaitDelay: input.resourceWaitDelay,
      toutKeepAlive: input.toutKeepAlive,
      vsiMode: input.mode,
      ccVsiMode: VDP22.DEASSOC,
      respVsiMode: 'NONE',
      respOk: false,
      status: 0,
      localchg: true,
      answer: input.answer,
    }),
    initial: 'BR_BEGIN',
    on: {
      // vdp22_station_info on a known VSI: localchg, vsi_mode := received mode.
      STATION_TLV: {
        actions: assign(({ event }) => (event.type === 'STATION_TLV' ? { vsiMode: event.mode, localchg: true } : {})),
      },
    },
    states: {
      BR_BEGIN: { always: { target: 'BR_INIT' } },
      BR_INIT: {
        description: 'flags := 0, cc_vsi_mode := DEASSOC, resp_vsi_mode := NONE',
        entry: assign({ ccVsiMode: VDP22.DEASSOC, respVsiMode: 'NONE' as RespVsiMode, localchg: true }),
        always: { target: 'BR_PROCESS' },
      },
      BR_PROCESS: {
        description: 'ask the VSI manager; resourceWaitDelay running',
        entry: [
          {
            type: 'askResources',
            params: ({ context }: { context: Vdp22BridgeContext }) => ({
              mode: context.vsiMode,
              answer: context.answer,
            }),
          },
          assign(({ context }) =>
            context.answer.kind === 'PENDING'
              ? {
                  respOk: false,
                  status: 0,
                  respVsiMode: (context.behaviour === 'lldpad' ? 'TIMEOUT' : 'NONE') as RespVsiMode,
                }
              : applyAnswer(context.answer),
          ),
        ],
        always: [
          { guard: 'pendingNoneAssoc', target: 'BR_KEEP', actions: assign({ status: STATUS.ACK | STATUS.KEEP | 3 }) },
          { guard: 'pendingNone', target: 'BR_DEASSOCIATED' },
          { guard: 'success', target: 'BR_SEND' },
          { guard: 'keep', target: 'BR_KEEP' },
          { guard: 'answered', target: 'BR_DEASSOC' },
        ],
        on: {
          RESOURCE_ANSWER: {
            actions: assign(({ event }) => (event.type === 'RESOURCE_ANSWER' ? applyAnswer(event.answer) : {})),
          },
        },
        after: { resourceWaitDelay: { actions: assign({ respOk: true }) } },
      },
      BR_SEND: {
        description: 'reply ACK with the requested mode',
        entry: [
          reply('accept', 'vsi'),
          assign(({ context }) => ({
            localchg: false,
            ccVsiMode: context.behaviour === 'standard' ? context.vsiMode : context.ccVsiMode,
          })),
        ],
        always: { target: 'BR_WAITCMD' },
      },
      BR_KEEP: {
        description: 'reply with KEEP: refused, earlier state kept',
        entry: [reply('keep', 'vsi'), assign({ localchg: false })],
        always: { target: 'BR_WAITCMD' },
      },
      BR_DEASSOC: {
        description: 'vsi_mode := DEASSOC; reply with the current status',
        entry: [assign({ vsiMode: VDP22.DEASSOC }), reply('de-associate', 'deassoc')],
        always: { target: 'BR_END' },
      },
      BR_WAITCMD: {
        description: 'wait for the next station TLV; toutKeepAlive running',
        on: {
          STATION_TLV: {
            target: 'BR_WAITCMD_2',
            actions: assign(({ event }) =>
              event.type === 'STATION_TLV' ? { vsiMode: event.mode, localchg: true, answer: event.answer } : {},
            ),
          },
          ADMIN_DEASSOC: { target: 'BR_DEASSOCIATED' },
        },
        after: { toutKeepAlive: { target: 'BR_DEASSOCIATED' } },
      },
      BR_WAITCMD_2: {
        description: 'same mode as confirmed: keep-alive; else process the change',
        always: [{ guard: 'sameMode', target: 'BR_ALIVE' }, { target: 'BR_PROCESS' }],
      },
      BR_ALIVE: {
        description: 'reply 0x40: plain ACK of the keep-alive',
        entry: [reply('keep-alive', 'vsi', STATUS.ACK), assign({ localchg: false })],
        always: { target: 'BR_WAITCMD' },
      },
      BR_DEASSOCIATED: {
        description: 'vsi_mode := DEASSOC; send an unsolicited DEASSOC (status 0x00)',
        entry: [assign({ vsiMode: VDP22.DEASSOC }), reply('unsolicited de-associate', 'deassoc', 0)],
        always: { target: 'BR_END' },
      },
      BR_END: {
        type: 'final',
        description: 'delete the VSI',
        entry: {
          type: 'deleted',
          params: ({ context }: { context: Vdp22BridgeContext }) => ({ ccVsiMode: context.ccVsiMode }),
        },
      },
    },
  }),
);
