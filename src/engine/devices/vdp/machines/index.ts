// Every VDP/ECP machine, for the statechart view, the coverage count and the tests.
import { ecp22TxMachine } from './ecp22-tx.machine';
import { ecp22RxMachine } from './ecp22-rx.machine';
import { vdp22StationMachine } from './vdp22-station.machine';
import { vdp22BridgeMachine } from './vdp22-bridge.machine';
import { vdp02StationMachine } from './vdp02-station.machine';
import { vdp02BridgeMachine } from './vdp02-bridge.machine';
import { ecp02TxMachine } from './ecp02-tx.machine';
import { ecp02RxMachine } from './ecp02-rx.machine';
import type { AnyStateMachine } from 'xstate';

export const allMachines: readonly AnyStateMachine[] = [
  vdp22StationMachine,
  vdp22BridgeMachine,
  ecp22TxMachine,
  ecp22RxMachine,
  vdp02StationMachine,
  vdp02BridgeMachine,
  ecp02TxMachine,
  ecp02RxMachine,
];

export {
  ecp22TxMachine,
  ecp22RxMachine,
  vdp22StationMachine,
  vdp22BridgeMachine,
  vdp02StationMachine,
  vdp02BridgeMachine,
  ecp02TxMachine,
  ecp02RxMachine,
};
export { machineShape, type MachineShape, type MachineEdge } from './kit';
