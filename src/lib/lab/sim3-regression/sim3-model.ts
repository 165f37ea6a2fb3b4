/**
 * Sim 3's run: replicates of the regression loop under every mode (sim3-loop.ts), each mode's error at
 * every generation kept per replicate for the summaries, figures and readings to read.
 */
import { errorUnit } from './sim3-closed-forms';
import { runReplicate, SIM3_MODES, type Sim3Config, type Sim3Mode } from './sim3-loop';
import type { Sim3Params } from './sim3-params';

export interface Sim3Result {
  /** Replicates finished (the first `done` rows of each mode's errors are filled). */
  done: number;
  reps: number;
  G: number;
  /** The error unit V = σ²d/(T − d − 1). */
  V: number;
  /** errors[mode][rep·(G+1) + g] = ‖ŵ_g − w*‖² of replicate rep. */
  errors: Record<Sim3Mode, Float64Array>;
}

export function runSim3(
  p: Sim3Params,
  seed: number,
  onPartial?: (partial: Sim3Result, done: number, total: number) => void,
): Sim3Result {
  const errors = Object.fromEntries(
    SIM3_MODES.map((m) => [m, new Float64Array(p.reps * (p.G + 1))]),
  ) as Record<Sim3Mode, Float64Array>;
  const result: Sim3Result = { done: 0, reps: p.reps, G: p.G, V: errorUnit(p), errors };
  const config: Sim3Config = {
    T: p.T,
    d: p.d,
    sigma: p.sigma,
    G: p.G,
    eta: p.eta,
    rho1: p.rho1,
    decay: p.decay,
  };
  for (let rep = 0; rep < p.reps; rep++) {
    runReplicate(config, seed, rep, SIM3_MODES, errors);
    result.done = rep + 1;
    // Every replicate: the runner throttles frames, and heavy settings capped to a few replicates must
    // still report so that a newer setting can cancel them.
    if (result.done < p.reps) onPartial?.(result, result.done, p.reps);
  }
  return result;
}
