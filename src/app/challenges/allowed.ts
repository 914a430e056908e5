// A challenge's `allowed` paths against the settings model (settings-model.ts): the panel
// shows only those (panel-rows.ts onlyPaths), so a path the model does not offer for the
// start scenario is an authoring problem: the student could never change it.
import { listSettings } from '../settings/settings-model';

/** Allowed paths that are not settings of `scenario`, each as a sentence. */
export function allowedProblems(scenario: unknown, allowed: readonly string[]): string[] {
  const known = new Set(listSettings(scenario, { judge: false }).flatMap((g) => g.settings.map((s) => s.pathText)));
  return allowed
    .filter((p) => !known.has(p))
    .map(
      (p) =>
        `challenge.json allowed "${p}" is not a setting of the start scenario (the settings panel offers no such row)`,
    );
}
