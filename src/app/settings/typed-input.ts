// What a student types into a setting's field, read into the JSON value the scenario
// format takes, or a message saying what is wrong with it. The checks are the engine's
// own parsers, so the panel and the loader never disagree about a MAC or an address.
import { parseIp, parseMac } from '../../engine/frame/address';
import { parseDuration } from '../../engine/scenario/units';
import { formatDuration } from '../../engine/scenario/units';
import type { Setting } from './settings-model';

export type Typed = { ok: true; value: unknown } | { ok: false; message: string };

const range = (
  s: Pick<Setting, 'min' | 'max'>,
  v: number,
  shown: (n: number) => string = String,
): string | undefined =>
  (s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)
    ? `${shown(v)} is outside ${shown(s.min ?? -Infinity)} … ${shown(s.max ?? Infinity)}`
    : undefined;

export function readTyped(s: Pick<Setting, 'kind' | 'min' | 'max'>, text: string): Typed {
  const t = text.trim();
  switch (s.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(t)) return { ok: false, message: `"${t}" is not a whole number` };
      const v = Number(t);
      const bad = range(s, v);
      return bad ? { ok: false, message: bad } : { ok: true, value: v };
    }
    case 'number': {
      const v = Number(t);
      if (t === '' || !Number.isFinite(v)) return { ok: false, message: `"${t}" is not a number` };
      const bad = range(s, v);
      return bad ? { ok: false, message: bad } : { ok: true, value: v };
    }
    case 'duration': {
      // A bare number is nanoseconds, as in the scenario format; "1.5ms" keeps its unit.
      const value: unknown = /^\d+$/.test(t) ? Number(t) : t;
      const r = parseDuration(value);
      if (!r.ok) return { ok: false, message: `${r.error}; write e.g. "10us", "1.5ms" or nanoseconds` };
      const bad = range(s, r.value, (n) => (Number.isFinite(n) ? formatDuration(n) : String(n)));
      return bad ? { ok: false, message: bad } : { ok: true, value };
    }
    case 'mac': {
      const r = parseMac(t);
      return r.ok ? { ok: true, value: t } : { ok: false, message: `${r.error}; write e.g. 02:00:00:00:00:01` };
    }
    case 'ipv4':
    case 'ipv6': {
      const r = parseIp(t);
      if (!r.ok) return { ok: false, message: r.error };
      const want = s.kind === 'ipv4' ? 4 : 6;
      return r.value.version === want
        ? { ok: true, value: t }
        : { ok: false, message: `"${t}" is an IPv${r.value.version} address; this field takes IPv${want}` };
    }
    case 'cidr': {
      const [a, p] = t.split('/');
      const r = parseIp(a);
      if (!r.ok) return { ok: false, message: r.error };
      const max = r.value.version === 4 ? 32 : 128;
      if (p !== undefined && !(/^\d{1,3}$/.test(p) && Number(p) <= max))
        return { ok: false, message: `prefix length "${p}" must be 0 … ${max}` };
      return { ok: true, value: t };
    }
    case 'flag':
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, message: 'on or off' };
    case 'choice':
      return { ok: true, value: t };
  }
}
