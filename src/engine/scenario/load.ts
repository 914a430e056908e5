// Scenario files: parse, validate every field, and resolve units. All problems are
// collected in one pass and reported with their JSON path and a hint; nothing here
// throws on bad input except through ScenarioError, which carries the list.
import { IssueList, ScenarioError, shown, type Issue } from './issues';
import { BUDGET_LIMITS } from '../sim/budget';
import { Reader } from './read';
import { readFrameSpec } from '../frame/spec';
import { readExpectations } from './expect-read';
import type { DeviceType } from '../sim/device';
import type { LinkSpec } from '../sim/links';
import type { FaultItem, NodeSpec, Scenario, TrafficItem } from '../sim/scenario-types';
import type { PortRef } from '../sim/types';

const TOP_KEYS = [
  '$schema',
  'name',
  'description',
  'seed',
  'until',
  'maxSteps',
  'maxEvents',
  'maxTime',
  'maxMemory',
  'nodes',
  'links',
  'traffic',
  'faults',
  'expect',
];
const ID = /^[A-Za-z][\w.-]{0,39}$/;
const ID_HINT = 'ids start with a letter and use letters, digits, "_", "-" or "." (at most 40)';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; issues: Issue[] };

/** Parse JSON text and validate it. `file` names the source in messages. */
export function parseScenarioText(text: string, types: ReadonlyMap<string, DeviceType>, file = 'scenario'): LoadResult {
  let json: unknown;
  // A byte-order mark is how some editors start a UTF-8 file; JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      issues: [
        {
          path: '$',
          message: `${file} is not valid JSON: ${msg}`,
          hint: 'check for a missing comma or quote near the position given',
        },
      ],
    };
  }
  return loadScenario(json, types);
}

export function loadScenario(json: unknown, types: ReadonlyMap<string, DeviceType>): LoadResult {
  const issues = new IssueList();
  const root = new Reader(issues, json, '$');
  if (!root.object('a scenario object with "nodes", "links" and "traffic"')) return { ok: false, issues: issues.items };
  root.onlyKeys(TOP_KEYS);
  const name = root.at('name').string() ?? 'unnamed';
  const description = root.at('description').string({ default: '' }) ?? '';
  const seed = root.at('seed').number({ default: 1, integer: true, min: 0, max: 0xffffffff }) ?? 1;
  const until = root.has('until') ? root.at('until').duration() : undefined;
  const limit = (key: 'maxSteps' | 'maxEvents' | 'maxMemory') => {
    const l = BUDGET_LIMITS[key];
    return root.at(key).number({ default: l.default, integer: true, min: l.min, max: l.max }) ?? l.default;
  };
  const maxSteps = limit('maxSteps');
  const maxEvents = limit('maxEvents');
  const maxMemory = limit('maxMemory');
  let maxTime: number = BUDGET_LIMITS.maxTime.default;
  if (root.has('maxTime')) {
    const t = root.at('maxTime').duration();
    if (t !== undefined && t < BUDGET_LIMITS.maxTime.min)
      issues.add(
        root.at('maxTime').path,
        'must be more than zero',
        'the virtual time a run may reach, e.g. "2h" or "10s"',
      );
    else if (t !== undefined) maxTime = t;
  }

  const declared = new Set<string>();
  const nodes = readNodes(root.at('nodes'), types, issues, declared);
  // Nodes whose own config was wrong are already reported; links and traffic that name
  // them are skipped quietly instead of adding a misleading "no node" for each.
  const portsOf = new Map(nodes.map((n) => [n.id, n.ports]));
  const links = readLinks(root.at('links'), portsOf, issues, declared);
  const traffic = readTraffic(root.at('traffic'), nodes, types, issues, declared);
  const faults = readFaults(root.at('faults'), new Set(links.map((l) => l.id)), issues);
  const expect = readExpectations(root.at('expect'), traffic, new Set(nodes.map((n) => n.id)), issues);

  if (!issues.ok) return { ok: false, issues: issues.items };
  return {
    ok: true,
    scenario: {
      name,
      description,
      seed,
      until,
      maxSteps,
      maxEvents,
      maxTime,
      maxMemory,
      nodes,
      links,
      traffic,
      faults,
      expect,
    },
  };
}

/** Like loadScenario but throws ScenarioError; for code paths where the file is ours. */
export function loadScenarioOrThrow(json: unknown, types: ReadonlyMap<string, DeviceType>): Scenario {
  const r = loadScenario(json, types);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}

