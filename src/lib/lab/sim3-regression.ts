/**
 * Sim 3 — the linear-regression loop: replace vs accumulate vs token-style editing (Gerstgrasser et al.
 * 2024; ToEdit, Zhu et al. 2025; collapse-lab.md, Sim 3; the paper's bounds from toedit.md). The engine
 * is sim3-loop.ts; this file holds the closed forms, the paper's bounds, the figures and the readings.
 */
import { checkFields } from './field-check';
import { quantilesInPlace } from '../math/quantile';
import { runReplicate, SIM3_MODES, type Sim3Config, type Sim3Mode } from './sim3-loop';
import type { Checked, Figure, ParamField, Params, Reading, Rule, Series, Simulation } from './simulation';

export interface Sim3Params extends Params {
  T: number;
  d: number;
  sigma: number;
  G: number;
  reps: number;
  eta: number;
  rho1: number;
  decay: number;
}

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

/** reps × G × T × d above this is reduced (fewer replicates) to keep a run near a second at most. */
export const SIM3_MAX_WORK = 1e8;

const fields: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'T',
    label: 'Training examples T',
    min: 3,
    max: 2000,
    step: 1,
    log: true,
    integer: true,
    help: 'OLS needs T > d + 1 for a finite expected error.',
  },
  { kind: 'number', key: 'd', label: 'Features d', min: 1, max: 50, step: 1, integer: true },
  { kind: 'number', key: 'sigma', label: 'Label noise σ', min: 0.01, max: 10, step: 0.01, log: true },
  { kind: 'number', key: 'G', label: 'Generations', min: 1, max: 200, step: 1, integer: true },
  { kind: 'number', key: 'reps', label: 'Replicates', min: 1, max: 2000, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'eta',
    label: 'Edit probability η (edit-human, edit-previous)',
    min: 0,
    max: 0.99,
    step: 0.01,
    help: 'Each generation, each label becomes the model’s own with probability η.',
  },
  {
    kind: 'number',
    key: 'rho1',
    label: 'ToEdit: first round’s edited fraction ρ₁',
    min: 0,
    max: 1,
    step: 0.005,
  },
  {
    kind: 'number',
    key: 'decay',
    label: 'ToEdit: decay η of the edited fraction (ρ_g = ρ₁η^(g−1))',
    min: 0,
    max: 0.99,
    step: 0.01,
  },
];

const defaults: Sim3Params = { T: 100, d: 10, sigma: 1, G: 40, reps: 64, eta: 0.5, rho1: 0.5, decay: 0.5 };

function check(raw: Params): Checked<Sim3Params> {
  const { params, notes } = checkFields(fields, defaults, raw);
  const { T, d } = params;
  if (T <= d + 1)
    return {
      ok: false,
      error: `T = ${T} examples with d = ${d} features: least squares needs T > d + 1 (here T ≥ ${d + 2}) for its expected error σ²d/(T − d − 1) to be finite. Use more examples or fewer features.`,
    };
  const maxReps = Math.max(1, Math.floor(SIM3_MAX_WORK / (params.G * T * d)));
  if (params.reps > maxReps) {
    notes.push(
      `${params.reps} replicates of ${params.G} generations at T = ${T}, d = ${d} is too long a run; using ${maxReps} replicate${maxReps === 1 ? '' : 's'}.`,
    );
    params.reps = maxReps;
  }
  return { ok: true, params, notes };
}

// ---- closed forms and the paper's bounds -----------------------------------------------------------------

/** V = σ²d/(T − d − 1): the expected error of one OLS fit, the unit of every curve. */
export function errorUnit(p: Pick<Sim3Params, 'T' | 'd' | 'sigma'>): number {
  return (p.sigma * p.sigma * p.d) / (p.T - p.d - 1);
}

/** replace: E_g = (g + 1)·V. */
export function replaceError(g: number, V: number): number {
  return (g + 1) * V;
}

/** accumulate: E_g = V·Σ_{k=1}^{g+1} 1/k² ≤ (π²/6)·V. */
export function accumulateError(g: number, V: number): number {
  let s = 0;
  for (let k = g + 1; k >= 1; k--) s += 1 / (k * k);
  return V * s;
}

