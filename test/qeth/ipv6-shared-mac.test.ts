// IPv6 on guests that share the card's one MAC (lesson qeth-05, netdev January 2005 "ipv6:
// alternative version of S/390 shared NIC support"). Expected values come from the
// kernel's rules, worked by hand here:
//   addrconf_ifid_eui48: eui = mac[0..2], (dev_id ? dev_id hi, lo : ff, fe), mac[3..5];
//     without dev_id, eui[0] ^= 2 (the u/l bit); with it, no flip.
//   qeth_l3_get_unique_id: IPA CREATE_ADDR (0xc3), the reply's uid becomes dev_id.
//   qeth_l3_ip6_event: every IPv6 address (link-local too) is registered with SETIP;
//     a same-port duplicate answers 0x0010 IPA_RC_DUP_IPV6_HOME, which
//     qeth_l3_setdelip_cb maps to -EIO, so qeth_l3_add_ip frees the entry.
//   RFC 4862 / ndisc: DAD probe from ::; an NA for a tentative address fails it;
//     a valid owner answers a probe with an NA to ff02::1.
//   Solicited-node group (RFC 4291 2.7.1): ff02::1:ff + the address's last 24 bits.
import { describe, expect, it } from 'vitest';
import { run, finalState, CARD, stepsOf } from './qeth-helpers';
import { formatIp, mac as macOf } from '../../src/engine/frame/address';
import { interfaceId, linkLocal } from '../../src/engine/devices/qeth/guest-ipv6';
import { buildIpaFrame, parseIpaFrame } from '../../src/engine/devices/qeth/ipa-frame';
import { IPA_CMD } from '../../src/engine/devices/qeth/ipa-codes';
import type { Trace } from '../../src/engine/sim/types';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

describe('addrconf_ifid_eui48 with and without dev_id', () => {
  const card = macOf(CARD); // 02:00:00:0a:00:01
  it('dev_id 0: ff:fe in the middle and the u/l bit flipped (02 -> 00)', () => {
    expect(hex(interfaceId(card, 0))).toBe('00:00:00:ff:fe:0a:00:01');
    expect(formatIp(linkLocal(card, 0))).toBe('fe80::ff:fe0a:1');
  });
  it('dev_id 0x0001: the id in bytes 3-4, the u/l bit left alone', () => {
    expect(hex(interfaceId(card, 1))).toBe('02:00:00:00:01:0a:00:01');
    expect(formatIp(linkLocal(card, 1))).toBe('fe80::200:0:10a:1');
  });
  it('dev_id 0x1234: high byte first', () => {
    expect(hex(interfaceId(card, 0x1234))).toBe('02:00:00:12:34:0a:00:01');
  });
  it('the eui64 mode (a kernel before the change) ignores dev_id', () => {
    expect(formatIp(linkLocal(card, 7, 'eui64'))).toBe('fe80::ff:fe0a:1');
  });
});

describe('IPA CREATE_ADDR and SETGMAC as bytes', () => {
  it('CREATE_ADDR carries mac[6] and the uid, and parses back', () => {
    const f = buildIpaFrame({ cmd: IPA_CMD.CREATE_ADDR, seqno: 3, rc: 0, prot: 6, mac: card(), value: 0x0102 });
    const c = parseIpaFrame(f);
    if (typeof c === 'string') throw new Error(c);
    expect(c.cmd).toBe(0xc3);
    expect(c.value).toBe(0x0102);
    expect(hex(c.mac!)).toBe('02:00:00:0a:00:01');
    // 14-byte Ethernet envelope + 20-byte IPA header + 8 bytes of data, padded to the
    // 60-byte Ethernet minimum.
    expect(f.length).toBe(Math.max(60, 14 + 20 + 8));
  });
  it('SETGMAC has the SETVMAC layout (mac_length 6, then the MAC)', () => {
    const c = parseIpaFrame(
      buildIpaFrame({ cmd: IPA_CMD.SETGMAC, seqno: 1, rc: 0, prot: 4, mac: macOf('33:33:ff:00:0a:09') }),
    );
    if (typeof c === 'string') throw new Error(c);
    expect(c.cmd).toBe(0x23);
    expect(hex(c.mac!)).toBe('33:33:ff:00:0a:09');
  });
  function card() {
    return macOf(CARD);
  }
});

