// libvirt's and lldpad's rtnetlink messages byte for byte. Lengths and offsets worked out by
// hand from the sources (libvirt virNetDevVPortProfileOpSetLink, virNetDevLinkDump; lldpad
// qbg/vdpnl.c vdpnl_error, vdpnl_getlink, vdpnl_reply2; libnl lib/attr.c nla_put: nla_len =
// 4 + payload, space padded to 4; nla_nest_start sets NLA_F_NESTED; an empty nest is cancelled)
// and the constants of include/uapi/linux/netlink.h, rtnetlink.h and if_link.h.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeNetlink,
  getlinkReplyLldpad,
  getlinkRequest,
  nlmsgError,
  setlinkQbg,
  type NlNode,
} from '../../src/engine/devices/vdp/codec/netlink';
import { runFile } from './run';

const le16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const le32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const UUID = '4a3b0c8e-1111-2222-3333-444455556666';
const fromHex = (h: string): Uint8Array => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));

const setlink = setlinkQbg({
  seq: 1700000000,
  pid: 1000,
  ifindex: 2,
  ifname: 'uplink',
  mac: new Uint8Array([2, 0, 0, 0, 0, 0x10]),
  vlan: 0,
  managerId: 5,
  typeId: 0x123456,
  typeVersion: 1,
  uuid: UUID,
  request: 2,
});

describe('RTM_SETLINK from libvirt to lldpad', () => {
  it('is 156 bytes: header 16, ifinfomsg 16, IFLA_IFNAME 12, IFLA_VFINFO_LIST 64, IFLA_VF_PORTS 48', () => {
    expect(setlink.length).toBe(156);
    expect(le32(setlink, 0)).toBe(156);
    expect(le16(setlink, 4)).toBe(19); // RTM_SETLINK
    expect(le16(setlink, 6)).toBe(1); // NLM_F_REQUEST
    expect(le32(setlink, 8)).toBe(1700000000);
    expect(le32(setlink, 12)).toBe(1000);
    expect(le32(setlink, 20)).toBe(2); // ifi_index
    // IFLA_IFNAME "uplink\0": nla_len 11, type 3, padded to 12.
    expect([le16(setlink, 32), le16(setlink, 34)]).toEqual([11, 3]);
    // IFLA_VFINFO_LIST (22 | NLA_F_NESTED) of 64: IFLA_VF_INFO 60 = 4 + VF_MAC 40 + VF_VLAN 16.
    expect([le16(setlink, 44), le16(setlink, 46)]).toEqual([64, 0x8016]);
    expect([le16(setlink, 48), le16(setlink, 50)]).toEqual([60, 0x8001]);
    expect([le16(setlink, 52), le16(setlink, 54)]).toEqual([40, 1]);
    expect(le32(setlink, 56)).toBe(0xffffffff); // vf PORT_SELF_VF
    expect([...setlink.subarray(60, 66)]).toEqual([2, 0, 0, 0, 0, 0x10]);
    // IFLA_VF_PORTS (24) of 48, IFLA_VF_PORT of 44: VSI_TYPE 12 + UUID 20 + REQUEST 5 (padded 8).
    expect([le16(setlink, 108), le16(setlink, 110)]).toEqual([48, 0x8018]);
    expect([le16(setlink, 112), le16(setlink, 114)]).toEqual([44, 0x8001]);
    expect([le16(setlink, 116), le16(setlink, 118)]).toEqual([12, 3]);
    expect([...setlink.subarray(120, 128)]).toEqual([5, 0x56, 0x34, 0x12, 1, 0, 0, 0]);
    expect([le16(setlink, 148), le16(setlink, 150), setlink[152]]).toEqual([5, 6, 2]);
  });

  it('decodes attribute by attribute', () => {
    const d = decodeNetlink(setlink);
    expect(d.ok).toBe(true);
    const find = (n: NlNode, label: string): NlNode | undefined =>
      n.label.startsWith(label) ? n : n.children?.map((c) => find(c, label)).find(Boolean);
    const t = (d as { tree: NlNode }).tree;
    expect(t.label).toBe('RTM_SETLINK');
    expect(find(t, 'IFLA_IFNAME')!.value).toBe('"uplink"');
    expect(find(t, 'IFLA_VF_MAC')!.value).toBe('vf PORT_SELF_VF (-1), mac 02:00:00:00:00:10');
    expect(find(t, 'IFLA_PORT_VSI_TYPE')!.value).toBe('manager 5, type id 0x123456, version 1');
    expect(find(t, 'IFLA_PORT_INSTANCE_UUID')!.value).toBe(UUID);
    expect(find(t, 'IFLA_PORT_REQUEST')!.value).toBe('2 (ASSOCIATE)');
  });
});

