// Topology edits for the lab page's Topology tab: add a device (a copy of one of the
// scenario's own, with fresh addresses, or a plain host), remove one with what hangs on it,
// link two free ports, unlink. Each
// edit returns a new scenario JSON and leaves the given one untouched; the loader judges
// the result like any other edit, so a copy that cannot stand (a qeth guest whose card has
// no free device number, say) shows the loader's problem at its path. The columns' order
// is in topology-arrange.ts.
import { deviceTypes } from '../../engine/devices/registry';
import { IssueList } from '../../engine/scenario/issues';
import { Reader } from '../../engine/scenario/read';
import { LAB_DEVICE_TYPES, type LabId } from './lab-of';

export type Json = Record<string, unknown>;
interface NodeJson extends Json {
  id: string;
  type: string;
}
interface LinkJson extends Json {
  id: string;
  a: string;
  b: string;
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (json: unknown, key: string): unknown[] => {
  const v = isObject(json) ? json[key] : undefined;
  return Array.isArray(v) ? v : [];
};
export const nodesOf = (json: unknown): NodeJson[] =>
  list(json, 'nodes').filter(
    (n): n is NodeJson => isObject(n) && typeof n.id === 'string' && typeof n.type === 'string',
  );
const linksOf = (json: unknown): LinkJson[] =>
  list(json, 'links').filter(
    (l): l is LinkJson => isObject(l) && typeof l.id === 'string' && typeof l.a === 'string' && typeof l.b === 'string',
  );

export interface TopologyNodeInfo {
  readonly id: string;
  readonly type: string;
  readonly label: string;
  /** The device's ports as its type reads its config; empty when the config has problems. */
  readonly ports: readonly string[];
  /** Ports no link uses yet. */
  readonly free: readonly string[];
}

/** Each node's ports, read by its device type the way the loader reads them. */
export function topologyOf(json: unknown): { nodes: TopologyNodeInfo[]; links: LinkJson[] } {
  const links = linksOf(json);
  const used = new Set(links.flatMap((l) => [l.a, l.b]));
  const nodes = nodesOf(json).map((n, i) => {
    const t = deviceTypes.get(n.type);
    let ports: readonly string[] = [];
    if (t) {
      const issues = new IssueList();
      const config = t.readConfig(new Reader(issues, n.config ?? {}, `$.nodes[${i}].config`), issues);
      if (config !== undefined && issues.ok) ports = t.ports(config);
    }
    return {
      id: n.id,
      type: n.type,
      label: typeof n.label === 'string' ? n.label : n.id,
      ports,
      free: ports.filter((p) => !used.has(`${n.id}:${p}`)),
    };
  });
  return { nodes, links };
}

/** The device types this lab's stage and views draw: what may be added here. */
export const addableTypes = (lab: LabId): readonly string[] => LAB_DEVICE_TYPES[lab];

const ID = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

/** Why an id cannot name a new node, or undefined when it can. */
export function idProblem(json: unknown, id: string): string | undefined {
  if (!ID.test(id))
    return `"${id.slice(0, 40)}" is not an id: start with a letter; letters, digits, _ . - only; at most 40`;
  if (nodesOf(json).some((n) => n.id === id) || linksOf(json).some((l) => l.id === id))
    return `the scenario already has a node or link "${id}"`;
  return undefined;
}

/** A free id like `h4`: the prefix and the first number no node or link uses. */
export function freshId(json: unknown, prefix: string): string {
  const taken = new Set([...nodesOf(json).map((n) => n.id), ...linksOf(json).map((l) => l.id)]);
  const base = /^[A-Za-z]/.test(prefix) ? prefix.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 30) : 'n';
  for (let k = 1; ; k++) if (!taken.has(`${base}${k}`)) return `${base}${k}`;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?$/;

/** Every string anywhere in the scenario's nodes (addresses in use, whatever the device). */
function stringsIn(v: unknown, out: Set<string>): Set<string> {
  if (typeof v === 'string') out.add(v.toLowerCase().replace(/\/\d+$/, ''));
  else if (Array.isArray(v)) v.forEach((x) => stringsIn(x, out));
  else if (isObject(v)) Object.values(v).forEach((x) => stringsIn(x, out));
  return out;
}

/**
 * A deep copy of `value` with each MAC replaced by a locally administered one no node uses
 * and each IPv4 address by the next free one in its /24 (a prefix length is kept), so the
 * copy of a device does not collide with the original on the wire.
 */
function freshAddresses(value: unknown, used: Set<string>): unknown {
  if (typeof value === 'string') {
    if (MAC.test(value)) {
      for (let k = 1; k < 0xffff; k++) {
        const mac = `02:00:00:00:${((k >> 8) & 0xff).toString(16).padStart(2, '0')}:${(k & 0xff).toString(16).padStart(2, '0')}`;
        if (!used.has(mac)) {
          used.add(mac);
          return mac;
        }
      }
      return value;
    }
    const ip = IPV4.exec(value);
    if (ip && [1, 2, 3, 4].every((i) => Number(ip[i]) <= 255)) {
      for (let h = 1; h < 255; h++) {
        const addr = `${ip[1]}.${ip[2]}.${ip[3]}.${h}`;
        if (!used.has(addr)) {
          used.add(addr);
          return addr + (ip[5] ?? '');
        }
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((x) => freshAddresses(x, used));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, freshAddresses(v, used)]));
  return value;
}

/** A qeth guest's copy takes a device number of its card that no guest has yet. */
function freeDevno(json: unknown, config: Json): Json {
  const taken = new Set(
    nodesOf(json)
      .filter((n) => n.type === 'qeth-guest' && isObject(n.config))
      .map((n) => String((n.config as Json).devno).toLowerCase()),
  );
  for (const card of nodesOf(json).filter((n) => n.type === 'qeth-osa' && isObject(n.config))) {
    const devnos = (card.config as Json).devnos;
    const free = Array.isArray(devnos)
      ? devnos.find((d) => typeof d === 'string' && !taken.has(d.toLowerCase()))
      : undefined;
    if (free) return { ...config, devno: free };
  }
  return config;
}

export interface AddNode {
  readonly type: string;
  readonly id: string;
  readonly label?: string;
}

/** What a new node of this type starts from: the scenario's first one of it, or a plain host. */
export function templateOf(json: unknown, type: string): { from?: string; config: unknown } | undefined {
  const like = nodesOf(json).find((n) => n.type === type);
  if (like) return { from: like.id, config: like.config ?? {} };
  if (type === 'host') return { config: { mac: '02:00:00:00:00:01', ip: '10.0.0.1' } };
  return undefined;
}

/** The scenario with one more node: a copy of `templateOf`'s config with fresh addresses. */
export function addNode(json: unknown, add: AddNode): Json {
  const problem = idProblem(json, add.id);
  if (problem) throw new Error(problem);
  const template = templateOf(json, add.type);
  if (!template) throw new Error(`the scenario has no "${add.type}" device to copy; add one in the JSON tab`);
  let config = freshAddresses(template.config, stringsIn(list(json, 'nodes'), new Set())) as Json;
  // A copy of a guest is a plain guest: a second primary router is a different lesson.
  if (add.type === 'qeth-guest') config = withoutKey(withoutKey(freeDevno(json, config), 'route4'), 'route6');
  const last = nodesOf(json).at(-1);
  const node: Json = { id: add.id, type: add.type, label: add.label?.trim() || add.id, config };
  // A copy of a guest drawn inside its host's group lives in the same host.
  const group = nodesOf(json).find((n) => n.id === template.from)?.group;
  if (typeof group === 'string') node.group = group;
  // A scenario that places its columns places the new one at the right end.
  if (isObject(last?.position)) node.position = { x: 1, y: 0.5 };
  return { ...(json as Json), nodes: [...list(json, 'nodes'), node] };
}

export interface Removal {
  readonly json: Json;
  readonly links: number;
  readonly traffic: number;
  readonly faults: number;
  readonly expectations: number;
}

const mentions = (v: unknown, id: string): boolean =>
  typeof v === 'string'
    ? v === id || v.startsWith(`${id}:`)
    : Array.isArray(v)
      ? v.some((x) => mentions(x, id))
      : isObject(v) && Object.values(v).some((x) => mentions(x, id));

/**
 * The scenario without node `id`, its links, the faults on those links, the traffic it
 * sends, and the expectations that name it. Expectations number traffic items, so when
 * traffic goes, the expectations that refer to traffic by number go too (their numbers
 * would point at other items).
 */
export function removeNode(json: unknown, id: string): Removal {
  const links = linksOf(json).filter((l) => l.a.startsWith(`${id}:`) || l.b.startsWith(`${id}:`));
  const goneLinks = new Set(links.map((l) => l.id));
  const traffic = list(json, 'traffic');
  const keptTraffic = traffic.filter((t) => !(isObject(t) && t.node === id));
  const faults = list(json, 'faults');
  const keptFaults = faults.filter((f) => !(isObject(f) && typeof f.link === 'string' && goneLinks.has(f.link)));
  const renumbered = keptTraffic.length !== traffic.length;
  const expect = list(json, 'expect');
  const keptExpect = expect.filter((e) => !mentions(e, id) && !(renumbered && hasKey(e, 'traffic')));
  const out: Json = {
    ...(json as Json),
    nodes: list(json, 'nodes')
      .filter((n) => !(isObject(n) && n.id === id))
      .map((n) => (isObject(n) && n.group === id ? withoutKey(n, 'group') : n)),
    links: list(json, 'links').filter((l) => !(isObject(l) && goneLinks.has(String(l.id)))),
  };
  if (isObject(json) && 'traffic' in json) out.traffic = keptTraffic;
  if (isObject(json) && 'faults' in json) out.faults = keptFaults;
  if (isObject(json) && 'expect' in json) out.expect = keptExpect;
  return {
    json: out,
    links: links.length,
    traffic: traffic.length - keptTraffic.length,
    faults: faults.length - keptFaults.length,
    expectations: expect.length - keptExpect.length,
  };
}

const hasKey = (v: unknown, key: string): boolean =>
  Array.isArray(v)
    ? v.some((x) => hasKey(x, key))
    : isObject(v) && (key in v || Object.values(v).some((x) => hasKey(x, key)));

const withoutKey = (o: Json, key: string): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/** The scenario with a link between two free ports (`node:port`), at the default speed. */
export function addLink(json: unknown, a: string, b: string, id = freshId(json, 'l')): Json {
  const { nodes } = topologyOf(json);
  for (const end of [a, b]) {
    const [node, port] = [end.slice(0, end.indexOf(':')), end.slice(end.indexOf(':') + 1)];
    const n = nodes.find((x) => x.id === node);
    if (!n) throw new Error(`there is no node "${node}"`);
    if (!n.free.includes(port)) throw new Error(`${end} is not a free port of ${node}`);
  }
  if (a === b || a.split(':')[0] === b.split(':')[0]) throw new Error('a link joins two different devices');
  const problem = idProblem(json, id);
  if (problem) throw new Error(problem);
  return { ...(json as Json), links: [...list(json, 'links'), { id, a, b }] };
}

/** The scenario without link `id` and the faults scripted on it. */
export function removeLink(json: unknown, id: string): { json: Json; faults: number } {
  const faults = list(json, 'faults');
  const kept = faults.filter((f) => !(isObject(f) && f.link === id));
  const out: Json = { ...(json as Json), links: list(json, 'links').filter((l) => !(isObject(l) && l.id === id)) };
  if (isObject(json) && 'faults' in json) out.faults = kept;
  return { json: out, faults: faults.length - kept.length };
}

/** Device types whose ports come from a list in their config, so a port can be added. */
export const GROWABLE: Readonly<Record<string, string>> = {
  bridge: 'a bridge port',
  macvlan: 'a macvlan',
  'qeth-osa': 'a device number (subchannel triplet)',
};

/**
 * The scenario with one more port on node `id` (a bridge port `p<k>`, a macvlan `mv<k>` in
 * the mode of the last one with a fresh MAC, or the OSA card's next device number: triplets
 * are three apart), and the new port's name.
 */
export function addPort(json: unknown, id: string): { json: Json; port: string } {
  const nodes = list(json, 'nodes');
  const i = nodes.findIndex((n) => isObject(n) && n.id === id);
  const node = nodes[i] as NodeJson | undefined;
  if (!node) throw new Error(`there is no node "${id}"`);
  const config: Json = isObject(node.config) ? node.config : {};
  const have = new Set(topologyOf(json).nodes.find((n) => n.id === id)?.ports ?? []);
  const next = (prefix: string) => {
    for (let k = 1; ; k++) if (!have.has(`${prefix}${k}`)) return `${prefix}${k}`;
  };
  let port: string;
  let grown: Json;
  if (node.type === 'bridge') {
    port = next('p');
    grown = { ...config, ports: [...(Array.isArray(config.ports) ? config.ports : []), port] };
  } else if (node.type === 'macvlan') {
    const macvlans = Array.isArray(config.macvlans) ? config.macvlans : [];
    const last = macvlans.at(-1);
    port = next('mv');
    const mac = freshAddresses('02:00:00:00:00:00', stringsIn(nodes, new Set())) as string;
    const mode = isObject(last) && typeof last.mode === 'string' ? last.mode : 'vepa';
    grown = { ...config, macvlans: [...macvlans, { name: port, mac, mode }] };
  } else if (node.type === 'qeth-osa' && Array.isArray(config.devnos)) {
    const numbers = config.devnos.map((d) => (typeof d === 'string' ? parseInt(d, 16) : NaN)).filter(Number.isFinite);
    const n = numbers.length ? Math.max(...numbers) + 3 : 0x0a00;
    if (n > 0xffff) throw new Error(`${id} has no device number left after 0xffff`);
    port = `0x${n.toString(16).padStart(4, '0')}`;
    grown = { ...config, devnos: [...config.devnos, port] };
  } else throw new Error(`a port cannot be added to ${id} (${node.type}) here; edit its config in the JSON tab`);
  const out = nodes.slice();
  out[i] = { ...node, config: grown };
  return { json: { ...(json as Json), nodes: out }, port };
}

export interface AddDevice extends AddNode {
  /** Where its first port is linked: a free `node:port`, a new port on a node, or nowhere. */
  readonly attach?: { readonly port: string } | { readonly newPortOn: string };
}

/** Add a device and, if asked, link its first free port to `attach`. */
export function addDevice(json: unknown, add: AddDevice): { json: Json; link?: string; far?: string } {
  let out: Json = json as Json;
  let far: string | undefined;
  if (add.attach && 'newPortOn' in add.attach) {
    const grown = addPort(out, add.attach.newPortOn);
    out = grown.json;
    far = `${add.attach.newPortOn}:${grown.port}`;
  } else if (add.attach) far = add.attach.port;
  out = addNode(out, add);
  if (!far) return { json: out };
  // A guest on a macvlan sends from the macvlan's address: in Linux the guest's interface
  // is the macvlan (or the macvtap's tap), so the two MACs are one.
  const farMac = add.type === 'host' ? macvlanMac(out, far) : undefined;
  if (farMac)
    out = {
      ...out,
      nodes: list(out, 'nodes').map((n) =>
        isObject(n) && n.id === add.id && isObject(n.config) ? { ...n, config: { ...n.config, mac: farMac } } : n,
      ),
    };
  const mine = topologyOf(out).nodes.find((n) => n.id === add.id)?.free[0];
  if (!mine) throw new Error(`the new ${add.type} has no free port to link (its copied config has problems)`);
  const link = `${add.id}:${mine}`;
  return { json: addLink(out, link, far), link, far };
}

/** The MAC of the macvlan behind `node:port`, when that port is a macvlan. */
function macvlanMac(json: unknown, end: string): string | undefined {
  const [id, port] = [end.slice(0, end.indexOf(':')), end.slice(end.indexOf(':') + 1)];
  const node = nodesOf(json).find((n) => n.id === id && n.type === 'macvlan');
  const macvlans = node && isObject(node.config) && Array.isArray(node.config.macvlans) ? node.config.macvlans : [];
  const m = macvlans.find((x) => isObject(x) && x.name === port);
  return isObject(m) && typeof m.mac === 'string' ? m.mac : undefined;
}
