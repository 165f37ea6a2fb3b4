/**
 * Sim 2 — Zipf tails and a broken scaling law (Dohmatob et al., "A Tale of Tails", ICML 2024;
 * collapse-lab.md, Sim 2). Items i = 1..N with p_i ∝ i^(−β); a memorising learner trained on T samples
 * from q errs on exactly the items it has not seen: E(T) = Σ p_i (1 − q_i)^T (sim2-error.ts). Curves:
 * the clean power law, tails cut at k or narrowed, generations of resampling whose floor rises, and
 * mixing a real fraction π back in.
 *
 * The parts: sim2-params.ts, sim2-error.ts, sim2-resample.ts and sim2-model.ts (the run), sim2-summaries.ts,
 * sim2-closed-forms.ts, sim2-figures.ts and sim2-readings.ts.
 */
import type { Simulation } from '../simulation';
import { sim2Figures } from './sim2-figures';
import { runSim2, type Sim2Result } from './sim2-model';
import { checkSim2, SIM2_DEFAULTS, SIM2_FIELDS, type Sim2Params } from './sim2-params';
import { sim2Readings } from './sim2-readings';

export const sim2: Simulation<Sim2Params, Sim2Result> = {
  id: 'sim2',
  title: 'Zipf tails and a broken scaling law',
  explanation:
    'Facts in the world follow a long tail: a few are common, most are rare. A model that learns what it sees gets better as a power of the amount of data — the scaling law. Train it on synthetic data that lacks the tail and the law breaks: the error stops at a floor that more synthetic data cannot lower, and each generation trained on the previous one’s output raises that floor, since rare facts that are not drawn are lost for good. Mixing in even a small fraction of real data restores the descent.',
  fields: SIM2_FIELDS,
  defaults: SIM2_DEFAULTS,
  check: checkSim2,
  run: runSim2,
  figures: sim2Figures,
  readings: sim2Readings,
};
