// The engine in a Web Worker: large scenarios take seconds to run, and the page must stay
// responsive meanwhile. Receives {id, json, what, grade}; answers with the run's trace as plain
// columns (posted.ts: typed arrays transferred, not copied, decisions worded here where
// the wording functions are), or its problems. The page reads the columns one step at a
// time and never receives one object per step.
import { simulate } from './build-run';
import { toPosted } from './posted';

self.onmessage = (e: MessageEvent<{ id: number; json: unknown; what?: string; grade?: boolean }>) => {
  const { id, json, what, grade } = e.data;
  try {
    const { result, transfer } = toPosted(simulate(json, what, grade === true));
    self.postMessage({ id, result }, { transfer });
  } catch (err) {
    // Something in the trace cannot be posted: let the page run it itself.
    self.postMessage({ id, cloneError: String(err) });
  }
};