/**
 * edit-human(η), mean-field: treating (XᵀX)⁻¹XᵀD X as ηI (D the edit mask), e_g = ηe_{g−1} + fresh noise
 * + the human noise the kept labels carry, which gives E_g ≈ V·[1 + (1 − η^{2g})(2η − η²)/(1 − η²)],
 * stationary V·(1 + 2η − 2η²)/(1 − η²) (η = 0.5 → 2V). Exact as T → ∞; at T = 100, d = 10 the
 * simulation sits about 1 % lower.
 */
export function editHumanError(g: number, V: number, eta: number): number {
  if (eta >= 1) return replaceError(g, V);
  return V * (1 + ((1 - Math.pow(eta, 2 * g)) * (2 * eta - eta * eta)) / (1 - eta * eta));
}

export function editHumanStationary(V: number, eta: number): number {
  return (V * (1 + 2 * eta - 2 * eta * eta)) / (1 - eta * eta);
}

/** ToEdit Theorem 1 (toedit.md): base·(1 + Σ_{i≤g} ρ_i) with ρ_i = ρ₁η^(i−1). */
export function theorem1(g: number, base: number, rho1: number, decay: number): number {
  const sum = decay === 1 ? rho1 * g : (rho1 * (1 - Math.pow(decay, g))) / (1 - decay);
  return base * (1 + sum);
}

/** E tr((XᵀX)⁻²) = d(T−1)/((T−d)(T−d−1)(T−d−3)), finite for T > d + 3. */
export function expectedTraceInverseSquared(T: number, d: number): number {
  return (d * (T - 1)) / ((T - d) * (T - d - 1) * (T - d - 3));
}

/** Theorem 2's decaying-edits bound: base + σ²·sqrt(E tr((XᵀX)⁻²))·sqrt(ρ₁T)/(1 − η); null when T ≤ d + 3. */
export function decayingBound(p: Pick<Sim3Params, 'T' | 'd' | 'sigma' | 'rho1' | 'decay'>): number | null {
  if (p.T <= p.d + 3) return null;
  const base = errorUnit(p);
  return (
    base +
    (p.sigma * p.sigma * Math.sqrt(expectedTraceInverseSquared(p.T, p.d)) * Math.sqrt(p.rho1 * p.T)) /
      (1 - p.decay)
  );
}

// ---- run -----------------------------------------------------------------------------------------------