describe("lldpad's replies", () => {
  it('NLMSG_ERROR: 36 bytes, flags 0, seq and pid echoed, the error and the request header', () => {
    const e = nlmsgError(setlink, -22);
    expect(e.length).toBe(36);
    expect([le16(e, 4), le16(e, 6), le32(e, 8), le32(e, 12)]).toEqual([2, 0, 1700000000, 1000]);
    expect(le32(e, 16) | 0).toBe(-22);
    expect([...e.subarray(20, 36)]).toEqual([...setlink.subarray(0, 16)]);
  });
  it('RTM_GETLINK from libvirt: ifinfomsg and IFLA_EXT_MASK RTEXT_FILTER_VF, 40 bytes', () => {
    const g = getlinkRequest({ seq: 7, pid: 1000, ifindex: 2 });
    expect(g.length).toBe(40);
    expect([le16(g, 4), le16(g, 32), le16(g, 34), le32(g, 36)]).toEqual([18, 8, 29, 1]);
  });
  it('NLMSG_DONE with nothing listed: libnl drops the empty IFLA_VF_PORTS, 32 bytes', () => {
    const r = getlinkReplyLldpad({ seq: 7, pid: 1000, ifindex: 2, ports: [] });
    expect(r.length).toBe(32);
    expect(le16(r, 4)).toBe(3);
  });
  it('one VSI answered 0: IFLA_VF_PORT = UUID 20 + VF 8 + RESPONSE 6 (padded 8) + 4 = 40, total 76', () => {
    const r = getlinkReplyLldpad({ seq: 7, pid: 1000, ifindex: 2, ports: [{ uuid: UUID, response: 0 }] });
    expect(r.length).toBe(76);
    expect([le16(r, 32), le16(r, 34), le16(r, 36)]).toEqual([44, 0x8018, 40]);
    const unanswered = getlinkReplyLldpad({ seq: 7, pid: 1000, ifindex: 2, ports: [{ uuid: UUID }] });
    expect(unanswered.length).toBe(68);
  });
});

describe('the decoder is total', () => {
  it('says what is wrong and where', () => {
    expect(decodeNetlink(new Uint8Array(5))).toMatchObject({ ok: false, offset: 0 });
    const bad = setlink.slice();
    bad[44] = 200; // IFLA_VFINFO_LIST claims more than is there
    const d = decodeNetlink(bad);
    expect(d).toMatchObject({ ok: false, offset: 44 });
    expect((d as { error: string }).error).toMatch(/runs past the end/);
  });
  it('never throws on mutated messages (fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200), fc.nat(255)), { maxLength: 8 }), fc.nat(160), (edits, cut) => {
        const b = setlink.slice(0, Math.max(0, setlink.length - (cut % 40)));
        for (const [at, v] of edits) if (at < b.length) b[at] = v;
        const d = decodeNetlink(b);
        if (!d.ok) expect(d.offset).toBeGreaterThanOrEqual(0);
        if (!d.ok) expect(d.offset).toBeLessThanOrEqual(b.length);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });
});

describe('in a run: the steps carry the bytes', () => {
  it('the happy path: SETLINK, NLMSG_ERROR 0 and each poll with its reply decode', () => {
    const trace = runFile('src/scenarios/vdp/associate.json');
    const nl = trace.steps
      .map((s) => s.detail?.netlink as { msg: string; bytes?: string; replyBytes?: string } | undefined)
      .filter((n) => n?.bytes);
    const set = nl.find((n) => n!.msg === 'RTM_SETLINK')!;
    expect((decodeNetlink(fromHex(set.bytes!)) as { tree: NlNode }).tree.label).toBe('RTM_SETLINK');
    const err = nl.find((n) => n!.msg === 'NLMSG_ERROR')!;
    expect(le32(fromHex(err.bytes!), 16)).toBe(0);
    const poll = nl.find((n) => n!.msg === 'RTM_GETLINK')!;
    expect(decodeNetlink(fromHex(poll.bytes!)).ok).toBe(true);
    expect(decodeNetlink(fromHex(poll.replyBytes!)).ok).toBe(true);
  });
});
