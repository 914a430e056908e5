// The mode switcher: the same scenario with every macvlan in one mode, so the same frames
// can be re-run under each of the five modes. Passthru allows one macvlan per lower
// device (the kernel refuses a second, -EINVAL), so the others are left uncreated and the
// first one's guest takes the lower device's MAC, as a passthru guest does.
import type { MacvlanMode } from '../../engine/devices/macvlan/types';

export const FIVE_MODES: readonly MacvlanMode[] = ['private', 'vepa', 'bridge', 'passthru', 'source'];

type Json = Record<string, unknown>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Every `macvlan` node's macvlans switched to `mode`; guests follow (see the header). */
export function withMode(scenario: unknown, mode: MacvlanMode): Json {
  const s = clone(scenario) as Json;
  const nodes = (s.nodes ?? []) as Json[];
  const links = (s.links ?? []) as Json[];
  const guestOf = (hostId: string, port: string): Json | undefined => {
    for (const l of links) {
      const a = String(l.a),
        b = String(l.b);
      const other = a === `${hostId}:${port}` ? b : b === `${hostId}:${port}` ? a : undefined;
      if (other) return nodes.find((n) => n.id === other.split(':')[0]);
    }
    return undefined;
  };
  for (const n of nodes.filter((x) => x.type === 'macvlan')) {
    const cfg = n.config as Json;
    const lower = cfg.lower as Json;
    const mvs = (cfg.macvlans ?? []) as Json[];
    const firstExisting = mvs.findIndex((m) => m.exists !== false);
    mvs.forEach((m, i) => {
      m.mode = mode;
      delete m.nopromisc;
      delete m.nodst;
      if (mode !== 'source') delete m.sources;
      else if (!m.sources) m.sources = externalMacs(nodes, n.id as string, mvs, lower);
      if (mode === 'passthru' && i !== firstExisting) m.exists = false;
      if (mode === 'passthru' && i === firstExisting) {
        const g = guestOf(n.id as string, String(m.name));
        if (g) {
          const old = (g.config as Json).mac;
          (g.config as Json).mac = lower.mac;
          // Frames the scenario scripts for that guest now leave from its new MAC too.
          for (const t of (s.traffic ?? []) as Json[]) {
            const eth = (t.frame as Json | undefined)?.eth as Json | undefined;
            if (t.node === g.id && eth && eth.src === old) eth.src = lower.mac;
          }
        }
      }
    });
    // Commands that only make sense for other modes are dropped, not sent to a refusal.
    s.traffic = ((s.traffic ?? []) as Json[]).filter(
      (t) => !(t.node === n.id && (t.command === 'set-mode' || (mode === 'passthru' && t.command === 'create'))),
    );
  }
  s.name = `${String(s.name ?? 'scenario').replace(/-(private|vepa|bridge|passthru|source)$/, '')}-${mode}`;
  s.description = `${String(s.description ?? '').replace(/^\[mode [a-z]+\] /, '')}`.replace(/^/, `[mode ${mode}] `);
  delete s.expect;
  return s;
}

/** SOURCE mode needs remote MACs to listen for: every host not behind this macvlan node. */
function externalMacs(nodes: Json[], hostId: string, mvs: Json[], lower: Json): string[] {
  const own = new Set([String(lower.mac), ...mvs.map((m) => String(m.mac))]);
  return nodes
    .filter((x) => x.type === 'host' && x.id !== hostId && x.group !== hostId)
    .map((x) => String((x.config as Json).mac))
    .filter((m) => !own.has(m));
}
