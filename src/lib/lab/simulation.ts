/**
 * The contract every collapse-lab simulation keeps, so that one worker runs them all, one page draws them
 * all and one URL codec stores them all. A simulation is pure and seeded: `run(params, seed)` returns the
 * same numbers every time, in Node, in the worker and in tests.
 *
 * Simulations return their own typed result; `figures(result)` turns it into plot-ready data (the
 * Observable Plot split: transforms are pure functions of data, marks only draw).
 */

/** One control of a simulation, declared so the page can draw it and the URL can store it. */
export type ParamField =
  | {
      kind: 'number';
      key: string;
      label: string;
      min: number;
      max: number;
      step: number;
      /** Draw the slider on a log scale (M, T, n, …). */
      log?: boolean;
      /** Whole numbers only. */
      integer?: boolean;
      help?: string;
    }
  | {
      kind: 'choice';
      key: string;
      label: string;
      options: readonly { value: string; label: string }[];
      help?: string;
    }
  | { kind: 'toggle'; key: string; label: string; help?: string };

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

/** Parameters after validation: clamped values plus a sentence for each change, or a refusal. */
export type Checked<P> = { ok: true; params: P; notes: string[] } | { ok: false; error: string };

/** How a series is drawn: Monte-Carlo is solid with a 10–90 % band, closed forms are dashed. */
export type SeriesKind = 'simulated' | 'closed-form' | 'paper-bound' | 'reference';

export interface Series {
  label: string;
  kind: SeriesKind;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Band (e.g. the 10th and 90th percentiles over replicates), same length as x. */
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
  /** Groups series that share a colour (e.g. one M's simulated and closed-form curves). */
  group?: string;
}

export interface Axis {
  label: string;
  scale: 'linear' | 'log';
  /** Fixed domain; otherwise the page takes the extent of the finite data. */
  domain?: [number, number];
}

/** A vertical or horizontal rule with a label (p*, a floor, σ0, …). */
export interface Rule {
  axis: 'x' | 'y';
  value: number;
  label: string;
}

export interface Figure {
  /** Stable within a simulation: lessons highlight a figure by id. */
  id: string;
  title: string;
  x: Axis;
  y: Axis;
  series: Series[];
  rules?: Rule[];
  /** One or two sentences under the plot: what to look for. */
  caption?: string;
}

/** A headline number (p*, a fixture, a verdict) shown beside the plots. */
export interface Reading {
  label: string;
  value: number | string;
  /** e.g. a Wilson interval or "closed form 0.839". */
  detail?: string;
}

export interface Simulation<P extends Params, R> {
  id: string;
  title: string;
  /** Plain-language explanation of what the learner should look for (a few sentences). */
  explanation: string;
  fields: readonly ParamField[];
  defaults: P;
  /** Clamps or refuses out-of-range values with a reason (never lets NaN reach a plot). */
  check(params: Params): Checked<P>;
  /**
   * Runs the simulation. `onPartial`, when given, receives partial results (e.g. after each block of
   * replicates) so the worker can stream long runs; the final result is the return value.
   */
  run(params: P, seed: number, onPartial?: (partial: R, done: number, total: number) => void): R;
  figures(result: R, params: P): Figure[];
  readings(result: R, params: P): Reading[];
}
