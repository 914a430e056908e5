// Side-effect imports that register each lab's frame dissectors (ECP/VDP, ...) with the
// packet decoder, for the inspector, the CLI and pcap checks alike.
import './qeth/ipa-dissector';
import './qeth/qdio-dissector';
import './evb/lldp-dissector';
import { registerVdpDissectors } from './vdp/dissect';

registerVdpDissectors();

export {};
