// Hash routes. Everything after `#` is untrusted text (a link someone pasted, a typo, a
// hostile URL), so parsing never throws: an unknown or malformed hash becomes an
// `error` route that the shell shows as a message while the rest of the app keeps working.

export type Route =
  | { readonly page: 'home' }
  | {
      readonly page: 'lab';
      readonly lab: string;
      readonly scenario?: string;
      /** A whole scenario carried by the link (edit/share-link.ts): `#/lab/<lab>/s/<payload>/<step>`. */
      readonly shared?: string;
      readonly step: number;
    }
  | { readonly page: 'lesson'; readonly lesson: string; readonly step: number }
  /** A challenge (challenges/<id>/): its start scenario, goal, hints and allowed settings. */
  | { readonly page: 'challenge'; readonly challenge: string }
  | { readonly page: 'present'; readonly lesson: string; readonly step: number }
  | { readonly page: 'speaker'; readonly lesson: string; readonly step: number }
  | { readonly page: 'error'; readonly message: string; readonly hash: string };

/** Ids of labs, lessons and scenarios: short, plain, safe to show and to use as keys. */
const ID = /^[a-z0-9][a-z0-9._-]{0,79}$/i;
const MAX_HASH = 400;
/**
 * A shared scenario's payload (deflate-raw, base64url) may be this long: the one route
 * allowed past MAX_HASH. Kept in step with MAX_PAYLOAD in edit/share-link.ts (a test checks).
 */
export const MAX_SHARED_PAYLOAD = 16_000;
const SHARED = /^\/?lab\/([^/]*)\/s\/([^/]*)(?:\/([^/]*))?\/?$/;
const PAYLOAD = /^[A-Za-z0-9_-]+$/;
/** Step numbers in a URL count from 0 (before the first step) to the trace length. */
const STEP = /^\d{1,7}$/;

export function parseHash(raw: string): Route {
  const hash = raw.startsWith('#') ? raw.slice(1) : raw;
  const shared = SHARED.exec(hash);
  if (shared) return sharedRoute(hash, shared[1], shared[2], shared[3]);
  if (hash.length > MAX_HASH)
    return err(`That link is too long (${hash.length} characters) to be a NetVirt Lab page.`, hash);
  if (hash === '' || hash === '/') return { page: 'home' };
  let parts: string[];
  try {
    parts = hash
      .replace(/^\//, '')
      .replace(/\/$/, '')
      .split('/')
      .map((p) => decodeURIComponent(p));
  } catch {
    return err('That link has broken %-escapes, so it cannot name a page.', hash);
  }
  const [head, a, b, c, ...rest] = parts;
  const step = (s: string | undefined): number | undefined =>
    s === undefined ? 0 : STEP.test(s) ? Number(s) : undefined;
  const id = (s: string | undefined): s is string => s !== undefined && ID.test(s);

  if (rest.length > 0) return err('That link has more parts than any NetVirt Lab page.', hash);
  switch (head) {
    case 'lab': {
      if (!id(a)) return err(a ? `"${a}" is not a lab name.` : 'The link names no lab.', hash);
      if (b === undefined) return { page: 'lab', lab: a, step: 0 };
      if (b === 's') return err('That shared-scenario link is cut short or damaged.', hash);
      if (!id(b)) return err(`"${b}" is not a scenario name.`, hash);
      const s = step(c);
      if (s === undefined) return err(`"${c}" is not a step number.`, hash);
      return { page: 'lab', lab: a, scenario: b, step: s };
    }
    case 'challenge': {
      if (!id(a)) return err(a ? `"${a}" is not a challenge name.` : 'The link names no challenge.', hash);
      if (b !== undefined) return err('That link has more parts than any NetVirt Lab page.', hash);
      return { page: 'challenge', challenge: a };
    }
    case 'lesson':
    case 'present':
    case 'speaker': {
      if (!id(a)) return err(a ? `"${a}" is not a lesson name.` : 'The link names no lesson.', hash);
      if (c !== undefined) return err('That link has more parts than any NetVirt Lab page.', hash);
      const s = step(b);
      if (s === undefined) return err(`"${b}" is not a step number.`, hash);
      return { page: head, lesson: a, step: s };
    }
    default:
      return err(`There is no page "${head}".`, hash);
  }
}

export function formatRoute(r: Route): string {
  switch (r.page) {
    case 'home':
      return '#/';
    case 'lab':
      if (r.shared !== undefined) return `#/lab/${r.lab}/s/${r.shared}/${r.step}`;
      return r.scenario ? `#/lab/${r.lab}/${r.scenario}/${r.step}` : `#/lab/${r.lab}`;
    case 'challenge':
      return `#/challenge/${r.challenge}`;
    case 'lesson':
    case 'present':
    case 'speaker':
      return `#/${r.page}/${r.lesson}/${r.step}`;
    case 'error':
      return `#${r.hash}`;
  }
}

/** `#/lab/<lab>/s/<payload>[/<step>]`: the payload is checked for shape only; share-link.ts decodes it. */
function sharedRoute(hash: string, lab: string, payload: string, step: string | undefined): Route {
  if (!ID.test(lab)) return err(lab ? `"${clip(lab)}" is not a lab name.` : 'The link names no lab.', clip(hash));
  if (payload.length > MAX_SHARED_PAYLOAD || hash.length > MAX_HASH + MAX_SHARED_PAYLOAD)
    return err(
      `That link carries ${payload.length.toLocaleString('en')} characters of scenario; links hold at most ${MAX_SHARED_PAYLOAD.toLocaleString('en')}.`,
      clip(hash),
    );
  if (!PAYLOAD.test(payload))
    return err('That shared-scenario link is damaged: its scenario part is not base64url text.', clip(hash));
  if (step !== undefined && step !== '' && !STEP.test(step))
    return err(`"${clip(step)}" is not a step number.`, clip(hash));
  return { page: 'lab', lab, shared: payload, step: step ? Number(step) : 0 };
}

/** Error routes keep the hash to show it: a shared link's is cut to a readable length. */
const clip = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

function err(message: string, hash: string): Route {
  return { page: 'error', message, hash };
}
