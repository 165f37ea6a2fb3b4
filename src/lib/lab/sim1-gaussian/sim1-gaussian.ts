/**
 * Sim 1 — a Gaussian refitted on its own samples (Shumailov et al., Nature 2024; collapse-lab.md, Sim 1):
 * the fan chart of σ over generations with its closed forms, replace vs accumulate, MLE vs unbiased
 * variance, the fitted density against the original, and the mass left beyond 3σ0.
 *
 * The parts: sim1-params.ts (fields, defaults, check), sim1-chains.ts and sim1-model.ts (the run),
 * sim1-closed-forms.ts, sim1-figures.ts and sim1-readings.ts.
 */
import type { Simulation } from '../simulation';
import { sim1Figures } from './sim1-figures';
import { runSim1, type Sim1Result } from './sim1-model';
import { checkSim1, SIM1_DEFAULTS, SIM1_FIELDS, type Sim1Params } from './sim1-params';
import { sim1Readings } from './sim1-readings';

export const sim1: Simulation<Sim1Params, Sim1Result> = {
  id: 'sim1',
  title: 'A Gaussian refitted on its own samples',
  explanation:
    'Start from a normal distribution, draw M samples, fit a new normal to them, draw M samples from the fit, and repeat. Each fit is a little off, and the errors compound: the spread σ shrinks generation after generation until the model has forgotten its tails and, eventually, nearly everything. Watch the fan of σ fall on the log scale, the tails vanish first, and compare: a larger M only slows the collapse, while keeping every sample ever drawn (accumulate) stops it.',
  fields: SIM1_FIELDS,
  defaults: SIM1_DEFAULTS,
  check: checkSim1,
  run: runSim1,
  figures: sim1Figures,
  readings: sim1Readings,
};
