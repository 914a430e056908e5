// Step sentences of the LLDP agent and the evb22 module (lldp/agent.ts), and of what the
// station and the switch do with the negotiated values.

export const modulesStarted = (who: string): string =>
  `${who}: first LLDP agent tick: evb22 starts ECP22 and VDP22 on the port. VDP22 starts with evbon 0 and every ` +
  `exponent 0 until evb22 next notifies it (the next EVB TLV sent or received)`;

export const updateBeforeTx = (): string => 'the EVB TLV is built for transmission (evb22_build_tlv)';
export const updateAfterRx = (): string => "the bridge's or station's EVB TLV was received (evb22_rchange)";

export const notifyLost = (who: string, why: string): string =>
  `${who}: ${why}, but ECP22 and VDP22 are not started yet, so evb22's notification reaches nobody`;

export const sendsLldpdu = (who: string, evb: string, ttr: number): string =>
  `${who} sends an LLDPDU to the nearest customer bridge (01:80:c2:00:00:00) with the EVB TLV ${evb}; next ` +
  `regular transmission in ${ttr} s`;

export const sendsLldpduNoEvb = (who: string): string =>
  `${who} sends an LLDPDU without an EVB TLV (EVB TLV transmit disabled)`;

export const sameLldpdu = (who: string): string =>
  `${who}: this LLDPDU is byte for byte the last one received: only its TTL is refreshed, no TLV is looked at`;

export const badLldpdu = (who: string, why: string): string => `${who}: malformed LLDPDU (${why})`;

export const evbRxDisabled = (who: string): string =>
  `${who}: the EVB TLV is ignored because EVB TLV transmit is disabled (evb22_rchange: "EVB Config disabled")`;

export const noEvbTlv = (who: string): string => `${who}: an LLDPDU without an EVB TLV: nothing for evb22`;

export const receivedEvb = (who: string, evb: string): string =>
  `${who} takes the peer's EVB TLV ${evb}; its own next TLV answers it (localChange: sent at the next tick)`;

export const vdpGetsEvb = (who: string, r: number, rte: number, rwd: number, rka: number, gpid: boolean): string =>
  `${who}: ECP22 takes R=${r}, RTE=${rte}; VDP22 takes R=${r}, RTE=${rte}, RWD=${rwd}, RKA=${rka}, group IDs ` +
  `${gpid ? 'on' : 'off'}, evbon 1: VDP requests are accepted from now on`;

export const vdpGetsEvbOff = (who: string): string =>
  `${who}: VDP22 is told evbon 0 (EVB TLV transmit disabled): requests keep getting -EPROTONOSUPPORT`;

export const switchGetsEvb = (who: string, rwd: number, rka: number, r: number, rte: number): string =>
  `${who}: the port's VDP bridge now times with the negotiated R=${r}, RTE=${rte}, RWD=${rwd}, RKA=${rka}`;

export const noVdp22Yet = (): string =>
  'no VDP22 on the interface yet (its LLDP agent has not ticked): vdpnl_setlink hands the request to VDP 0.2, ' +
  'which has no data for the interface: -ENXIO';

export const evbNotYet = (): string =>
  'VDP22 was started but evb22 has not notified it yet (evbon 0): -EPROTONOSUPPORT';

export const lldpNoLldpad = (how: string): string =>
  `LLDPDU, but lldpad is ${how === 'crashed' ? 'dead (killed)' : 'not running'}: no process has a packet socket for ` +
  `the LLDP EtherType, so the kernel drops it`;
