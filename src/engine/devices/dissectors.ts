// Side-effect imports that register each lab's frame dissectors (ECP/VDP, ...) with the
// packet decoder, for the inspector, the CLI and pcap checks alike.
import './qeth/ipa-dissector';
import './evb/lldp-dissector';
import { registerVdpDissectors } from './vdp/dissect';
import { registerDissector, registeredDissector } from '../frame/decode';
import { dissectQdio } from './qeth/qdio-dissector';
import { ETH_P_LAB_QDIO } from './qeth/ipa-codes';

registerVdpDissectors();

// IEEE 802 local experimental EtherType 1 (0x88b5) carries two lab envelopes that never
// meet on one link: the VDP lab's VIC stand-in, whose payload starts with "VIC", and the
// qeth lab's QDIO element, whose payload starts with a qeth header id (0x01).
const vic = registeredDissector(ETH_P_LAB_QDIO);
registerDissector(ETH_P_LAB_QDIO, (b, o) => (vic && b[o] === 0x56 ? vic(b, o) : dissectQdio(b, o)));

export {};
