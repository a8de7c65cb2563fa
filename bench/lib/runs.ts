/**
 * Several runs of one bench, reported as a spread rather than the quietest run (issue 18): every run's figure, their
 * median and min–max, each run's verdict, and the verdict of the figure as the goal was set beside the refined one.
 */
import { median } from './stats';

/** One figure over the runs: every run's value (in run order), the median and the extremes. */
export interface RunSpread {
  values: number[];
  median: number;
  min: number;
  max: number;
}

/** One run's value for a goal and whether that run met it. */
export interface RunJudgement {
  run: number;
  value: number;
  met: boolean;
}

/**
 * A goal judged over several runs. `met` is the verdict on the median run's figure (the measure as set, taken
 * from every run rather than one); `firstRun` is the figure and verdict the bench reported when it ran once; `metIn`
 * counts the runs that met it on their own.
 */
export interface RunsVerdict extends RunSpread {
  goal: string;
  unit: string;
  perRun: RunJudgement[];
  metIn: number;
  runs: number;
  firstRun: RunJudgement | null;
  met: boolean;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** A figure a run did not measure: NaN here, null once it has crossed IPC or JSON. */
const measured = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);

/** Median and min–max of one figure over the runs (runs that did not measure it, NaN or null, are left out). */
export function runSpread(values: readonly (number | null)[]): RunSpread {
  const got = values.filter(measured);
  return {
    values: values.map((v) => (measured(v) ? v : Number.NaN)),
    median: round(median(got)),
    min: got.length ? Math.min(...got) : Number.NaN,
    max: got.length ? Math.max(...got) : Number.NaN,
  };
}

/**
 * Judges a goal over the runs. `value` is each run's figure; `passes` judges a figure; `holds` (optional) is a
 * condition every run must meet on its own for the goal to count at all (e.g. "none missing", "5,000 streams open"):
 * a loss in one run is a loss, not noise to be outvoted by the others.
 */
export function judgeRuns(
  goal: string, unit: string, value: readonly (number | null)[], passes: (v: number) => boolean, holds: readonly boolean[] = [],
): RunsVerdict {
  const spread = runSpread(value);
  const perRun = spread.values.map((v, i) => ({ run: i + 1, value: v, met: measured(v) && passes(v) && (holds[i] ?? true) }));
  // A run that measured nothing at all (e.g. no webhook accepted at the rate) did not meet the goal either.
  const allHold = holds.every(Boolean) && spread.values.every(measured);
  return {
    goal, unit, ...spread, perRun, metIn: perRun.filter((r) => r.met).length, runs: perRun.length,
    firstRun: perRun[0] ?? null, met: perRun.length > 0 && !Number.isNaN(spread.median) && passes(spread.median) && allHold,
  };
}

/** "median (min–max)" of a spread, for a table cell; "–" when no run measured it. */
export function formatSpread(s: RunSpread): string {
  return measured(s.median) ? `${s.median} (${s.min}–${s.max})` : '–';
}

/** One line for the console: the verdict over the runs, every run's figure, and the first run's (original) verdict. */
export function verdictLine(v: RunsVerdict): string {
  const say = (met: boolean): string => (met ? 'met' : 'NOT met');
  const each = v.perRun.map((r) => `${measured(r.value) ? r.value : 'not measured'}${r.met ? '' : ' ✗'}`).join(', ');
  const first = v.firstRun
    ? `; first run alone (as the bench reported with one run): ${measured(v.firstRun.value) ? `${v.firstRun.value} ${v.unit}` : 'not measured'}, ${say(v.firstRun.met)}`
    : '';
  return `goal ${v.goal}: ${say(v.met)} on the median of ${v.runs} runs, ${v.median} ${v.unit} (min–max ${v.min}–${v.max}; ` +
    `runs: ${each}; met in ${v.metIn} of ${v.runs})${first}`;
}

/** How many runs a bench makes: env `name` when set to a positive integer, else `fallback`. */
export function runCount(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got ${process.env[name]})`);
  return n;
}
