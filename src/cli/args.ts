// Command-line arguments of `npm run scenario`, parsed strictly: an unknown flag or a
// missing value is an error with the usage line, never a silent default.
import { parseDuration } from '../engine/scenario/units';

export interface CliArgs {
  readonly file: string;
  readonly json: boolean;
  readonly pcap?: string;
  readonly until?: number;
  readonly steps: boolean;
}

export const USAGE =
  'usage: npm run scenario -- <file.json> [--json] [--pcap out.pcap] [--until <time, e.g. 5ms>] [--steps]';

export function parseArgs(argv: readonly string[]): { ok: true; args: CliArgs } | { ok: false; error: string } {
  let file: string | undefined;
  let json = false;
  let steps = false;
  let pcap: string | undefined;
  let until: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--steps') steps = true;
    else if (a === '--pcap' || a === '--until') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) return { ok: false, error: `${a} needs a value` };
      if (a === '--pcap') pcap = v;
      else {
        const d = parseDuration(/^\d+(\.\d+)?$/.test(v) ? Number(v) : v);
        if (!d.ok) return { ok: false, error: `--until: ${d.error}` };
        until = d.value;
      }
    } else if (a.startsWith('--')) return { ok: false, error: `unknown option ${a}` };
    else if (file === undefined) file = a;
    else return { ok: false, error: `more than one file given ("${file}" and "${a}")` };
  }
  if (file === undefined) return { ok: false, error: 'no scenario file given' };
  return {
    ok: true,
    args: { file, json, steps, ...(pcap !== undefined && { pcap }), ...(until !== undefined && { until }) },
  };
}
