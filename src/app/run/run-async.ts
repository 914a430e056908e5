// Running a scenario without freezing the page: in a Web Worker when the browser has one,
// else (or if the worker fails) on the main thread. The worker posts the trace as columns
// (posted.ts) with its state index's snapshots, built there too: the page only reads them.
import type { Posted, Run } from './build-run';
import type { StateIndex as StateIndexT } from '../../engine/sim/state-index';

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, (s: Posted | undefined) => void>();

function getWorker(): Worker | undefined {
  if (broken || typeof Worker !== 'function') return undefined;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'netvirt-engine' });
  } catch {
    broken = true;
    return undefined;
  }
  worker.onmessage = (e: MessageEvent<{ id: number; result?: Posted }>) => {
    pending.get(e.data.id)?.(e.data.result);
    pending.delete(e.data.id);
  };
  worker.onerror = () => {
    // The worker could not load or crashed: everything pending runs on the main thread.
    broken = true;
    worker?.terminate();
    worker = undefined;
    for (const done of pending.values()) done(undefined);
    pending.clear();
  };
  return worker;
}

function inWorker(json: unknown, what?: string, grade = false): Promise<Posted | undefined> {
  const w = getWorker();
  if (!w) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    try {
      w.postMessage({ id, json, what, grade });
    } catch {
      pending.delete(id);
      resolve(undefined);
    }
  });
}

/** With `grade`, the run also carries the checker's verdict on the scenario's `expect` list. */
export async function runScenarioJson(json: unknown, what?: string, grade = false): Promise<Run> {
  const posted = await inWorker(json, what, grade);
  if (posted) {
    if (!posted.ok) return posted;
    const { fromPosted, indexOfPosted } = await import('./posted');
    const sim = fromPosted(posted);
    if (!sim.ok) return sim;
    return { ...sim, state: indexOfPosted(posted, sim.trace) as StateIndexT };
  }
  const { buildRun } = await import('./build-run');
  return buildRun(json, what, grade);
}

/** Loads lazily-imported JSON and runs it; a failed fetch (offline, missing chunk) is reported too. */
export async function loadAndRun(load: () => Promise<unknown>, what?: string): Promise<Run> {
  let json: unknown;
  try {
    json = await load();
  } catch (e) {
    return {
      ok: false,
      title: `${what ?? 'The scenario'} could not be loaded`,
      issues: [
        {
          path: '$',
          message: e instanceof Error ? e.message : String(e),
          hint: 'check the network connection and reload the page',
        },
      ],
    };
  }
  return runScenarioJson(json, what);
}
