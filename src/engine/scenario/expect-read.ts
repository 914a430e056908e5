// Reads a scenario's `expect` list. Every problem (an unknown key, a regex that does not
// compile, a window that ends before it starts, an order naming an id nobody declared)
// is reported with its JSON path, like the rest of the loader.
import { shown, type IssueList } from './issues';
import type { Reader } from './read';
import { errnoValue } from './errno';
import type { Count, StepMatcher, TextMatch, ValueMatch } from './expect-types';
import type { Expectation, TrafficItem } from '../sim/scenario-types';
import type { Layer, StepKind } from '../sim/types';

const KINDS: readonly StepKind[] = [
  'inject',
  'transmit',
  'arrive',
  'receive',
  'decide',
  'forward',
  'deliver',
  'drop',
  'state',
  'command',
  'timer',
  'fault',
];
const LAYERS: readonly Layer[] = ['L1', 'L2', 'L3', 'L4', 'control', 'memory', 'bus'];
const MATCHER_KEYS = ['node', 'port', 'kind', 'layer', 'source', 'text', 'detail', 'at', 'within'];
const COUNT_KEYS = ['count', 'atLeast', 'atMost', 'none'];
/** Free text on any expectation (where its expected value comes from); never checked against the run. */
const NOTE = 'description';
const ID = /^[A-Za-z][\w.-]{0,39}$/;
const REGEX_HINT = 'a substring, or a regular expression written "/…/" with flags i, m, s or u after it';

