// `npm run scenario -- <file> [--json] [--pcap out.pcap] [--until 5ms] [--steps]`:
// runs a scenario headless with the same engine the browser uses and prints each
// frame's fate. Exit 0: ran and every expectation held; 1: an expectation failed;
// 2: bad arguments, an unreadable or bad scenario file (every problem printed with its
// JSON path), a pcap that cannot be written, or anything unexpected (one line, never a
// stack trace); 3: the run was stopped by its budget (maxEvents, maxSteps, maxTime,
// maxMemory) before it finished, so its fates and expectations are incomplete.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deviceTypes } from '../engine/devices/registry';
import { checkExpectations } from '../engine/scenario/expect';
import { clipText, formatIssues, oneLine, printable } from '../engine/scenario/issues';
import { parseScenarioText } from '../engine/scenario/load';
import { budgetStopOf } from '../engine/sim/budget';
import { runScenario } from '../engine/sim/simulator';
import { tracePcap } from '../engine/pcap/from-trace';
import { parseArgs, USAGE } from './args';
import { jsonReport, printableJson, textReport } from './report';
import '../engine/devices/dissectors';

export const EXIT = { ok: 0, expectationFailed: 1, badInput: 2, budget: 3 } as const;

/** A failure the CLI reports in one line and exit 2. */
class CliError extends Error {}

/** The file as text: UTF-8 only (a byte-order mark is fine, the loader strips it). */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstBadUtf8(bytes);
    throw new CliError(
      `${file} is not UTF-8 text (byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at}); save it as UTF-8`,
    );
  }
}

/** Offset of the first byte that breaks UTF-8 (a bad lead byte, a missing continuation, an overlong or surrogate form). */
function firstBadUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    if (n === 0) {
      i++;
      continue;
    }
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (i + 1 >= b.length || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}

/** Refuse a pcap path that cannot be written before spending a run on it. */
function checkPcapPath(pcap: string): void {
  const dir = dirname(pcap);
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new CliError(`--pcap ${pcap}: directory ${dir} does not exist`);
  if (!st.isDirectory()) throw new CliError(`--pcap ${pcap}: ${dir} is not a directory`);
  if (statSync(pcap, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--pcap ${pcap} is a directory`);
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(`error: ${oneLine(clipText(parsed.error, 200))}\n${USAGE}`);
    return EXIT.badInput;
  }
  const { file, json, pcap, until, steps } = parsed.args;
  if (pcap) checkPcapPath(pcap);
  const text = readText(file);
  const loaded = parseScenarioText(text, deviceTypes, file);
  if (!loaded.ok) {
    console.error(
      `${printable(file)}: ${loaded.issues.length} problem${loaded.issues.length === 1 ? '' : 's'}:\n${formatIssues(loaded.issues).replace(/^/gm, '  ')}`,
    );
    return EXIT.badInput;
  }
  const trace = runScenario(loaded.scenario, deviceTypes, until !== undefined ? { until } : {});
  const results = checkExpectations(loaded.scenario, trace);
  if (pcap) {
    try {
      writeFileSync(pcap, tracePcap(trace));
    } catch (e) {
      throw new CliError(`cannot write ${pcap}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!json) console.log(`wrote ${oneLine(pcap)}`);
  }
  console.log(json ? printableJson(jsonReport(file, trace, results)) : textReport(file, trace, results, steps));
  const budget = budgetStopOf(trace);
  if (budget) {
    console.error(`run stopped by its budget (${budget.key}): ${oneLine(budget.decision)}`);
    return EXIT.budget;
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.expectationFailed;
}

function guarded(argv: readonly string[]): number {
  try {
    return main(argv);
  } catch (e) {
    // Whatever went wrong, one line and exit 2: an instructor never sees a stack trace.
    const msg = e instanceof CliError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    console.error(`error: ${oneLine(clipText(msg, 300))}`);
    return EXIT.badInput;
  }
}

process.exitCode = guarded(process.argv.slice(2));