function readNodes(
  r: Reader,
  types: ReadonlyMap<string, DeviceType>,
  issues: IssueList,
  declared: Set<string>,
): NodeSpec[] {
  const out: NodeSpec[] = [];
  const seen = new Set<string>();
  for (const n of r.array() ?? []) {
    if (!n.object()) continue;
    n.onlyKeys(['id', 'type', 'label', 'config', 'position', 'group']);
    const id = n.at('id').string({ pattern: ID, hint: ID_HINT });
    const type = n.at('type').string({ oneOf: [...types.keys()] });
    if (id !== undefined && seen.has(id))
      issues.add(n.at('id').path, `node id ${shown(id)} is used twice`, 'give every node its own id');
    if (id !== undefined) {
      seen.add(id);
      declared.add(id);
    }
    const label = n.at('label').string({ default: id ?? '' }) ?? '';
    let position: { x: number; y: number } | undefined;
    if (n.has('position')) {
      const p = n.at('position');
      const x = p.at('x').number({ min: 0, max: 1 });
      const y = p.at('y').number({ min: 0, max: 1 });
      if (x !== undefined && y !== undefined) position = { x, y };
    }
    const group = n.has('group') ? n.at('group').string() : undefined;
    if (id === undefined || type === undefined) continue;
    const t = types.get(type)!;
    const cfgReader = n.at('config');
    const config = t.readConfig(
      cfgReader.value === undefined ? new Reader(issues, {}, cfgReader.path) : cfgReader,
      issues,
    );
    if (config === undefined) continue;
    out.push({
      id,
      type,
      label,
      config,
      ports: t.ports(config),
      ...(position && { position }),
      ...(group && { group }),
    });
  }
  return out;
}

function readPortRef(
  r: Reader,
  portsOf: ReadonlyMap<string, readonly string[]>,
  declared: ReadonlySet<string>,
): PortRef | undefined {
  const s = r.string({ pattern: /^[^:\s]+:[^:\s]+$/, hint: 'write "node:port", e.g. "br0:p1"' });
  if (s === undefined) return undefined;
  const [node, port] = s.split(':');
  const ports = portsOf.get(node);
  if (!ports && declared.has(node)) return undefined;
  if (!ports) {
    r.issues.add(r.path, `no node ${shown(node)}`, `nodes are: ${[...portsOf.keys()].join(', ')}`);
    return undefined;
  }
  if (!ports.includes(port)) {
    r.issues.add(r.path, `node "${node}" has no port ${shown(port)}`, `its ports are: ${ports.join(', ')}`);
    return undefined;
  }
  return { node, port };
}

function readLinks(
  r: Reader,
  portsOf: ReadonlyMap<string, readonly string[]>,
  issues: IssueList,
  declared: ReadonlySet<string>,
): LinkSpec[] {
  const out: LinkSpec[] = [];
  const used = new Map<string, string>();
  for (const [i, l] of (r.array(false) ?? []).entries()) {
    if (!l.object()) continue;
    l.onlyKeys(['id', 'a', 'b', 'bandwidth', 'latency', 'loss', 'duplicate', 'jitter']);
    const id = l.at('id').string({ default: `link${i}`, pattern: ID, hint: ID_HINT }) ?? `link${i}`;
    const a = readPortRef(l.at('a'), portsOf, declared);
    const b = readPortRef(l.at('b'), portsOf, declared);
    for (const [end, ref] of [
      ['a', a],
      ['b', b],
    ] as const) {
      if (!ref) continue;
      const k = `${ref.node}:${ref.port}`;
      if (used.has(k))
        issues.add(l.at(end).path, `port ${k} is already linked by ${used.get(k)}`, 'a port takes one link');
      used.set(k, id);
    }
    const bandwidthBps = l.at('bandwidth').bandwidth({ default: 1e9 });
    const latencyNs = l.at('latency').duration({ default: 1000 });
    const loss = l.at('loss').number({ default: 0, min: 0, max: 1 });
    const duplicate = l.at('duplicate').number({ default: 0, min: 0, max: 1 });
    const jitterNs = l.at('jitter').duration({ default: 0 });
    if (
      a &&
      b &&
      bandwidthBps !== undefined &&
      latencyNs !== undefined &&
      loss !== undefined &&
      duplicate !== undefined &&
      jitterNs !== undefined
    ) {
      out.push({ id, a, b, bandwidthBps, latencyNs, loss, duplicate, jitterNs });
    }
  }
  return out;
}