export function readExpectations(
  r: Reader,
  traffic: readonly TrafficItem[],
  nodeIds: ReadonlySet<string>,
  issues: IssueList,
): Expectation[] {
  const out: Expectation[] = [];
  const checkNode = (rd: Reader): string | undefined => {
    const n = rd.string();
    if (n !== undefined && !nodeIds.has(n))
      issues.add(rd.path, `no node ${shown(n)}`, `nodes are: ${[...nodeIds].map((x) => shown(x)).join(', ')}`);
    return n;
  };
  const ids = new Map<string, StepMatcher>();
  const orders: { e: Reader; at: number }[] = [];
  const entries = r.array(false) ?? [];
  for (const e of entries) {
    if (!e.object()) continue;
    if (e.has(NOTE))
      e.at(NOTE).string({ hint: 'free text: why this holds, e.g. the kernel function or clause it follows' });
    if (e.has('step')) {
      e.onlyKeys([NOTE, 'step', 'id', ...COUNT_KEYS]);
      const match = readMatcher(e.at('step'), checkNode);
      const count = readCount(e);
      const id = e.has('id')
        ? e.at('id').string({ pattern: ID, hint: 'an id like "request" to name it in an order' })
        : undefined;
      if (id !== undefined && ids.has(id))
        issues.add(e.at('id').path, `id ${shown(id)} is used twice`, 'give each its own id');
      if (match && id !== undefined) ids.set(id, match);
      if (match && count) out.push({ kind: 'step', ...(id !== undefined && { id }), match, count });
      continue;
    }
    if (e.has('order')) {
      // Resolved after the loop, so an order may name an id declared further down.
      orders.push({ e, at: out.length });
      out.push(undefined as unknown as Expectation);
      continue;
    }
    if (e.has('returns')) {
      e.onlyKeys([NOTE, 'command', 'returns']);
      const i = e
        .at('command')
        .number({ integer: true, min: 0, hint: 'the index of a command traffic item (0 = first)' });
      const item = i === undefined ? undefined : traffic[i];
      if (i !== undefined && item === undefined)
        issues.add(
          e.at('command').path,
          `there is no traffic item ${i} (there are ${traffic.length}, counting repeats)`,
        );
      else if (item && item.kind !== 'command')
        issues.add(e.at('command').path, `traffic item ${i} sends a frame, not a command`);
      const rv = e.at('returns').value;
      const errno = typeof rv === 'number' || typeof rv === 'string' ? errnoValue(rv) : undefined;
      if (errno === undefined)
        issues.add(
          e.at('returns').path,
          `${JSON.stringify(rv)} is not a return value`,
          '0, a negative errno like -22, or its name like "-EINVAL"',
        );
      if (item?.kind === 'command' && errno !== undefined)
        out.push({ kind: 'returns', command: i!, node: item.node, errno });
      continue;
    }
    if (e.has('frame')) {
      e.onlyKeys([NOTE, 'frame', 'fields']);
      const f = e.at('frame');
      const frame =
        typeof f.value === 'number'
          ? f.number({ integer: true, min: 0 })
          : f.isObject()
            ? readMatcher(f, checkNode)
            : (issues.add(f.path, 'expected a frame number or a step to take the frame from'), undefined);
      const fields = readValues(e.at('fields'), 'a frame field path like "eth.dst" or "vlan[0].vid"');
      if (frame !== undefined && fields) out.push({ kind: 'frame', frame, fields });
      continue;
    }
    if (e.has('counter')) {
      e.onlyKeys([NOTE, 'node', 'counter', 'equals']);
      const node = checkNode(e.at('node'));
      const counter = e.at('counter').string();
      const equals = e.at('equals').number();
      if (node && counter !== undefined && equals !== undefined) out.push({ kind: 'counter', node, counter, equals });
      continue;
    }
    if (e.has('state')) {
      e.onlyKeys([NOTE, 'state', 'equals', 'unset', 'at']);
      const key = e.at('state').string({ hint: 'a state key like "br0/fdb/02:00:00:00:00:01@1"' });
      const unset = e.has('unset') ? e.at('unset').boolean() : undefined;
      if (unset === false)
        issues.add(e.at('unset').path, 'can only be true', 'write "equals" for a value it must have');
      if (unset && e.has('equals')) issues.add(e.path, 'has both "unset" and "equals"', 'keep one');
      if (!unset && !e.has('equals'))
        issues.add(e.at('equals').path, 'is required', 'the value the state key must have, or "unset": true');
      const at = e.has('at') ? e.at('at').duration() : undefined;
      if (key === undefined) continue;
      if (!unset && at === undefined && !e.has('at')) out.push({ kind: 'state', key, equals: e.at('equals').value });
      else
        out.push({
          kind: 'state-at',
          key,
          ...(at !== undefined && { at }),
          want: unset ? { unset: true } : { equals: e.at('equals').value },
        });
      continue;
    }
    e.onlyKeys([NOTE, 'traffic', 'deliveredTo', 'exactly', 'droppedAt', 'reasonIncludes', 'dropped']);
    const t = e.at('traffic').number({ integer: true, min: 0, hint: 'the index of the traffic item (0 = first)' });
    if (t !== undefined && t >= traffic.length)
      issues.add(e.at('traffic').path, `there is no traffic item ${t} (there are ${traffic.length}, counting repeats)`);
    if (e.has('deliveredTo')) {
      const nodes = (e.at('deliveredTo').array() ?? []).map(checkNode).filter((x): x is string => x !== undefined);
      const exactly = e.at('exactly').boolean({ default: true }) ?? true;
      if (t !== undefined) out.push({ kind: 'delivered', traffic: t, nodes, exactly });
    } else if (e.has('droppedAt') || e.has('dropped')) {
      const node = e.has('droppedAt') ? checkNode(e.at('droppedAt')) : undefined;
      const reasonIncludes = e.has('reasonIncludes') ? e.at('reasonIncludes').string() : undefined;
      if (t !== undefined)
        out.push({ kind: 'dropped', traffic: t, ...(node && { node }), ...(reasonIncludes && { reasonIncludes }) });
    } else {
      issues.add(
        e.path,
        'says nothing to check',
        'use "deliveredTo", "droppedAt", "counter", "state", "step", "order", "returns" or "frame"',
      );
    }
  }
  for (const { e, at } of orders) {
    e.onlyKeys([NOTE, 'order', 'within']);
    const chain: { label: string; match: StepMatcher }[] = [];
    const list = e.at('order').array() ?? [];
    if (e.at('order').value !== undefined && Array.isArray(e.at('order').value) && list.length < 2)
      issues.add(e.at('order').path, 'needs at least two entries', 'ids of step expectations, or step matchers');
    list.forEach((x, i) => {
      if (typeof x.value === 'string') {
        const m = ids.get(x.value);
        if (!m)
          issues.add(
            x.path,
            `no step expectation has id ${shown(x.value)}`,
            ids.size ? `ids are: ${[...ids.keys()].join(', ')}` : 'give a step expectation an "id"',
          );
        else chain.push({ label: `"${x.value}"`, match: m });
      } else {
        const m = readMatcher(x, checkNode);
        if (m) chain.push({ label: `entry ${i}`, match: m });
      }
    });
    const within = e.has('within') ? e.at('within').duration() : undefined;
    out[at] = { kind: 'order', chain, ...(within !== undefined && { within }) };
  }
  // A failed order leaves its slot empty; the issues already say why.
  return out.filter((x) => x !== undefined);
}

