// The event alphabets and context abstractions for every VDP/ECP machine's model-based test.
import { ecp22TxMachine } from '../../src/engine/devices/vdp/machines/ecp22-tx.machine';
import { ecp22RxMachine } from '../../src/engine/devices/vdp/machines/ecp22-rx.machine';
import { vdp22StationMachine } from '../../src/engine/devices/vdp/machines/vdp22-station.machine';
import { vdp22BridgeMachine, type ResourceAnswer } from '../../src/engine/devices/vdp/machines/vdp22-bridge.machine';
import { vdp02StationMachine } from '../../src/engine/devices/vdp/machines/vdp02-station.machine';
import { vdp02BridgeMachine } from '../../src/engine/devices/vdp/machines/vdp02-bridge.machine';
import { ecp02TxMachine } from '../../src/engine/devices/vdp/machines/ecp02-tx.machine';
import { ecp02RxMachine } from '../../src/engine/devices/vdp/machines/ecp02-rx.machine';
import { afterEvents, type Ev, type ModelSpec } from './mbt';

const done = (s: any): boolean => s.status === 'done';
const behaviours = ['standard', 'lldpad'] as const;

export const ecp22Tx: ModelSpec = {
  name: 'ECP-2012 transmit',
  machine: ecp22TxMachine,
  inputs: behaviours.map((behaviour) => ({ behaviour, maxRetries: 3, ackTimerNs: 2_560_000 })),
  events: (s) => [
    { type: 'DATA', payload: new Uint8Array([1]) },
    { type: 'ACK', seq: s.context.seq },
    { type: 'ACK', seq: (s.context.seq + 7) & 0xffff },
    { type: 'PORT_DISABLED' },
    { type: 'EVB', maxRetries: 3, ackTimerNs: 2_560_000 },
    ...afterEvents(ecp22TxMachine, s),
  ],
  abstract: (s) => [
    s.context.behaviour,
    s.context.retries,
    s.context.ackReceived,
    Math.min(2, s.context.queue.length),
    Boolean(s.context.current),
  ],
};

export const ecp22Rx: ModelSpec = {
  name: 'ECP-2012 receive',
  machine: ecp22RxMachine,
  inputs: [undefined],
  events: (s) => [
    { type: 'ECPDU', seq: s.context.lastSeq, payload: new Uint8Array([1]) },
    { type: 'ECPDU', seq: (s.context.lastSeq + 1) & 0xffff, payload: new Uint8Array([2]) },
    { type: 'PORT_DISABLED' },
  ],
  abstract: () => [],
};

const RESPONSES: Ev[] = [
  { type: 'RESPONSE', mode: 3, octet: 0x40, respOk: true, notify: false },
  { type: 'RESPONSE', mode: 1, octet: 0x40, respOk: true, notify: false },
  { type: 'RESPONSE', mode: 4, octet: 0x40, respOk: true, notify: false },
  { type: 'RESPONSE', mode: 4, octet: 0x52, respOk: true, notify: true },
  { type: 'RESPONSE', mode: 3, octet: 0x63, respOk: true, notify: false },
  { type: 'RESPONSE', mode: 1, octet: 0x63, respOk: true, notify: false },
  { type: 'RESPONSE', mode: 4, octet: 0x00, respOk: true, notify: true },
  { type: 'RESPONSE', mode: 3, octet: 0x40, respOk: false, notify: false },
];

export const vdp22Station: ModelSpec = {
  name: 'VDP-2012 station',
  machine: vdp22StationMachine,
  inputs: [1, 3].map((mode) => ({
    behaviour: 'standard',
    respWaitDelay: 15_755_520_000,
    reinitKeepAlive: 10_485_760_000,
    mode,
  })),
  events: (s) =>
    done(s)
      ? []
      : [
          ...RESPONSES,
          { type: 'CMD', mode: 3 },
          { type: 'CMD', mode: 4 },
          { type: 'TXMIT_ERROR' },
          ...afterEvents(vdp22StationMachine, s),
        ],
  abstract: (s) => {
    const c = s.context;
    return [c.vsiMode, c.ccVsiMode, c.localchg, c.deassoc, c.ackreceived, c.txmitError, c.busy];
  },
};

const ok: ResourceAnswer = { kind: 'SUCCESS', error: 0 };
const answers: ResourceAnswer[] = [
  ok,
  { kind: 'KEEP', error: 3 },
  { kind: 'DEASSOC', error: 2, hard: true },
  { kind: 'PENDING', error: 0 },
];

