// Prints the model-based transition coverage of every VDP/ECP machine:
//   npx tsx test/vdp/print-coverage.ts
// (the same numbers machines.mbt.test.ts asserts and prints).
import { allModels } from './models';
import { runModel } from './mbt';

for (const spec of allModels) {
  const r = runModel(spec);
  const pct = ((100 * r.transitions.taken) / r.transitions.defined).toFixed(0);
  console.log(
    `${r.name.padEnd(20)} states ${r.states.visited}/${r.states.defined}  transitions ${r.transitions.taken}/${r.transitions.defined} (${pct}%)  walks ${r.walks}  engine disagreements ${r.disagreements.length}`,
  );
}
