// The scenario being edited on the lab page, as text, and the runs made from it. One
// direction: text → (JSON check, lab check) → engine worker → run. A run that fails keeps
// the last good one on screen (`good`) and lists its problems (`problems`); a run answered
// after a newer one was started is dropped. Anything that changes the scenario (the JSON
// editor, a settings panel, an opened file or link) goes through `replace` or `run`.
import type { Issue } from '../../engine/scenario/issues';
import type { Run } from '../run/build-run';
import { runScenarioJson } from '../run/run-async';
import { scanJson, lineColumn } from './json-scan';
import { labFit, nodeTypes, type LabId } from './lab-of';

export type GoodRun = Extract<Run, { ok: true }>;

export interface Problems {
  readonly title: string;
  readonly issues: readonly Issue[];
  /** Where the JSON stops being JSON, when that is the problem. */
  readonly syntax?: { readonly offset: number; readonly line: number; readonly column: number };
  /** The lab that can show this scenario, when this lab cannot. */
  readonly betterLab?: LabId;
}

/** Where the draft came from: the words the page uses for it. */
export type Origin = 'bundled' | 'link' | 'file' | 'edit';

export class Draft {
  /** The lab page this draft belongs to, and the source it was loaded from (route key). */
  lab = $state<LabId>('bridge');
  key = $state('');
  origin = $state<Origin>('bundled');
  /** The editor's text, kept current on every keystroke. */
  text = $state('');
  /** The text as loaded, for "Reset" and for telling an edited draft. */
  original = $state('');
  /** The text of the latest run started, whatever its outcome. */
  ran = $state('');
  good = $state.raw<GoodRun | undefined>(undefined);
  /** The text `good` was run from (its traffic list names the frames in a comparison). */
  goodText = $state('');
  /** The good run that `good` replaced, from the same source: what "What changed" compares. */
  previous = $state.raw<GoodRun | undefined>(undefined);
  /** Good runs since the source was loaded (the first one not counted). */
  reruns = $state(0);
  problems = $state.raw<Problems | undefined>(undefined);
  busy = $state(false);
  #generation = 0;
  /** A scenario on its way to another lab's page (too large for a link): taken when it opens. */
  #carried: { lab: LabId; text: string; origin: Origin } | undefined;

  carry(lab: LabId, text: string, origin: Origin): void {
    this.#carried = { lab, text, origin };
  }

  takeCarried(lab: LabId): { text: string; origin: Origin } | undefined {
    const c = this.#carried;
    if (c?.lab !== lab) return undefined;
    this.#carried = undefined;
    return c;
  }

  get edited(): boolean {
    return this.text !== this.original;
  }

  /** A new source is on its way (a chunk or a link to decode): the old run leaves the screen now. */
  begin(key: string, lab: LabId): void {
    this.#generation++;
    this.key = key;
    this.lab = lab;
    this.#forget();
    this.busy = true;
  }

  /** A new source (bundled scenario, link, file): the old run goes too. */
  load(key: string, lab: LabId, text: string, origin: Origin): Promise<void> {
    this.key = key;
    this.lab = lab;
    this.origin = origin;
    this.text = this.original = text;
    this.#forget();
    return this.run();
  }

  /** A source that could not be read at all (a damaged link): nothing to run or edit. */
  fail(key: string, lab: LabId, problems: Problems): void {
    this.#generation++;
    this.key = key;
    this.lab = lab;
    this.text = this.original = this.ran = '';
    this.#forget();
    this.problems = problems;
    this.busy = false;
  }

  /** Replace the scenario (JSON text or a value) and run it; keeps the source key. */
  replace(scenario: string | unknown): Promise<void> {
    this.text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2);
    return this.run();
  }

  /** Run the editor's text. */
  async run(): Promise<void> {
    const generation = ++this.#generation;
    const text = (this.ran = this.text);
    const checked = this.#check(text);
    if (!('json' in checked)) {
      this.problems = checked;
      this.busy = false;
      return;
    }
    this.busy = true;
    const what = text === this.original ? WHAT[this.origin] : 'The edited scenario';
    const run = await runScenarioJson(checked.json, what);
    if (generation !== this.#generation) return;
    this.busy = false;
    if (run.ok) {
      if (this.good) {
        this.previous = this.good;
        this.reruns++;
      }
      this.good = run;
      this.goodText = text;
      this.problems = undefined;
    } else this.problems = { title: run.title, issues: run.issues };
  }

  #forget(): void {
    this.good = this.previous = undefined;
    this.problems = undefined;
    this.reruns = 0;
  }

  /** JSON and lab checks, before anything reaches the engine. */
  #check(text: string): { json: unknown } | Problems {
    const scan = scanJson(text);
    if (!scan.ok) {
      const { line, column } = lineColumn(text, scan.offset);
      return {
        title: 'The scenario is not valid JSON',
        issues: [
          {
            path: `line ${line}, column ${column}`,
            message: scan.message,
            hint: 'check for a missing comma, quote or bracket there or just before',
          },
        ],
        syntax: { offset: scan.offset, line, column },
      };
    }
    const json: unknown = JSON.parse(text);
    const fit = labFit(this.lab, nodeTypes(json));
    if (fit.fits) return { json };
    return {
      title: fit.better ? `This scenario belongs in the ${fit.better} lab` : 'No lab shows all of this scenario',
      issues: [
        {
          path: '$.nodes',
          message: `the ${this.lab} lab does not show ${fit.foreign.map((t) => `"${t}"`).join(', ')} devices`,
          hint: fit.better ? `open it in the ${fit.better} lab` : 'a scenario uses the device types of one lab',
        },
      ],
      ...(fit.better && { betterLab: fit.better }),
    };
  }
}

const WHAT: Record<Origin, string> = {
  bundled: 'The scenario',
  edit: 'The edited scenario',
  link: 'The scenario in the link',
  file: 'The opened file',
};

/** The lab page's draft: one per app, since one lab page is on screen at a time. */
export const draft = new Draft();

/**
 * For other panels (settings, challenges): replace the current lab's scenario with this
 * JSON (text or value) and run it in the engine worker; the lab page shows the new run,
 * or its problems over the last good one. Resolves when the run is on screen.
 */
export const replaceDraft = (scenario: string | unknown): Promise<void> => draft.replace(scenario);