export const vdp22Bridge: ModelSpec = {
  name: 'VDP-2012 bridge',
  machine: vdp22BridgeMachine,
  inputs: behaviours.flatMap((behaviour) =>
    [ok, { kind: 'PENDING', error: 0 } as ResourceAnswer].map((answer) => ({
      behaviour,
      resourceWaitDelay: 10_485_760_000,
      toutKeepAlive: 15_755_520_000,
      mode: 3,
      answer,
    })),
  ),
  events: (s) =>
    done(s)
      ? []
      : [
          ...[1, 3, 4].flatMap((mode) =>
            answers.map(
              (answer) =>
                ({ type: 'STATION_TLV', mode, answer: mode === 4 ? { kind: 'DEASSOC', error: 0 } : answer }) as Ev,
            ),
          ),
          { type: 'RESOURCE_ANSWER', answer: ok },
          { type: 'RESOURCE_ANSWER', answer: { kind: 'KEEP', error: 3 } },
          { type: 'RESOURCE_ANSWER', answer: { kind: 'DEASSOC', error: 2 } },
          { type: 'ADMIN_DEASSOC' },
          ...afterEvents(vdp22BridgeMachine, s),
        ],
  abstract: (s) => {
    const c = s.context;
    return [c.behaviour, c.vsiMode, c.ccVsiMode, c.respOk, c.respVsiMode, c.answer.kind];
  },
};

export const vdp02Station: ModelSpec = {
  name: 'VDP 0.2 station',
  machine: vdp02StationMachine,
  inputs: [0, 1, 2, 3].map((mode) => ({ ackTimerNs: 3e9, keepaliveNs: 10e9, mode })),
  events: (s) =>
    done(s)
      ? []
      : [
          ...[0, 1, 2, 3].map((mode) => ({ type: 'REQUEST', mode })),
          { type: 'RUN' },
          ...[0, 2, 3].map((mode) => ({ type: 'BRIDGE_TLV', mode, response: 0 })),
          { type: 'BRIDGE_TLV', mode: 2, response: 2 },
          ...afterEvents(vdp02StationMachine, s),
        ],
  abstract: (s) => {
    const c = s.context;
    return [
      c.mode,
      c.response === 255 ? 255 : c.response === 0 ? 0 : 1,
      c.ackReceived,
      c.localChange,
      c.remoteChange,
      c.hold,
    ];
  },
};

export const vdp02Bridge: ModelSpec = {
  name: 'VDP 0.2 bridge',
  machine: vdp02BridgeMachine,
  inputs: [
    { behaviour: 'standard', toutNs: 19.5e9, mode: 0, response: 0 },
    { behaviour: 'standard', toutNs: 19.5e9, mode: 2, response: 0 },
    { behaviour: 'standard', toutNs: 19.5e9, mode: 2, response: 2 },
    { behaviour: 'standard', toutNs: 19.5e9, mode: 3, response: 0 },
  ],
  events: (s) =>
    done(s)
      ? []
      : [
          ...[0, 1, 2, 3].map((mode) => ({ type: 'STATION_TLV', mode, response: 0 })),
          { type: 'STATION_TLV', mode: 2, response: 2 },
          { type: 'ADMIN_DEASSOC' },
          ...afterEvents(vdp02BridgeMachine, s),
        ],
  abstract: (s) => [s.context.mode, s.context.response],
};

export const ecp02Tx: ModelSpec = {
  name: 'ECP 0.2 transmit',
  machine: ecp02TxMachine,
  inputs: [{ ackTimerNs: 500e6, maxTries: 3 }],
  events: (s) => [
    { type: 'LOCAL_CHANGE' },
    { type: 'ACK', seq: s.context.seq, pending: false },
    { type: 'ACK', seq: s.context.seq, pending: true },
    { type: 'ACK', seq: (s.context.seq + 9) & 0xffff },
    { type: 'PORT_DISABLED' },
    ...afterEvents(ecp02TxMachine, s),
  ],
  abstract: (s) => [s.context.retries, s.context.localChange, s.context.enabletx],
};

export const ecp02Rx: ModelSpec = {
  name: 'ECP 0.2 receive',
  machine: ecp02RxMachine,
  inputs: behaviours.map((behaviour) => ({ behaviour })),
  events: () => [
    { type: 'FRAME', seq: 1, hex: 'aa' },
    { type: 'FRAME', seq: 2, hex: 'bb' },
    { type: 'PORT_ENABLED' },
    { type: 'PORT_DISABLED' },
  ],
  abstract: (s) => [s.context.behaviour, s.context.last],
};

export const allModels: ModelSpec[] = [
  ecp22Tx,
  ecp22Rx,
  vdp22Station,
  vdp22Bridge,
  vdp02Station,
  vdp02Bridge,
  ecp02Tx,
  ecp02Rx,
];
