// The site (site-table.ts) a node's step had the last time it was recorded from the same
// explanation parts. Working a site out from scratch takes five string lookups, up to
// three more for the wording function, fields read and shared detail, then a hash of
// eleven integers and a probe of the site table: about half the cost of recording a step,
// on the path every frame takes several times. A device records its hot steps from the
// same shared parts every time (one wording function, a constant list of fields read, a
// source string), so the site a node got last time on the same port from the same parts
// is found again with two lookups by short strings and a few identity comparisons.
import type { Explain } from './device';

type Fn = (...a: never[]) => unknown;

/** Everything a site is made from, as the step gave it, and the site that made. */
class Memo {
  port: string | undefined = undefined;
  layer: string | undefined = undefined;
  kind = '';
  source = '';
  link = -1;
  linkFromA = false;
  reads: readonly string[] | undefined = undefined;
  words: Fn | undefined = undefined;
  made: Fn | undefined = undefined;
  /** The frozen detail the site names, or undefined. */
  detail: object | undefined = undefined;
  site = -1;
}

/** Sites remembered per node and port: a node records few kinds of step on one port. */
const PER_PORT = 8;

export class SiteMemo {
  /** Per node, per port ('' for none): the parts of its latest distinct sites, newest first. */
  private readonly byNode = new Map<string, Map<string, Memo[]>>();
  /** Where the last `find` missed, and the parts it was given, for `remember`. */
  private missedIn: Memo[] = [];
  private missed = new Memo();

  /**
   * The site remembered for these parts, or -1. `shared` is the explanation's detail when
   * it is frozen (shared between steps). On -1, call `remember` with the site worked out.
   */
  find(
    node: string,
    port: string | undefined,
    kind: string,
    e: Explain,
    shared: object | undefined,
    link: number,
    linkFromA: boolean,
  ): number {
    const d = e.decision;
    const words = typeof d === 'string' ? undefined : (d.words as Fn);
    const made = typeof d === 'string' || d.detail === undefined || e.detail !== undefined ? undefined : d.detail;
    let perNode = this.byNode.get(node);
    if (!perNode) this.byNode.set(node, (perNode = new Map()));
    const portKey = port ?? '';
    let list = perNode.get(portKey);
    if (!list) perNode.set(portKey, (list = []));
    for (let k = 0; k < list.length; k++) {
      const m = list[k];
      if (
        m.port === port &&
        m.kind === kind &&
        m.source === e.source &&
        m.layer === e.layer &&
        m.link === link &&
        m.linkFromA === linkFromA &&
        m.reads === e.reads &&
        m.words === words &&
        m.made === made &&
        m.detail === shared
      )
        return m.site;
    }
    const next = new Memo();
    next.port = port;
    next.layer = e.layer;
    next.kind = kind;
    next.source = e.source;
    next.link = link;
    next.linkFromA = linkFromA;
    next.reads = e.reads;
    next.words = words;
    next.made = made;
    next.detail = shared;
    this.missed = next;
    this.missedIn = list;
    return -1;
  }

  /** The site the parts of the last `find` (which missed) make. */
  remember(site: number): void {
    this.missed.site = site;
    const list = this.missedIn;
    list.unshift(this.missed);
    if (list.length > PER_PORT) list.pop();
  }
}
