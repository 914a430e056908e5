// Frames written in scenario files, either as raw bytes {"hex": "..."} or by fields:
//   {"eth": {...}, "stag": {...}, "vlan": [...], "arp" | "ipv4" | "ipv6" | "payload": ...}
// Every bad field is recorded through the Reader with its JSON path and a hint, so an
// instructor sees all problems of a scenario at once. The syntax is in docs/frames.md.
import type { Reader } from '../scenario/read';
import { buildEthernet, ETH_P, type VlanTag } from './ethernet';
import { readArp, readIpv4, readIpv6, type L3Spec } from './spec-l3';
import { readBytes, readHex } from './spec-values';

export { readHex };

const L3_KEYS = ['arp', 'ipv4', 'ipv6', 'payload'] as const;
const FRAME_KEYS = ['hex', 'eth', 'stag', 'vlan', ...L3_KEYS, 'pad'];

export function readFrameSpec(r: Reader): Uint8Array | undefined {
  const obj = r.object(
    'a frame: {"hex": "..."} or a description by fields ({"eth": ..., "arp" | "ipv4" | "ipv6": ...})',
  );
  if (!obj) return undefined;
  obj.onlyKeys(FRAME_KEYS);
  if (obj.has('hex')) {
    const others = obj.keys().filter((k) => k !== 'hex' && FRAME_KEYS.includes(k));
    if (others.length)
      r.issues.add(
        r.path,
        `"hex" gives the whole frame, so ${others.map((k) => `"${k}"`).join(', ')} cannot be used with it`,
        'use either {"hex": "..."} or fields',
      );
    return readHex(obj.at('hex'));
  }
  if (!obj.has('eth')) {
    r.issues.add(
      r.path,
      'frame has neither "hex" nor "eth"',
      'give raw bytes as {"hex": "ffffffffffff..."} or fields as {"eth": {"src": "02:00:00:00:00:01", ...}, "ipv4": {...}}',
    );
    return undefined;
  }
  const eth = obj.at('eth');
  const ethObj = eth.object('the Ethernet header: {"src": "...", "dst": "..."}');
  ethObj?.onlyKeys(['dst', 'src', 'type']);
  const src = eth.at('src').mac();
  const dst = eth.has('dst') ? eth.at('dst').mac() : undefined;
  const tags = readTags(obj);
  const pad = obj.at('pad').boolean({ default: true });

  const present = L3_KEYS.filter((k) => obj.has(k));
  if (present.length !== 1) {
    r.issues.add(
      r.path,
      present.length
        ? `has ${present.map((k) => `"${k}"`).join(' and ')}: a frame carries one of them`
        : 'says nothing after the Ethernet header',
      'add one of "arp", "ipv4", "ipv6", or "payload" (with "eth": {"type": ...})',
    );
    return undefined;
  }
  const which = present[0];
  if (which !== 'payload' && eth.has('type'))
    r.issues.add(eth.at('type').path, `"type" is set by "${which}"; leave it out`);
  // Read the rest even when the Ethernet header is bad, so every mistake is reported at once.
  const ctx = { src, dst };
  let l3: L3Spec | undefined;
  if (which === 'arp') l3 = readArp(obj.at('arp'), ctx);
  else if (which === 'ipv4') l3 = readIpv4(obj.at('ipv4'), ctx);
  else if (which === 'ipv6') l3 = readIpv6(obj.at('ipv6'), ctx);
  else {
    const type = readEthertype(eth.at('type'));
    const payload = readBytes(obj.at('payload'));
    if (type !== undefined && payload) l3 = { ethertype: type, payload, dst };
  }
  if (!ethObj || !src || !l3 || !tags || pad === undefined) return undefined;
  const finalDst = dst ?? l3.dst;
  if (!finalDst) {
    r.issues.add(
      eth.at('dst').path,
      'is required for this frame',
      'a MAC address like 02:00:00:00:00:02 (it can be left out only for ARP requests, neighbor solicitations, broadcast and multicast IP)',
    );
    return undefined;
  }
  return buildEthernet({ dst: finalDst, src, tags, ethertype: l3.ethertype, payload: l3.payload, pad });
}

/** "stag" (one S-tag or a list) then "vlan" (one C-tag or a list), outermost first. */
function readTags(obj: Reader): VlanTag[] | undefined {
  const out: VlanTag[] = [];
  let ok = true;
  for (const [key, tpid] of [
    ['stag', ETH_P.QINQ],
    ['vlan', ETH_P.VLAN],
  ] as const) {
    const r = obj.at(key);
    if (r.value === undefined) continue;
    const items = Array.isArray(r.value) ? (r.array() ?? []) : [r];
    for (const t of items) {
      if (!t.object(`a tag: {"vid": 10, "pcp": 0, "dei": 0}`)) {
        ok = false;
        continue;
      }
      t.onlyKeys(['vid', 'pcp', 'dei']);
      const vid = t.at('vid').number({
        integer: true,
        min: 0,
        max: 4095,
        hint: 'a VLAN id from 0 to 4095 (0 means priority-tagged, no VLAN)',
      });
      const pcp = t
        .at('pcp')
        .number({ default: 0, integer: true, min: 0, max: 7, hint: 'priority code point, 0 to 7' });
      const dei = t
        .at('dei')
        .number({ default: 0, integer: true, min: 0, max: 1, hint: 'drop eligible indicator, 0 or 1' });
      if (vid === undefined || pcp === undefined || dei === undefined) ok = false;
      else out.push({ tpid, vid, pcp, dei });
    }
  }
  return ok ? out : undefined;
}

/** An EtherType as a number or a hex string like "0x88cc". */
export function readEthertype(r: Reader): number | undefined {
  const hint = 'an EtherType like "0x88cc" or 35020 (at least 0x0600)';
  const v = r.value;
  let n: number | undefined;
  if (typeof v === 'string' && /^0x[0-9a-fA-F]{1,4}$/.test(v)) n = parseInt(v, 16);
  else if (typeof v === 'number') n = r.number({ integer: true, min: 0, max: 0xffff, hint });
  else {
    r.issues.add(
      r.path,
      v === undefined ? 'is required when the frame gives "payload"' : `${JSON.stringify(v)} is not an EtherType`,
      hint,
    );
    return undefined;
  }
  if (n !== undefined && n < 0x0600) {
    r.issues.add(
      r.path,
      `0x${n.toString(16)} is below 0x0600, so it would be read as an 802.3 length, not a type`,
      hint,
    );
    return undefined;
  }
  return n;
}
