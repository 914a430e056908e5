// A run crossing from the engine worker to the page: the trace goes as its columns (plain
// data, buffers transferred) and comes back as a RecordedTrace that reads them in place,
// making a Step object only when a view asks for that step. Light enough for the page's
// bundle: it needs the trace's columns, not the device models.
import { RecordedTrace } from '../../engine/sim/recorded-trace';
import { transferables } from '../../engine/sim/trace-data';
import type { Posted, Simulated } from './build-run';

/** The message for a simulated run, and the buffers to transfer with it. */
export function toPosted(sim: Simulated): { result: Posted; transfer: ArrayBuffer[] } {
  if (!sim.ok) return { result: sim, transfer: [] };
  if (!(sim.trace instanceof RecordedTrace)) throw new Error('the engine returned a trace without columns');
  const data = sim.trace.toData();
  return { result: { ok: true, data, description: sim.description }, transfer: transferables(data) };
}

export function fromPosted(p: Posted): Simulated {
  return p.ok ? { ok: true, trace: RecordedTrace.fromData(p.data), description: p.description } : p;
}
