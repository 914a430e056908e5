// Every device type's stack, looked up by scenario type. A type nobody declared gets a
// one-slot stack, so a new device still shows up (a test keeps bundled types declared).
import type { StackDecl } from '../../engine/devices/stack/layers';
import { hostStack } from '../../engine/devices/host/layers';
import { macvlanStack } from '../../engine/devices/macvlan/layers';
import { bridgeStack } from '../../engine/devices/bridge/layers';
import { evbStationStack } from '../../engine/devices/evb/layers';
import { sriovNicStack } from '../../engine/devices/offload/layers';
import { qethGuestStack, qethOsaStack } from '../../engine/devices/qeth/layers';
import { vdpStationStack, vdpSwitchStack } from '../../engine/devices/vdp/layers';
import {
  virtioBackplaneStack,
  virtioBoardsStack,
  virtioBounceStack,
  virtioDmaDriverStack,
  virtioStackStack,
} from '../../engine/devices/virtio/layers';

export const STACKS: readonly StackDecl[] = [
  hostStack,
  macvlanStack,
  bridgeStack,
  evbStationStack,
  sriovNicStack,
  qethGuestStack,
  qethOsaStack,
  vdpStationStack,
  vdpSwitchStack,
  virtioStackStack,
  virtioBackplaneStack,
  virtioBoardsStack,
  virtioBounceStack,
  virtioDmaDriverStack,
];

const byType = new Map(STACKS.flatMap((s) => s.types.map((t) => [t, s] as const)));

const undeclared: StackDecl = {
  types: [],
  slots: [
    { id: 'node', label: 'device', match: () => true },
    { id: 'wire', label: 'ports', match: () => false },
  ],
  catchAll: { slot: 'node', why: 'no stack is declared for this device type' },
};

export const stackOf = (type: string): StackDecl => byType.get(type) ?? undeclared;
export const isDeclared = (type: string): boolean => byType.has(type);
