// The engine in a Web Worker: large scenarios take up to a second to run, and the page
// must stay responsive meanwhile. Receives {id, json, what}; answers with the simulated
// run (plain data and Uint8Arrays, structured-cloneable) or its problems.
import { simulate } from './build-run';

self.onmessage = (e: MessageEvent<{ id: number; json: unknown; what?: string }>) => {
  const { id, json, what } = e.data;
  const result = simulate(json, what);
  try {
    self.postMessage({ id, result });
  } catch (err) {
    // A device put something uncloneable in a step: let the page run it itself.
    self.postMessage({ id, cloneError: String(err) });
  }
};
