/**
 * Sim 4 — verification and its phase transition (Feng et al., "Beyond Model Collapse", ICLR 2025), as one
 * lab page: 4A the exact Gaussian-mixture model with Monte-Carlo runs of the sufficient-statistic sampler
 * over its closed form, and 4B the geometry of a linear generator and verifier. The parts: sim4-params.ts,
 * sim4-closed-forms.ts (both models, described there), sim4-samplers.ts, sim4-model.ts (the run),
 * sim4-figures.ts and sim4-readings.ts.
 */
import type { Simulation } from '../simulation';
import { sim4Figures } from './sim4-figures';
import { runSim4, type Sim4Result } from './sim4-model';
import { checkSim4, SIM4_DEFAULTS, SIM4_FIELDS, type Sim4Params } from './sim4-params';
import { sim4Readings } from './sim4-readings';

export const sim4: Simulation<Sim4Params, Sim4Result> = {
  id: 'sim4',
  title: 'Verification and its phase transition',
  explanation:
    'A generator labels data with error rate p; a verifier keeps a correct example with probability φ and ' +
    'a wrong one with probability ψ; a student learns from what is kept. Among kept examples correct ones ' +
    'outnumber wrong ones exactly when p < p* = φ/(φ + ψ), and that is where the student learns: below p* ' +
    'more data drives accuracy up, above it more data makes the student confidently wrong. With no verifier ' +
    '(or a random filter, φ = ψ) p* = ½. The dashed curves are the closed form, the solid ones the exact ' +
    'simulation. 4B shows the same with a linear generator and verifier: the student learns their bisector ' +
    'and can beat both — until their errors add up to more than π.',
  fields: SIM4_FIELDS,
  defaults: SIM4_DEFAULTS,
  check: checkSim4,
  run: runSim4,
  figures: sim4Figures,
  readings: sim4Readings,
};
