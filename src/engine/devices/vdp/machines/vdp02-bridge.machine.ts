// VDP 0.2 bridge side, one per VSI. lldpad's 0.2 bridge role is a stub that never answers
// (fact sheet §1.6, "TODO: txTLV(Assoc ACK)"), so this follows the sheet's emulator design
// (not ground truth): UNASSOCIATED / PREASSOCIATED / ASSOCIATED, answer every station TLV
// with the same TLV and a response code from the VSI manager, and age the VSI out when
// keep-alives stop (toutKeepAlive02 = 1.5 x (keepalive 10 s + VDP ackTimer 3 s) = 19.5 s,
// our choice, shaped like the 2012 toutKeepAlive). With behaviour "lldpad" the device
// keeps the stub's silence: the machine runs but no response TLV leaves.
import { assign, setup } from 'xstate';
import { VDP02 } from '../codec/constants';
import { effect, instrument } from './kit';
import type { Behaviour } from './ecp22-tx.machine';

export interface Vdp02BridgeContext {
  behaviour: Behaviour;
  toutNs: number;
  mode: number;
  /** Response code for the last station TLV: 0 success, 1..6 a refusal. */
  response: number;
}

export type Vdp02BridgeEvent = { type: 'STATION_TLV'; mode: number; response: number } | { type: 'ADMIN_DEASSOC' };

export interface Vdp02BridgeInput {
  behaviour: Behaviour;
  toutNs: number;
  mode: number;
  response: number;
}

const reply = {
  type: 'reply' as const,
  params: ({ context }: { context: Vdp02BridgeContext }) => ({ mode: context.mode, response: context.response }),
};
const notify = { type: 'reply' as const, params: () => ({ mode: VDP02.DEASSOC, response: 0 }) };

export const vdp02BridgeMachine = instrument(
  setup({
    types: { context: {} as Vdp02BridgeContext, events: {} as Vdp02BridgeEvent, input: {} as Vdp02BridgeInput },
    actions: {
      took: effect,
      reply: effect,
      deleted: effect,
      take: assign(({ event }) => (event.type === 'STATION_TLV' ? { mode: event.mode, response: event.response } : {})),
    },
    guards: {
      refused: ({ context, event }) => (event.type === 'STATION_TLV' ? event.response !== 0 : context.response !== 0),
      pre: ({ context, event }) => {
        const m = event.type === 'STATION_TLV' ? event.mode : context.mode;
        return m === VDP02.PREASSOC || m === VDP02.PREASSOC_RR;
      },
      assoc: ({ context, event }) => (event.type === 'STATION_TLV' ? event.mode : context.mode) === VDP02.ASSOC,
    },
    delays: { toutKeepAlive: ({ context }) => context.toutNs },
  }).createMachine({
    id: 'vdp02Bridge',
    description: 'VDP 0.2 bridge, one per VSI (emulator design, §1.6)',
    context: ({ input }) => ({ ...input }),
    initial: 'UNASSOCIATED',
    states: {
      UNASSOCIATED: {
        description: 'first TLV of a new VSI',
        always: [
          { guard: 'refused', target: 'EXIT', actions: reply },
          { guard: 'pre', target: 'PREASSOCIATED', actions: reply },
          { guard: 'assoc', target: 'ASSOCIATED', actions: reply },
          { target: 'EXIT', actions: reply },
        ],
      },
      PREASSOCIATED: {
        description: 'resources announced; waiting for ASSOC or keep-alives',
        on: {
          STATION_TLV: [
            { guard: 'refused', target: 'EXIT', actions: ['take', reply] },
            { guard: 'pre', target: 'PREASSOCIATED', reenter: true, actions: ['take', reply] },
            { guard: 'assoc', target: 'ASSOCIATED', actions: ['take', reply] },
            { target: 'EXIT', actions: ['take', reply] },
          ],
          ADMIN_DEASSOC: { target: 'EXIT', actions: notify },
        },
        after: { toutKeepAlive: { target: 'EXIT' } },
      },
      ASSOCIATED: {
        description: 'policy applied to the port; keep-alives expected',
        on: {
          STATION_TLV: [
            { guard: 'refused', target: 'EXIT', actions: ['take', reply] },
            { guard: 'assoc', target: 'ASSOCIATED', reenter: true, actions: ['take', reply] },
            { guard: 'pre', target: 'PREASSOCIATED', actions: ['take', reply] },
            { target: 'EXIT', actions: ['take', reply] },
          ],
          ADMIN_DEASSOC: { target: 'EXIT', actions: notify },
        },
        after: { toutKeepAlive: { target: 'EXIT' } },
      },
      EXIT: { type: 'final', description: 'VSI removed from the port', entry: 'deleted' },
    },
  }),
);