/** A card with the given guests (config per guest) and a LAN host with a link-local address. */
function lab(guests: Record<string, unknown>[], traffic: unknown[] = []) {
  const devno = (i: number) => `0x${(0x0a00 + 3 * i).toString(16).padStart(4, '0')}`;
  return {
    name: 'ipv6 on a shared card',
    seed: 1,
    nodes: [
      { id: 'lan', type: 'host', config: { mac: '02:00:00:00:99:01', ip: '10.0.0.200', ip6: 'fe80::99:1' } },
      { id: 'osa', type: 'qeth-osa', config: { mac: CARD, devnos: guests.map((_, i) => devno(i)) } },
      ...guests.map((g, i) => ({ id: `g${i + 1}`, type: 'qeth-guest', config: { devno: devno(i), ...g } })),
    ],
    links: [
      { id: 'lan-osa', a: 'lan:eth0', b: 'osa:wire' },
      ...guests.map((_, i) => ({ id: `l${i}`, a: `osa:${devno(i)}`, b: `g${i + 1}:osa` })),
    ],
    traffic,
  };
}

const ipaReplies = (t: Trace, devno: string, cmd: string) =>
  t.steps
    .filter((s) => s.node === 'osa' && s.port === devno && s.kind === 'inject' && s.detail && 'ipa' in s.detail)
    .map((s) => (s.detail as { ipa: { cmd: string; rcName: string } }).ipa)
    .filter((i) => i.cmd.startsWith(cmd));

describe('two old-kernel guests on one card', () => {
  const t = run(
    lab(
      [
        { ipv6: true, ifid: 'eui64' },
        { ipv6: false, ifid: 'eui64' },
      ],
      [{ at: '1500ms', node: 'g2', command: 'ipv6-enable' }],
    ),
  );
  const s = finalState(t);
  it('both compute fe80::ff:fe0a:1; the card registered it for the first only', () => {
    expect(s.get('osa/table/0x0a00/ip/fe80::ff:fe0a:1')).toEqual({ prefix: 64, flags: 0, version: 6 });
    expect(s.get('osa/table/0x0a03/ip/fe80::ff:fe0a:1')).toBeUndefined();
  });
  it('the second SETIP is refused three times with 0x0010 and the driver frees its entry', () => {
    const r = ipaReplies(t, '0x0a03', 'SETIP fe80::ff:fe0a:1');
    expect(r.map((x) => x.rcName)).toEqual(['IPA_RC_DUP_IPV6_HOME', 'IPA_RC_DUP_IPV6_HOME', 'IPA_RC_DUP_IPV6_HOME']);
    expect(s.get('g2/driver/fe80::ff:fe0a:1')).toBeUndefined();
  });
  it('no CREATE_ADDR is sent by a kernel that does not use dev_id', () => {
    expect(ipaReplies(t, '0x0a00', 'CREATE_ADDR')).toEqual([]);
  });
  it("G1 defends its address and G2's duplicate address detection fails", () => {
    expect(s.get('g1/ip6/fe80::ff:fe0a:1')).toEqual({ scope: 'link', state: 'preferred' });
    expect(s.get('g2/ip6/fe80::ff:fe0a:1')).toEqual({ scope: 'link', state: 'dadfailed' });
    // addrconf_dad_failure's message, with the source MAC G2's stack saw (the driver's FAKELL).
    expect(s.get('g2/dmesg')).toBe(
      'enccw0.0.0a03: IPv6 duplicate address fe80::ff:fe0a:1 used by 46:41:4b:45:4c:4c detected!',
    );
  });
});