function readTraffic(
  r: Reader,
  nodes: readonly NodeSpec[],
  types: ReadonlyMap<string, DeviceType>,
  issues: IssueList,
  declared: ReadonlySet<string>,
): TrafficItem[] {
  const out: TrafficItem[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const t of r.array(false) ?? []) {
    if (!t.object()) continue;
    t.onlyKeys(['at', 'node', 'port', 'frame', 'command', 'args', 'label', 'repeat', 'every']);
    const at = t.at('at').duration({ default: 0 });
    const nodeId = t.at('node').string();
    const node = nodeId !== undefined ? byId.get(nodeId) : undefined;
    if (nodeId !== undefined && !node && !declared.has(nodeId))
      issues.add(t.at('node').path, `no node ${shown(nodeId)}`, `nodes are: ${[...byId.keys()].join(', ')}`);
    const label = t.has('label') ? t.at('label').string() : undefined;
    const repeat = t.at('repeat').number({ default: 1, integer: true, min: 1, max: 1_000_000 }) ?? 1;
    const every = t.at('every').duration({ default: 0 }) ?? 0;
    const hasFrame = t.has('frame');
    const hasCommand = t.has('command');
    if (hasFrame === hasCommand) {
      issues.add(
        t.path,
        hasFrame ? 'has both "frame" and "command"' : 'has neither "frame" nor "command"',
        'a traffic item either sends a frame or runs a command',
      );
      continue;
    }
    let item: TrafficItem | undefined;
    if (hasFrame) {
      const port = t.at('port').string({ hint: 'the port the frame leaves by' });
      if (node && port !== undefined && !node.ports.includes(port))
        issues.add(
          t.at('port').path,
          `node "${node.id}" has no port ${shown(port)}`,
          `its ports are: ${node.ports.join(', ')}`,
        );
      const bytes = readFrameSpec(t.at('frame'));
      if (at !== undefined && node && port !== undefined && bytes)
        item = { kind: 'send', at, node: node.id, port, bytes, ...(label && { label }) };
    } else {
      const name = t.at('command').string();
      const args = t.at('args');
      if (args.value !== undefined) args.object('an object of arguments');
      const cmds = node ? types.get(node.type)?.commands : undefined;
      if (node && name !== undefined) {
        // Own properties only: "constructor", "toString" or "__proto__" are not commands.
        const check = cmds && Object.hasOwn(cmds, name) ? cmds[name] : undefined;
        if (!check) {
          issues.add(
            t.at('command').path,
            `node "${node.id}" (${node.type}) has no command ${shown(name)}`,
            cmds ? `its commands are: ${Object.keys(cmds).join(', ')}` : 'this device type takes no commands',
          );
        } else {
          check(args.value === undefined ? new Reader(issues, {}, args.path) : args, issues, node.config);
        }
      }
      if (at !== undefined && node && name !== undefined) {
        item = {
          kind: 'command',
          at,
          node: node.id,
          name,
          args: (args.isObject() ? args.value : {}) as Record<string, unknown>,
          ...(label && { label }),
        };
      }
    }
    if (item) for (let k = 0; k < repeat; k++) out.push({ ...item, at: item.at + k * every });
  }
  return out;
}

function readFaults(r: Reader, linkIds: ReadonlySet<string>, issues: IssueList): FaultItem[] {
  const out: FaultItem[] = [];
  for (const f of r.array(false) ?? []) {
    if (!f.object()) continue;
    f.onlyKeys(['at', 'link', 'action', 'loss', 'duplicate', 'jitter']);
    const at = f.at('at').duration();
    const link = f.at('link').string();
    if (link !== undefined && !linkIds.has(link))
      issues.add(f.at('link').path, `no link ${shown(link)}`, `links are: ${[...linkIds].join(', ') || '(none)'}`);
    const action = f.at('action').string({ oneOf: ['down', 'up', 'impair'] });
    if (at === undefined || link === undefined || action === undefined || !linkIds.has(link)) continue;
    if (action === 'impair') {
      const loss = f.has('loss') ? f.at('loss').number({ min: 0, max: 1 }) : undefined;
      const duplicate = f.has('duplicate') ? f.at('duplicate').number({ min: 0, max: 1 }) : undefined;
      const jitterNs = f.has('jitter') ? f.at('jitter').duration() : undefined;
      out.push({ kind: 'link-impair', at, link, loss, duplicate, jitterNs });
    } else out.push({ kind: action === 'down' ? 'link-down' : 'link-up', at, link });
  }
  return out;
}
