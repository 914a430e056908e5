// mlx5 subfunctions (issue 15 item 7): an SF is an auxiliary device of the PF that devlink
// creates (`devlink port add pci/<pf> flavour pcisf pfnum 0 sfnum N`, then
// `devlink port function set ... state active`) with its representor, and only while the
// eswitch is in switchdev mode. Golden values from the kernel, not from the engine:
// drivers/net/ethernet/mellanox/mlx5/core/sf/devlink.c, mlx5_devlink_sf_port_new:
//   if (!is_mdev_switchdev_mode(dev)) {
//           NL_SET_ERR_MSG_MOD(extack, "SF ports are only supported in eswitch switchdev mode.");
//           return -EOPNOTSUPP;
//   }
// NL_SET_ERR_MSG_MOD prefixes KBUILD_MODNAME ": " (include/linux/netlink.h); the module is mlx5_core.
import { describe, expect, it } from 'vitest';
import { deviceTypes } from '../../src/engine/devices/registry';
import { loadScenario } from '../../src/engine/scenario/load';
import { MAC, finalState, run } from '../helpers/run';

const DEVLINK_EXTACK = 'mlx5_core: SF ports are only supported in eswitch switchdev mode.';

const topo = (eswitch: 'legacy' | 'switchdev', fn: Record<string, unknown>) => ({
  name: 'sf',
  seed: 1,
  nodes: [
    {
      id: 'nic',
      type: 'sriov-nic',
      config: { uplink: 'p0', pfMac: '02:00:00:00:00:10', eswitch, functions: [{ name: 'vf0', mac: MAC(1) }, fn] },
    },
  ],
  links: [],
  traffic: [],
});

describe('mlx5 subfunctions need a switchdev eswitch', () => {
  it('legacy: an SF is refused with the extack devlink prints, at the function\'s "kind"', () => {
    const r = loadScenario(topo('legacy', { name: 'sf0', kind: 'sf', mac: MAC(3) }), deviceTypes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const i = r.issues.find((x) => x.message.includes(DEVLINK_EXTACK));
    expect(i?.path).toBe('$.nodes[0].config.functions[1].kind');
    expect(i?.message).toContain('EOPNOTSUPP');
  });

  it('legacy: a function named sf… defaults to kind "sf" and is refused the same way', () => {
    const r = loadScenario(topo('legacy', { name: 'sf1', mac: MAC(3) }), deviceTypes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.some((x) => x.message.includes(DEVLINK_EXTACK))).toBe(true);
  });

  it('legacy: VFs are PCI functions and exist in both modes', () => {
    expect(loadScenario(topo('legacy', { name: 'vf1', mac: MAC(3) }), deviceTypes).ok).toBe(true);
  });

  it('switchdev: the SF loads and gets its representor', () => {
    const t = run(topo('switchdev', { name: 'sf0', kind: 'sf', mac: MAC(3) }));
    expect(finalState(t).get('nic/fn/sf0')).toMatchObject({ kind: 'sf', representor: 'rep_sf0' });
  });
});