describe('current kernels: a unique id per guest from the card', () => {
  const t = run(
    lab(
      [{ ipv6: true }, { ipv6: true }, { layer: 2, mac: '02:00:00:00:0a:06', ipv6: true }],
      [
        { at: '2s', node: 'lan', command: 'ping', args: { dst: 'fe80::200:0:20a:1' } },
        { at: '2100ms', node: 'lan', command: 'ping', args: { dst: 'fe80::ff:fe00:a06' } },
      ],
    ),
  );
  const s = finalState(t);
  it('CREATE_ADDR hands out ids 1 and 2, and the addresses differ', () => {
    expect(s.get('g1/dev_id')).toBe('0x0001');
    expect(s.get('g2/dev_id')).toBe('0x0002');
    expect(s.get('g1/ip6/fe80::200:0:10a:1')).toEqual({ scope: 'link', state: 'preferred' });
    expect(s.get('g2/ip6/fe80::200:0:20a:1')).toEqual({ scope: 'link', state: 'preferred' });
  });
  it('the layer-2 guest derives its address from its own MAC and registers no IP', () => {
    expect(s.get('g3/ip6/fe80::ff:fe00:a06')).toEqual({ scope: 'link', state: 'preferred' });
    expect([...s.keys()].filter((k) => k.startsWith('osa/table/0x0a06/ip/'))).toEqual([]);
    // Its solicited-node group MAC: 33:33 + ff02::1:ff00:a06's last 32 bits (RFC 2464 7).
    expect(s.get('g3/gmac/33:33:ff:00:0a:06')).toEqual({ registered: true });
  });
  const nsTargets = (i: number) => {
    const d = stepsOf(t, i).find(
      (x) => x.node === 'osa' && x.port === 'wire' && x.kind === 'decide' && x.decision.includes('multicast'),
    );
    return (d?.detail as { demux: { targets: string[] } }).demux.targets;
  };
  it('layer-3 guests share the solicited-node group ff02::1:ff0a:1 (last 24 bits of the shared MAC)', () => {
    expect(nsTargets(0)).toEqual(['0x0a00', '0x0a03']);
  });
  it("the layer-2 guest's group is its own: one copy", () => {
    expect(nsTargets(1)).toEqual(['0x0a06']);
  });
  it('both pings are answered; IPv6 from a layer-3 guest leaves with the header its stack built', () => {
    const replies = t.steps.filter(
      (x) => x.node === 'lan' && x.kind === 'deliver' && x.decision.startsWith('Echo reply'),
    );
    expect(replies.length).toBe(2);
    const out = stepsOf(t, 0).find(
      (x) => x.node === 'osa' && x.port === 'wire' && x.kind === 'transmit' && x.decision.startsWith('IPv6'),
    );
    expect(out?.decision).toContain('02:00:00:00:99:01');
  });
});

describe('layer-2 group MACs (SETGMAC)', () => {
  // Two layer-2 guests with their own MACs: their solicited-node groups differ
  // (ff02::1:ff00:a00 and ff02::1:ff00:a03), so so do their group MACs.
  const t = run(
    lab([
      { layer: 2, mac: '02:00:00:00:0a:00', ipv6: true },
      { layer: 2, mac: '02:00:00:00:0a:03', ipv6: true },
    ]),
  );
  const s = finalState(t);
  it("the card table lists each guest's registered group MACs", () => {
    expect(s.get('osa/table/0x0a00/mc/33:33:ff:00:0a:00')).toBe(true);
    expect(s.get('osa/table/0x0a00/mc/33:33:00:00:00:01')).toBe(true);
    expect(s.get('osa/table/0x0a03/mc/33:33:ff:00:0a:03')).toBe(true);
    expect(s.get('osa/table/0x0a03/mc/33:33:ff:00:0a:00')).toBeUndefined();
  });
  it('a DAD probe goes to the LAN and to no other layer-2 guest (nobody else registered its group MAC)', () => {
    const probes = t.steps.filter(
      (x) => x.node === 'osa' && x.kind === 'decide' && x.decision.startsWith('group MAC 33:33:ff:00:0a:'),
    );
    expect(probes.map((p) => (p.detail as { demux: { targets: string[]; toLan: boolean } }).demux)).toEqual([
      expect.objectContaining({ targets: [], toLan: true }),
      expect.objectContaining({ targets: [], toLan: true }),
    ]);
    expect(s.get('g1/ip6/fe80::ff:fe00:a00')).toEqual({ scope: 'link', state: 'preferred' });
    expect(s.get('g2/ip6/fe80::ff:fe00:a03')).toEqual({ scope: 'link', state: 'preferred' });
  });
  it('SETGMAC comes after SETVMAC in each guest (rx_mode runs once the device is up)', () => {
    const cmds = t.steps
      .filter((x) => x.node === 'g1' && x.kind === 'inject' && x.detail && 'ipa' in x.detail)
      .map((x) => (x.detail as { ipa: { cmd: string } }).ipa.cmd.split(' ')[0]);
    expect(cmds).toEqual(['STARTLAN', 'SETVMAC', 'SETGMAC', 'SETGMAC']);
  });
});
