// The 802.1Qbh path hands the hypervisor's data down to the NIC: enic_set_port_profile
// provisions the profile name, the client MAC and the instance UUID as TLVs
// (drivers/net/ethernet/cisco/enic/enic_pp.c), and the firmware names them to the switch.
// The step's detail must say what the (stand-in) frame carries, and the frame must carry it.
import { describe, expect, it } from 'vitest';
import { formatMac } from '../../src/engine/frame/address';
import { parseEthernet } from '../../src/engine/frame/ethernet';
import { parseVic } from '../../src/engine/devices/vdp/station/enic';
import { formatUuid } from '../../src/engine/devices/vdp/codec/vsiid';
import { loadJson, run } from './run';

describe('what host B firmware names to the switch came from libvirt', () => {
  const json: any = loadJson('lessons/vdp-06-who-speaks-vdp/scenario.json');
  const vm2 = json.nodes.find((n: any) => n.id === 'hostB').config.guests.find((g: any) => g.name === 'vm2');
  const nicMac = json.nodes.find((n: any) => n.id === 'hostB').config.mac;
  const t = run(json);
  const step = t.steps.find((s) => s.node === 'hostB' && s.kind === 'inject' && (s.detail as any)?.vic)!;

  it("the request names the guest's MAC, instance UUID and profile; the NIC's own MAC is only the source", () => {
    expect(step.detail).toMatchObject({ vic: { op: 2, profile: vm2.profile, mac: vm2.mac, uuid: vm2.uuid } });
    const bytes = t.frames[step.frame!];
    const v = parseVic(bytes)!;
    expect(formatMac(v.mac)).toBe(vm2.mac);
    expect(formatUuid(v.uuid)).toBe(vm2.uuid);
    expect(v.profile).toBe(vm2.profile);
    expect(formatMac(parseEthernet(bytes).src)).toBe(nicMac);
  });
});
