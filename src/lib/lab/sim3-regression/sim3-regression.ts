/**
 * Sim 3 — the linear-regression loop: replace vs accumulate vs token-style editing (Gerstgrasser et al.
 * 2024; ToEdit, Zhu et al. 2025; collapse-lab.md, Sim 3; the paper's bounds from toedit.md). The engine
 * is sim3-loop.ts (on sim3-linear.ts), run by sim3-model.ts; sim3-params.ts, sim3-closed-forms.ts (with the
 * paper's bounds), sim3-summaries.ts, sim3-verdict.ts, sim3-figures.ts and sim3-readings.ts hold the rest.
 */
import type { Simulation } from '../simulation';
import { sim3Figures } from './sim3-figures';
import { runSim3, type Sim3Result } from './sim3-model';
import { checkSim3, SIM3_DEFAULTS, SIM3_FIELDS, type Sim3Params } from './sim3-params';
import { sim3Readings } from './sim3-readings';

export const sim3: Simulation<Sim3Params, Sim3Result> = {
  id: 'sim3',
  title: 'Linear regression trained on its own labels',
  explanation:
    'A least-squares model is refitted every generation on labels that its previous version produced, plus fresh noise. If every label is regenerated (replace), the noise of each generation adds up and the error grows in a straight line. Keeping the human data in the mix stops that: accumulating all generations, or editing only a fraction of the human labels each time, keeps the error bounded. Editing labels that were already edited lets the human share decay, and the error grows again. ToEdit edits a shrinking, never-overlapping set of labels: a finite total edit budget is what bounds it — though the simulated error sits above the bound the paper states.',
  fields: SIM3_FIELDS,
  defaults: SIM3_DEFAULTS,
  check: checkSim3,
  run: runSim3,
  figures: sim3Figures,
  readings: sim3Readings,
};
