// `npm run scenario -- <file> [--json] [--pcap out.pcap] [--until 5ms] [--steps]`:
// runs a scenario headless with the same engine the browser uses and prints each
// frame's fate. Exit 0: ran and every expectation held; 1: an expectation failed;
// 2: bad arguments or a bad scenario file (every problem printed with its JSON path).
import { readFileSync, writeFileSync } from 'node:fs';
import { deviceTypes } from '../engine/devices/registry';
import { checkExpectations } from '../engine/scenario/expect';
import { formatIssues } from '../engine/scenario/issues';
import { parseScenarioText } from '../engine/scenario/load';
import { runScenario } from '../engine/sim/simulator';
import { tracePcap } from '../engine/pcap/from-trace';
import { parseArgs, USAGE } from './args';
import { jsonReport, textReport } from './report';
import '../engine/devices/dissectors';

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(`error: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const { file, json, pcap, until, steps } = parsed.args;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return 2;
  }
  const loaded = parseScenarioText(text, deviceTypes, file);
  if (!loaded.ok) {
    console.error(
      `${file}: ${loaded.issues.length} problem${loaded.issues.length === 1 ? '' : 's'}:\n${formatIssues(loaded.issues).replace(/^/gm, '  ')}`,
    );
    return 2;
  }
  const trace = runScenario(loaded.scenario, deviceTypes, until !== undefined ? { until } : {});
  const results = checkExpectations(loaded.scenario, trace);
  if (pcap) {
    writeFileSync(pcap, tracePcap(trace));
    if (!json) console.log(`wrote ${pcap}`);
  }
  console.log(
    json ? JSON.stringify(jsonReport(file, trace, results), null, 2) : textReport(file, trace, results, steps),
  );
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
