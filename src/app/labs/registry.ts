// The labs the app offers. Each lab appends its LabDefinition here (one import, one entry).
import type { LabDefinition } from '../../views/lab-contract';
import { bridgeLab } from './bridge';
import { vepaLab } from '../../views/vepa/lab';
import { qethLab } from '../../views/qeth/lab';
import { macvlanLab } from '../../views/macvlan/lab';
import { virtioLab } from '../../views/virtio/lab';
import { vdpLab } from '../../views/vdp/lab';

export const labs: readonly LabDefinition[] = [bridgeLab, vepaLab, qethLab, macvlanLab, virtioLab, vdpLab];
