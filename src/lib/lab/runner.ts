/**
 * Runs one simulation and turns its results into frames the page can draw: checked parameters, plot-ready
 * figures and readings, progress. Pure (no DOM, no worker API) so the worker, the benchmark and the tests
 * all run a simulation the same way; the worker only adds messaging and a shared cancel flag.
 */
import type { Figure, Params, Reading, Simulation } from './simulation';

// Any simulation, whatever its own parameter and result types (the registry holds them side by side).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySimulation = Simulation<any, any>;

/** What the page draws: one snapshot of a run, partial while `done < total`. */
export interface LabFrame {
  figures: Figure[];
  readings: Reading[];
  /** Units of work finished (replicates, generations…) out of `total`, as the simulation reports them. */
  done: number;
  total: number;
  final: boolean;
  /** Sentences from check(): which parameters were clamped and why. */
  notes: string[];
  /** Milliseconds since the run started. */
  ms: number;
}

export type RunOutcome =
  | { status: 'done'; frame: LabFrame; params: Params }
  /** check() refused the parameters (e.g. T ≤ d + 1 in Sim 3): nothing ran. */
  | { status: 'refused'; error: string }
  /** A newer run took over before this one finished. */
  | { status: 'cancelled' }
  /** The simulation threw: a bug, reported rather than drawn. */
  | { status: 'failed'; error: string };

export interface RunOptions {
  /** Receives partial frames, at most one per `frameIntervalMs`, and never the final one (that is returned). */
  onFrame?: (frame: LabFrame) => void;
  /** Polled at each partial result; true ends the run as 'cancelled'. */
  shouldStop?: () => boolean;
  /** Fewer frames mean less time spent drawing half-finished curves; 60 ms still looks live. */
  frameIntervalMs?: number;
  now?: () => number;
  /** Receives each partial result and the final one, raw (the worker keeps the latest for text views). */
  onResult?: (result: unknown) => void;
}

class Stopped extends Error {}

export function runSimulation(
  sim: AnySimulation,
  raw: Params,
  seed: number,
  { onFrame, shouldStop, onResult, frameIntervalMs = 60, now = () => performance.now() }: RunOptions = {},
): RunOutcome {
  const started = now();
  const checked = sim.check(raw);
  if (!checked.ok) return { status: 'refused', error: checked.error };
  const { params, notes } = checked;
  let lastFrame = started;
  let lastTotal = 1;
  const frame = (result: unknown, done: number, total: number, final: boolean): LabFrame => ({
    figures: sim.figures(result, params),
    readings: sim.readings(result, params),
    done,
    total,
    final,
    notes,
    ms: now() - started,
  });
  try {
    const result = sim.run(params, seed, (partial, done, total) => {
      if (shouldStop?.()) throw new Stopped();
      lastTotal = total;
      onResult?.(partial);
      const t = now();
      if (onFrame && t - lastFrame >= frameIntervalMs) {
        onFrame(frame(partial, done, total, false));
        lastFrame = now(); // drawing time does not count towards the next interval
      }
    });
    onResult?.(result);
    return { status: 'done', frame: frame(result, lastTotal, lastTotal, true), params };
  } catch (error) {
    if (error instanceof Stopped) return { status: 'cancelled' };
    return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
