// Bridge commands a scenario can run (and their argument checks):
//   port-set    {port, hairpin?, learning?, flood?, mcastFlood?, bcastFlood?, isolated?}
//               = `bridge link set dev <port> hairpin on ...`
//   acl-add     {port, rule: {id, dir?, scope?, match?, action, mirrorTo?}, position?}
//   acl-del     {port, id}
//   acl-default {port, action: "allow" | "deny"}
//   acl-clear   {port}
// `port` may name an S-channel's virtual port (`p1.s10`), which exists once CDCP made it.
import { IssueList } from '../../scenario/issues';
import { Reader } from '../../scenario/read';
import type { DeviceContext } from '../../sim/device';
import { errnoValue } from '../../scenario/errno';
import type { Bridge } from './bridge';
import { FLAG_NAMES, readFlags } from './ports';
import { readRule } from './policy-config';

const port = (r: Reader) => r.at('port').string({ hint: 'a bridge port like "p1" or an S-channel port like "p1.s10"' });

export const bridgeCommands: Record<string, (args: Reader, issues: IssueList) => void> = {
  'port-set': (r) => {
    r.onlyKeys(['port', ...FLAG_NAMES]);
    port(r);
    for (const f of FLAG_NAMES) if (r.has(f)) r.at(f).boolean();
    if (!FLAG_NAMES.some((f) => r.has(f))) r.issues.add(r.path, 'sets no flag', `give one of ${FLAG_NAMES.join(', ')}`);
  },
  'acl-add': (r) => {
    r.onlyKeys(['port', 'rule', 'position']);
    port(r);
    readRule(r.at('rule'), 'rule');
    if (r.has('position')) r.at('position').number({ integer: true, min: 0 });
  },
  'acl-del': (r) => {
    r.onlyKeys(['port', 'id']);
    port(r);
    r.at('id').string();
  },
  'acl-default': (r) => {
    r.onlyKeys(['port', 'action']);
    port(r);
    r.at('action').string({ oneOf: ['allow', 'deny'] });
  },
  'acl-clear': (r) => {
    r.onlyKeys(['port']);
    port(r);
  },
};

/** Run a command whose arguments were already validated at load time. */
export function runBridgeCommand(b: Bridge, name: string, args: Record<string, unknown>, c: DeviceContext): void {
  const r = new Reader(new IssueList(), args, '$');
  const p = String(args.port);
  // The tool gets 0, or -ENODEV for a port the bridge does not have (iproute2's
  // ll_name_to_index fails: "Cannot find device"); the step the call records says so.
  const ctx = answering(c, {
    errno: b.table.get(p) ? 0 : (errnoValue('-ENODEV') ?? -1),
    to: name === 'port-set' ? 'bridge link set' : `bridge ${name}`,
  });
  if (name === 'port-set') {
    const cur = b.table.get(p);
    if (!cur) return void b.setPortFlags(p, {}, ctx);
    b.setPortFlags(p, readFlags(r, cur.flags), ctx);
  } else if (name === 'acl-add') {
    const rule = readRule(r.at('rule'), 'rule');
    if (rule) b.addAclRule(p, rule, ctx, typeof args.position === 'number' ? args.position : undefined);
  } else if (name === 'acl-del') {
    b.removeAclRule(p, String(args.id), ctx);
  } else if (name === 'acl-default') {
    b.setPolicy(
      p,
      { ...b.policyOf(p), defaultAction: args.action === 'deny' ? 'deny' : 'allow' },
      ctx,
      `default action ${String(args.action)}`,
    );
  } else if (name === 'acl-clear') {
    b.setPolicy(p, { rules: [], defaultAction: 'allow' }, ctx, 'all rules cleared');
  }
}

/** A context whose recorded steps also carry what the command returned to its caller. */
function answering(ctx: DeviceContext, returns: { errno: number; to: string }): DeviceContext {
  return {
    get now() {
      return ctx.now;
    },
    node: ctx.node,
    rng: ctx.rng,
    note: (kind, e, p) => ctx.note(kind, { ...e, detail: { ...e.detail, returns } }, p),
    send: (port, bytes, e, parent) => ctx.send(port, bytes, e, parent),
    deliver: (p, e) => ctx.deliver(p, e),
    drop: (p, e) => ctx.drop(p, e),
    hold: (p, e) => ctx.hold(p, e),
    clone: (p, b) => ctx.clone(p, b),
    schedule: (d, l, f) => ctx.schedule(d, l, f),
    set: (k, v) => ctx.set(k, v),
    count: (c, by) => ctx.count(c, by),
  };
}
