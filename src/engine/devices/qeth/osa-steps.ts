// What the card's steps cite and carry: the sources of its decisions and the demux result
// as step detail (the view and the tests read `detail.demux`).
import type { DemuxResult } from './demux';
import type { ParsedFrame } from './frames';

export const SRC_DEMUX = 'OSA shared-port inbound routing (IBM: OSA-Express port sharing; primary/secondary router)';
export const SRC_ARP = 'OSA ARP offload (IBM: ARP processing on the OSA card)';
export const SRC_SHARE = 'OSA port sharing and data connection isolation (IBM: Isolating data connections)';
export const SRC_FLOOD =
  'COUNTERFACTUAL, not an OSA behaviour: promiscuous sharing as argued against on netdev, Jan 2005 ("you have to forward all traffic to every guest system")';
export const SRC_IPA = 'OSA IPA command processing (qeth_send_ipa_cmd; IBM OSA reject codes - Layer 3)';

export function demuxDetail(r: DemuxResult): Record<string, unknown> {
  return {
    branch: r.branch,
    targets: r.targets,
    matched: r.matched,
    path: r.path,
    toLan: !!r.toLan,
    ...(r.flooded && { flooded: true }),
  };
}

export function explainDemux(r: DemuxResult, f: ParsedFrame, port: string) {
  // From a layer-3 guest the card routes by the qeth header's next hop, not the IP header.
  const reads = f.arp
    ? ['eth.dst', 'arp.op', 'arp.tpa']
    : f.qethHdr
      ? ['qeth.next_hop']
      : f.ip
        ? ['eth.dst', f.ip.version === 4 ? 'ipv4.dst' : 'ipv6.dst']
        : ['eth.dst', 'eth.type'];
  return {
    decision: r.why,
    source: f.arp ? SRC_ARP : r.flooded ? SRC_FLOOD : port === 'wire' ? SRC_DEMUX : SRC_SHARE,
    layer: (f.ip ? 'L3' : 'L2') as 'L3' | 'L2',
    port,
    reads,
    detail: { demux: demuxDetail(r) },
  };
}
