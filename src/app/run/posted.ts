// A run crossing from the engine worker to the page: the trace goes as its columns (plain
// data, buffers transferred) and comes back as a RecordedTrace that reads them in place,
// making a Step object only when a view asks for that step. Light enough for the page's
// bundle: it needs the trace's columns, not the device models.
import { RecordedTrace } from '../../engine/sim/recorded-trace';
import { transferables } from '../../engine/sim/trace-data';
import { StateIndex } from '../../engine/sim/state-index';
import type { Trace } from '../../engine/sim/types';
import type { Posted, Simulated } from './build-run';

/** The message for a simulated run, and the buffers to transfer with it. */
export function toPosted(sim: Simulated): { result: Posted; transfer: ArrayBuffer[] } {
  if (!sim.ok) return { result: sim, transfer: [] };
  if (!(sim.trace instanceof RecordedTrace)) throw new Error('the engine returned a trace without columns');
  const data = sim.trace.toData();
  // The state index too: built here, its snapshots cost the page nothing but a transfer.
  const index = new StateIndex(sim.trace).toData();
  return {
    result: { ok: true, data, index, description: sim.description, ...(sim.checks && { checks: sim.checks }) },
    transfer: [...transferables(data), index.last.buffer as ArrayBuffer, index.since.buffer as ArrayBuffer],
  };
}

export function fromPosted(p: Posted): Simulated {
  if (!p.ok) return p;
  return {
    ok: true,
    trace: RecordedTrace.fromData(p.data),
    description: p.description,
    ...(p.checks && { checks: p.checks }),
  };
}

/** The state index of a posted run: the worker's snapshots read in place (built here if it sent none). */
export function indexOfPosted(p: Posted, trace: Trace): StateIndex {
  return new StateIndex(trace, undefined, p.ok ? p.index : undefined);
}