function readMatcher(r: Reader, checkNode: (rd: Reader) => string | undefined): StepMatcher | undefined {
  if (!r.object('a step to match: any of "node", "port", "kind", "layer", "source", "text", "detail", "at", "within"'))
    return undefined;
  r.onlyKeys(MATCHER_KEYS);
  const before = r.issues.items.length;
  const node = r.has('node') ? checkNode(r.at('node')) : undefined;
  const port = r.has('port') ? r.at('port').string() : undefined;
  const kind = r.has('kind') ? (r.at('kind').string({ oneOf: KINDS }) as StepKind | undefined) : undefined;
  const layer = r.has('layer') ? (r.at('layer').string({ oneOf: LAYERS }) as Layer | undefined) : undefined;
  const source = r.has('source') ? readText(r.at('source')) : undefined;
  const text = r.has('text') ? readText(r.at('text')) : undefined;
  const detail = r.has('detail')
    ? readValues(r.at('detail'), 'a dotted path into the step detail, like "netlink.errno"')
    : undefined;
  let from: number | undefined;
  let to: number | undefined;
  if (r.has('at') && r.has('within')) r.issues.add(r.path, 'has both "at" and "within"', 'keep one');
  if (r.has('at')) from = to = r.at('at').duration();
  if (r.has('within')) {
    const w = r.at('within');
    const pair = w.array();
    if (pair && pair.length !== 2)
      r.issues.add(
        w.path,
        `expected [from, to], found ${pair.length} ${pair.length === 1 ? 'entry' : 'entries'}`,
        'like ["1ms", "2ms"]',
      );
    else if (pair) {
      from = pair[0].duration();
      to = pair[1].duration();
      if (from !== undefined && to !== undefined && to < from)
        r.issues.add(
          w.path,
          `the window ends before it starts (${JSON.stringify(w.value)})`,
          'write [from, to] with from ≤ to',
        );
    }
  }
  if (r.issues.items.length > before) return undefined;
  return {
    ...(node !== undefined && { node }),
    ...(port !== undefined && { port }),
    ...(kind !== undefined && { kind }),
    ...(layer !== undefined && { layer }),
    ...(source && { source }),
    ...(text && { text }),
    ...(detail && { detail }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
  };
}

function readCount(e: Reader): Count | undefined {
  const given = COUNT_KEYS.filter((k) => e.has(k));
  const n = (k: string) => e.at(k).number({ integer: true, min: 0, max: 1e9 });
  if (given.length === 0) return { min: 1, max: Infinity };
  if (given.length > 1 && !(given.length === 2 && given.includes('atLeast') && given.includes('atMost'))) {
    e.issues.add(
      e.path,
      `has ${given.map((k) => `"${k}"`).join(' and ')}`,
      'use "count", "none", or "atLeast" and/or "atMost"',
    );
    return undefined;
  }
  if (e.has('none')) {
    const none = e.at('none').boolean();
    if (none === false) e.issues.add(e.at('none').path, 'can only be true', 'leave it out to ask for at least one');
    return none ? { min: 0, max: 0 } : undefined;
  }
  if (e.has('count')) {
    const c = n('count');
    return c === undefined ? undefined : { min: c, max: c };
  }
  const min = e.has('atLeast') ? n('atLeast') : 0;
  const max = e.has('atMost') ? n('atMost') : Infinity;
  if (min === undefined || max === undefined) return undefined;
  if (max < min) {
    e.issues.add(e.path, `"atMost" ${max} is below "atLeast" ${min}`);
    return undefined;
  }
  return { min, max };
}

/** "/re/flags" as a regular expression, anything else as a substring. */
function readText(r: Reader): TextMatch | undefined {
  const s = r.string({ hint: REGEX_HINT });
  if (s === undefined) return undefined;
  const re = regexOf(r, s);
  if (re === null) return undefined;
  return re ? { regex: re } : { includes: s };
}

function readValues(r: Reader, what: string): ReadonlyMap<string, ValueMatch> | undefined {
  if (!r.object(`an object of ${what} to the value it must have`)) return undefined;
  const out = new Map<string, ValueMatch>();
  let ok = true;
  for (const k of r.keys()) {
    const v = r.at(k);
    if (!/^[\w$-]+(\[\d+\])?(\.[\w$-]+(\[\d+\])?)*$/.test(k)) {
      r.issues.add(v.path, `"${k}" is not a field path`, what);
      ok = false;
      continue;
    }
    if (typeof v.value === 'string') {
      const re = regexOf(v, v.value);
      if (re === null) ok = false;
      else out.set(k, re ? { regex: re } : { equals: v.value });
    } else out.set(k, { equals: v.value });
  }
  if (!ok) return undefined;
  if (out.size === 0) r.issues.add(r.path, 'is empty', what);
  return out.size ? out : undefined;
}

/** undefined: not written as a regex; null: written as one but invalid (reported). */
function regexOf(r: Reader, s: string): RegExp | undefined | null {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(s);
  if (!m) return undefined;
  if (!/^[imsu]*$/.test(m[2])) {
    r.issues.add(r.path, `regular expression flags "${m[2]}" are not allowed`, REGEX_HINT);
    return null;
  }
  try {
    return new RegExp(m[1], m[2]);
  } catch (err) {
    r.issues.add(r.path, `bad regular expression: ${err instanceof Error ? err.message : String(err)}`, REGEX_HINT);
    return null;
  }
}