function run(
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

// ---- summaries, figures, readings ----------------------------------------------------------------------

export interface Sim3Summary {
  mean: Float64Array;
  /** Standard error of the mean (0 with one replicate). */
  se: Float64Array;
  q10: Float64Array;
  q90: Float64Array;
}

/** Mean, its standard error, and 10th / 90th percentiles over the finished replicates, per generation. */
export function summarise(r: Sim3Result, mode: Sim3Mode): Sim3Summary {
  const G = r.G;
  const n = Math.max(1, r.done);
  const out: Sim3Summary = {
    mean: new Float64Array(G + 1),
    se: new Float64Array(G + 1),
    q10: new Float64Array(G + 1),
    q90: new Float64Array(G + 1),
  };
  const column = new Float64Array(n);
  const q = new Float64Array(2);
  const e = r.errors[mode];
  for (let g = 0; g <= G; g++) {
    let s = 0;
    for (let rep = 0; rep < n; rep++) s += column[rep] = e[rep * (G + 1) + g];
    const mean = s / n;
    let ss = 0;
    for (let rep = 0; rep < n; rep++) ss += (column[rep] - mean) ** 2;
    out.mean[g] = mean;
    out.se[g] = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
    quantilesInPlace(column, [0.1, 0.9], q);
    out.q10[g] = q[0];
    out.q90[g] = q[1];
  }
  return out;
}

function curve(G: number, f: (g: number) => number): Float64Array {
  return Float64Array.from({ length: G + 1 }, (_, g) => f(g));
}

/**
 * Where the simulated ToEdit curve sits against each of the paper's bounds, in plain words. "Above" means
 * above by more than two standard errors of the Monte-Carlo mean at some generation, so noise alone does
 * not make the claim.
 */
export function toeditVerdict(r: Sim3Result, p: Sim3Params, s = summarise(r, 'toedit')): string {
  const base = r.V;
  const firstAbove = (bound: (g: number) => number) => s.mean.findIndex((v, g) => v - 2 * s.se[g] > bound(g));
  const peak = Math.max(...s.mean);
  const theorem = firstAbove((g) => theorem1(g, base, p.rho1, p.decay));
  const parts = [
    theorem === -1
      ? 'The simulation stays within the paper’s Theorem 1 curve'
      : `The simulation sits above the paper’s Theorem 1 curve (from generation ${theorem})`,
    firstAbove(() => 2 * base) === -1
      ? `and within its 2·base bound (peak ${fmt(peak)}, 2·base ${fmt(2 * base)})`
      : `and above its 2·base bound (${fmt(peak)} > ${fmt(2 * base)})`,
  ];
  const decaying = decayingBound(p);
  if (decaying !== null)
    parts.push(
      firstAbove(() => decaying) === -1
        ? `but below the decaying-edits bound ${fmt(decaying)}`
        : `and even above the decaying-edits bound ${fmt(decaying)}`,
    );
  let text = parts.join(' ') + '.';
  if (theorem !== -1)
    text +=
      ' Theorem 1 drops the error that edited labels inherit from the previous model, so the paper’s curve is optimistic here; the error is still bounded, because the edits never overlap.';
  return text;
}

function fmt(v: number): string {
  return v.toPrecision(3);
}

function figures(r: Sim3Result, p: Sim3Params): Figure[] {
  const V = r.V;
  const G = r.G;
  const x = curve(G, (g) => g);
  const simulated = (mode: Sim3Mode, label: string): Series => {
    const s = summarise(r, mode);
    return { label, kind: 'simulated', group: mode, x, y: s.mean, lo: s.q10, hi: s.q90 };
  };
  const etaText = `η = ${p.eta}`;
  const modes: Series[] = [
    simulated('replace', 'replace: simulated'),
    {
      label: 'replace: (g + 1)·V',
      kind: 'closed-form',
      group: 'replace',
      x,
      y: curve(G, (g) => replaceError(g, V)),
    },
    simulated('accumulate', 'accumulate: simulated'),
    {
      label: 'accumulate: V·Σ 1/k²',
      kind: 'closed-form',
      group: 'accumulate',
      x,
      y: curve(G, (g) => accumulateError(g, V)),
    },
    simulated('edit-human', `edit-human (${etaText}): simulated`),
    {
      label: `edit-human (${etaText}): mean-field closed form`,
      kind: 'closed-form',
      group: 'edit-human',
      x,
      y: curve(G, (g) => editHumanError(g, V, p.eta)),
    },
    simulated('edit-previous', `edit-previous (${etaText}): simulated`),
  ];

  const base = V;
  const toedit = summarise(r, 'toedit');
  const paper: Series[] = [
    {
      label: 'ToEdit: simulated',
      kind: 'simulated',
      group: 'toedit',
      x,
      y: toedit.mean,
      lo: toedit.q10,
      hi: toedit.q90,
    },
    {
      label: 'paper bound: Theorem 1, base·(1 + Σρ_i)',
      kind: 'paper-bound',
      group: 'theorem1',
      x,
      y: curve(G, (g) => theorem1(g, base, p.rho1, p.decay)),
    },
    { label: 'paper bound: 2·base', kind: 'paper-bound', group: 'two-base', x, y: curve(G, () => 2 * base) },
  ];
  const decaying = decayingBound(p);
  if (decaying !== null)
    paper.push({
      label: 'paper bound: decaying edits',
      kind: 'paper-bound',
      group: 'decaying',
      x,
      y: curve(G, () => decaying),
    });
  const rules: Rule[] = [{ axis: 'y', value: V, label: 'V = σ²d/(T − d − 1)' }];
  const generation = { label: 'generation g', scale: 'linear' as const, domain: [0, G] as [number, number] };
  const replicates = `${r.done} replicate${r.done === 1 ? '' : 's'}`;

  return [
    {
      id: 'modes',
      title: 'Error of the refitted model, generation by generation',
      x: generation,
      y: { label: '‖ŵ − w*‖² (log scale)', scale: 'log' },
      series: modes,
      rules,
      caption: `Solid: mean over ${replicates}, band: 10–90 %; dashed: closed forms. Replacing every label compounds the noise linearly; accumulating, or editing a fraction η of the human labels, stays bounded; editing the already-edited labels (edit-previous) lets the human share decay and grows without bound.`,
    },
    {
      id: 'toedit',
      title: `ToEdit’s disjoint edits (ρ₁ = ${p.rho1}, η = ${p.decay}): simulated vs the paper’s bounds`,
      x: generation,
      y: { label: '‖ŵ − w*‖²', scale: 'linear' },
      series: paper,
      rules,
      caption:
        toeditVerdict(r, p, toedit) +
        (decaying === null ? ' (The decaying-edits bound needs T > d + 3 and is not drawn.)' : ''),
    },
  ];
}

function readings(r: Sim3Result, p: Sim3Params): Reading[] {
  const V = r.V;
  const G = r.G;
  const at = (mode: Sim3Mode, g: number) => summarise(r, mode).mean[g];
  const inV = (v: number) => `${(v / V).toFixed(3)}·V`;
  const half = Math.floor(G / 2);
  const stationary = summarise(r, 'edit-human').mean.subarray(half);
  const stationaryMean = stationary.reduce((a, b) => a + b, 0) / stationary.length;
  const toeditAtG = at('toedit', G);
  const decaying = decayingBound(p);
  const out: Reading[] = [
    { label: 'V = σ²d/(T − d − 1)', value: round(V), detail: 'the expected error of one least-squares fit' },
    {
      label: `replace at g = ${G}`,
      value: round(at('replace', G)),
      detail: `${inV(at('replace', G))}; closed form ${inV(replaceError(G, V))}`,
    },
    {
      label: `accumulate at g = ${G}`,
      value: round(at('accumulate', G)),
      detail: `${inV(at('accumulate', G))}; closed form ${inV(accumulateError(G, V))}, never above π²/6·V`,
    },
    {
      label: `edit-human (η = ${p.eta}), mean over g ≥ ${half}`,
      value: round(stationaryMean),
      detail: `${inV(stationaryMean)}; stationary ≈ V·(1 + 2η − 2η²)/(1 − η²) = ${inV(editHumanStationary(V, p.eta))}`,
    },
    {
      label: `edit-previous (η = ${p.eta}) at g = ${G}`,
      value: round(at('edit-previous', G)),
      detail: `${inV(at('edit-previous', G))}; unbounded`,
    },
    {
      label: `ToEdit at g = ${G}`,
      value: round(toeditAtG),
      detail: `paper: Theorem 1 ${fmt(theorem1(G, V, p.rho1, p.decay))}, 2·base ${fmt(2 * V)}${decaying === null ? '' : `, decaying bound ${fmt(decaying)}`}`,
    },
    { label: 'ToEdit: simulation vs paper bound', value: toeditVerdict(r, p) },
  ];
  return out;
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}

export const sim3: Simulation<Sim3Params, Sim3Result> = {
  id: 'sim3',
  title: 'Linear regression trained on its own labels',
  explanation:
    'A least-squares model is refitted every generation on labels that its previous version produced, plus fresh noise. If every label is regenerated (replace), the noise of each generation adds up and the error grows in a straight line. Keeping the human data in the mix stops that: accumulating all generations, or editing only a fraction of the human labels each time, keeps the error bounded. Editing labels that were already edited lets the human share decay, and the error grows again. ToEdit edits a shrinking, never-overlapping set of labels: a finite total edit budget is what bounds it — though the simulated error sits above the bound the paper states.',
  fields,
  defaults,
  check,
  run,
  figures,
  readings,
};
