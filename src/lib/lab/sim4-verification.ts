/**
 * Sim 4 — verification and its phase transition (Feng et al., "Beyond Model Collapse", ICLR 2025), as one
 * lab page: 4A the exact Gaussian-mixture model (sim4-mixture.ts) with Monte-Carlo runs of the
 * sufficient-statistic sampler over its closed form, and 4B the geometry of a linear generator and
 * verifier (sim4-geometry.ts).
 */
import { checkFields } from './field-check';
import { labRng, type LabRng } from '../math/variates';
import {
  breakdownPoint,
  closedFormAccuracy,
  effectiveSampleSize,
  limitAccuracy,
  sampleAccuracy,
  VERIFIER_PRESETS,
  type Mixture,
  type Verifier,
  type VerifierPreset,
} from './sim4-mixture';
import { geometryAccuracy, geometryRates, sampleGeometryAccuracy } from './sim4-geometry';
import type { Checked, Figure, ParamField, Params, Reading, Series, Simulation } from './simulation';
import { normalCdf } from '../math/special';

export interface Sim4Params extends Params {
  preset: 'custom' | VerifierPreset;
  phi: number;
  psi: number;
  /** The generator's error rate for the accuracy-vs-n curve and the readings. */
  p: number;
  n: number;
  d: number;
  mu: number;
  replicates: number;
  /** 4B angles as fractions of π. */
  thetaG: number;
  thetaV: number;
}

/** Monte-Carlo mean and 10–90 % band over replicates at each x. */
export interface McCurve {
  x: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

export interface Sim4Result {
  /** null only if the verifier keeps nothing (check() refuses that). */
  pStar: number | null;
  /** Accuracy vs p, one per n (n/10, n, 10n within range). */
  byP: { n: number; simulated: McCurve | null; closedForm: { x: number[]; y: number[] } }[];
  /** Accuracy vs n at the chosen p. */
  byN: { simulated: McCurve | null; closedForm: { x: number[]; y: number[] }; noVerifier: number[] };
  /** 4B: accuracy vs θ_g/π for the chosen θ_v. */
  geometry: {
    x: number[];
    closedForm: number[];
    simulated: McCurve | null;
    phi: number[];
    psi: number[];
    pStar: number[];
  };
  /** Blocks of Monte-Carlo work finished, out of total. */
  done: number;
  total: number;
}

export const SIM4_FIELDS: readonly ParamField[] = [
  {
    kind: 'choice',
    key: 'preset',
    label: 'Verifier',
    options: [
      { value: 'custom', label: 'custom (φ, ψ below)' },
      ...Object.entries(VERIFIER_PRESETS).map(([value, v]) => ({
        value,
        label: `${v.label}: φ = ${v.phi}, ψ = ${v.psi}`,
      })),
    ],
    help: 'A preset sets φ and ψ; choose custom to set them by hand.',
  },
  { kind: 'number', key: 'phi', label: 'φ = P(keep | correct)', min: 0, max: 1, step: 0.01 },
  { kind: 'number', key: 'psi', label: 'ψ = P(keep | wrong)', min: 0, max: 1, step: 0.01 },
  { kind: 'number', key: 'p', label: 'Generator error rate p', min: 0, max: 1, step: 0.01 },
  {
    kind: 'number',
    key: 'n',
    label: 'Generated examples n',
    min: 10,
    max: 1e6,
    step: 1,
    log: true,
    integer: true,
  },
  { kind: 'number', key: 'd', label: 'Dimension d', min: 1, max: 1000, step: 1, log: true, integer: true },
  { kind: 'number', key: 'mu', label: 'Signal ‖μ‖', min: 0.1, max: 3, step: 0.05 },
  {
    kind: 'number',
    key: 'replicates',
    label: 'Replicates',
    min: 30,
    max: 500,
    step: 1,
    integer: true,
    help: 'Monte-Carlo runs per point (the band is their 10–90 % range).',
  },
  {
    kind: 'number',
    key: 'thetaG',
    label: '4B: generator angle θ_g / π',
    min: 0,
    max: 1,
    step: 0.01,
    help: 'The generator errs on a share θ_g/π of inputs.',
  },
  { kind: 'number', key: 'thetaV', label: '4B: verifier angle θ_v / π', min: 0, max: 1, step: 0.01 },
];

export const SIM4_DEFAULTS: Sim4Params = {
  preset: 'custom',
  phi: 0.8,
  psi: 0.3,
  p: 0.6,
  n: 10_000,
  d: 100,
  mu: 1,
  replicates: 64,
  thetaG: 0.3,
  thetaV: 0.3,
};

/** 4B Monte Carlo: a student on this many examples in 3 dimensions, this many runs per angle. */
const GEOMETRY_EXAMPLES = 500;
const GEOMETRY_RUNS = 8;

function check(raw: Params): Checked<Sim4Params> {
  const { params, notes } = checkFields(SIM4_FIELDS, SIM4_DEFAULTS, raw);
  if (params.preset !== 'custom') {
    const preset = VERIFIER_PRESETS[params.preset];
    if (params.phi !== preset.phi || params.psi !== preset.psi) {
      // Say so only when φ or ψ was set by hand (not merely left at the defaults, as a link or lesson does).
      const byHand = (key: 'phi' | 'psi') =>
        raw[key] !== undefined && raw[key] !== preset[key] && raw[key] !== SIM4_DEFAULTS[key];
      if (byHand('phi') || byHand('psi')) {
        notes.push(
          `The “${preset.label}” verifier has φ = ${preset.phi}, ψ = ${preset.psi}; choose custom to set φ and ψ by hand.`,
        );
      }
      params.phi = preset.phi;
      params.psi = preset.psi;
    }
  }
  if (params.phi + params.psi === 0) {
    return {
      ok: false,
      error:
        'A verifier with φ = ψ = 0 keeps nothing: there is no training data, and p* = φ/(φ + ψ) is 0/0. ' +
        'Raise φ (or ψ) above 0.',
    };
  }
  return { ok: true, params, notes };
}

/** 0, 0.025, …, 1 plus points hugging p* (where the curve steps), sorted. */
function pGrid(pStar: number | null, step: number): number[] {
  const xs = new Set<number>();
  for (let i = 0; i <= Math.round(1 / step); i++) xs.add(round(i * step, 6));
  if (pStar !== null) {
    for (const dx of [-0.015, -0.005, 0, 0.005, 0.015]) {
      const x = round(pStar + dx, 6);
      if (x >= 0 && x <= 1) xs.add(x);
    }
  }
  return [...xs].sort((a, b) => a - b);
}

/** 10 … 10⁶, four points per decade, plus n itself. */
function nGrid(n: number): number[] {
  const xs = new Set<number>([n]);
  for (let e = 1; e <= 6; e += 0.25) xs.add(Math.round(10 ** e));
  return [...xs].sort((a, b) => a - b);
}

function mcCurve(xs: number[], runs: number, draw: (x: number) => number): McCurve {
  const values = new Float64Array(runs);
  const curve: McCurve = { x: xs, mean: [], lo: [], hi: [] };
  for (const x of xs) {
    let sum = 0;
    for (let r = 0; r < runs; r++) sum += values[r] = draw(x);
    values.sort();
    curve.mean.push(sum / runs);
    curve.lo.push(quantileSorted(values, 0.1));
    curve.hi.push(quantileSorted(values, 0.9));
  }
  return curve;
}

function run(
  params: Sim4Params,
  seed: number,
  onPartial?: (partial: Sim4Result, done: number, total: number) => void,
): Sim4Result {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const m: Mixture = { d: params.d, mu: params.mu };
  const pStar = breakdownPoint(v);
  const ns = [...new Set([params.n / 10, params.n, params.n * 10].map((n) => Math.round(clamp(n, 10, 1e7))))];
  const fine = pGrid(pStar, 0.0025);
  const coarse = pGrid(pStar, 0.025);
  const nxs = nGrid(params.n);
  const nFine = Array.from({ length: 61 }, (_, i) => 10 ** (1 + i / 10));
  // Closed forms on a fine grid; the 4B Monte Carlo (3 normals per example) on a coarse one.
  const thetas = Array.from({ length: 101 }, (_, i) => i / 100);
  const thetasMc = Array.from({ length: 11 }, (_, i) => i / 10);
  const tv = params.thetaV * Math.PI;
  const rates = thetas.map((t) => geometryRates(t * Math.PI, tv));
  const result: Sim4Result = {
    pStar,
    byP: ns.map((n) => ({
      n,
      simulated: null,
      closedForm: { x: fine, y: fine.map((p) => closedFormAccuracy(n, p, v, m)) },
    })),
    byN: {
      simulated: null,
      closedForm: { x: nFine, y: nFine.map((n) => closedFormAccuracy(n, params.p, v, m)) },
      noVerifier: nFine.map((n) => closedFormAccuracy(n, params.p, { phi: 1, psi: 1 }, m)),
    },
    geometry: {
      x: thetas,
      closedForm: thetas.map((t) => geometryAccuracy(t * Math.PI, tv)),
      simulated: null,
      phi: rates.map((r) => r.phi),
      psi: rates.map((r) => r.psi),
      pStar: rates.map((r) => r.pStar ?? 0.5),
    },
    done: 0,
    total: ns.length + 2,
  };
  // One stream per block, so a block's numbers do not depend on how many blocks ran before it.
  const block = (k: number): LabRng => labRng((seed * 16 + k) | 0);
  const step = () => onPartial?.(result, ++result.done, result.total);
  result.byP.forEach((curve, k) => {
    const rng = block(k);
    curve.simulated = mcCurve(coarse, params.replicates, (p) => sampleAccuracy(rng, curve.n, p, v, m));
    step();
  });
  const rngN = block(8);
  result.byN.simulated = mcCurve(nxs, params.replicates, (n) => sampleAccuracy(rngN, n, params.p, v, m));
  step();
  const rngG = block(9);
  result.geometry.simulated = mcCurve(thetasMc, GEOMETRY_RUNS, (t) =>
    sampleGeometryAccuracy(rngG, GEOMETRY_EXAMPLES, t * Math.PI, tv),
  );
  step();
  return result;
}

function simulated(label: string, c: McCurve, group: string): Series {
  return { label, kind: 'simulated', x: c.x, y: c.mean, lo: c.lo, hi: c.hi, group };
}

function figures(r: Sim4Result, params: Sim4Params): Figure[] {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const pStarRule =
    r.pStar === null ? [] : [{ axis: 'x' as const, value: r.pStar, label: `p* = ${fmt(r.pStar)}` }];
  const accuracy = {
    label: 'student accuracy',
    scale: 'linear' as const,
    domain: [0, 1] as [number, number],
  };
  const best = normalCdf(params.mu);
  const byP: Series[] = [];
  for (const c of r.byP) {
    const group = `n = ${c.n}`;
    if (c.simulated) byP.push(simulated(`simulated, n = ${c.n}`, c.simulated, group));
    byP.push({ label: `closed form, n = ${c.n}`, kind: 'closed-form', ...c.closedForm, group });
  }
  const byN: Series[] = [];
  if (r.byN.simulated) byN.push(simulated(`simulated, p = ${params.p}`, r.byN.simulated, 'verifier'));
  byN.push({ label: 'closed form', kind: 'closed-form', ...r.byN.closedForm, group: 'verifier' });
  byN.push({
    label: 'closed form, no verifier',
    kind: 'reference',
    x: r.byN.closedForm.x,
    y: r.byN.noVerifier,
    group: 'none',
  });
  const effX = r.byP[0].closedForm.x;
  const g = r.geometry;
  const geometrySeries: Series[] = [];
  if (g.simulated) {
    geometrySeries.push(
      simulated(`simulated student (${GEOMETRY_EXAMPLES} examples)`, g.simulated, 'student'),
    );
  }
  geometrySeries.push(
    { label: 'acc∞ (orthogonal errors)', kind: 'closed-form', x: g.x, y: g.closedForm, group: 'student' },
    {
      label: 'generator alone: 1 − θ_g/π',
      kind: 'reference',
      x: g.x,
      y: g.x.map((t) => 1 - t),
      group: 'gen',
    },
  );
  return [
    {
      id: 'acc-vs-p',
      title: 'Accuracy vs the generator’s error rate p',
      x: { label: 'generator error rate p', scale: 'linear', domain: [0, 1] },
      y: accuracy,
      series: byP,
      rules: [...pStarRule, { axis: 'y', value: 0.5, label: 'chance' }],
      caption:
        'Below p* the kept data has more correct than wrong labels and the student learns; above it, it ' +
        'learns the opposite. More data sharpens the step at p* = φ/(φ + ψ) — it does not move it.',
    },
    {
      id: 'acc-vs-n',
      title: `Accuracy vs the number of generated examples (p = ${params.p})`,
      x: { label: 'generated examples n', scale: 'log' },
      y: accuracy,
      series: byN,
      rules: [
        { axis: 'y', value: best, label: `Φ(‖μ‖) = ${fmt(best)}: the best possible` },
        { axis: 'y', value: 0.5, label: 'chance' },
      ],
      caption:
        'Below p* accuracy climbs towards Φ(‖μ‖) as n grows; above p* more data only makes the student ' +
        'surer of the wrong answer.',
    },
    {
      id: 'effective-n',
      title: `Effective clean sample size n·λ²/α (n = ${params.n})`,
      x: { label: 'generator error rate p', scale: 'linear', domain: [0, 1] },
      y: { label: 'clean examples worth', scale: 'linear' },
      series: [
        {
          label: 'this verifier',
          kind: 'closed-form',
          x: effX,
          y: effX.map((p) => effectiveSampleSize(params.n, p, v)),
          group: 'verifier',
        },
        {
          label: 'no verifier: n(1 − 2p)²',
          kind: 'reference',
          x: effX,
          y: effX.map((p) => effectiveSampleSize(params.n, p, { phi: 1, psi: 1 })),
          group: 'none',
        },
      ],
      rules: pStarRule,
      caption:
        'λ = (1−p)φ − pψ is the net share of correct kept examples and α = (1−p)φ + pψ the share kept: ' +
        'n generated examples teach as much as n·λ²/α clean ones, which is 0 at p*.',
    },
    {
      id: 'geometry',
      title: `4B: a linear generator and verifier (θ_v = ${params.thetaV}π)`,
      x: { label: 'generator error rate p = θ_g/π', scale: 'linear', domain: [0, 1] },
      y: accuracy,
      series: geometrySeries,
      rules: [
        { axis: 'x', value: 1 - params.thetaV, label: 'breakdown: θ_g + θ_v = π' },
        { axis: 'y', value: 1 - params.thetaV, label: 'the verifier’s own accuracy' },
        { axis: 'x', value: params.thetaG, label: 'your generator' },
      ],
      caption:
        'Assumes the generator’s and verifier’s error directions are orthogonal. The student learns the ' +
        'bisector of the two and can beat both; it breaks down when θ_g + θ_v > π.',
    },
    {
      id: 'geometry-pstar',
      title: '4B: the verifier’s φ, ψ and p* depend on the generator',
      x: { label: 'generator error rate p = θ_g/π', scale: 'linear', domain: [0, 1] },
      y: { label: 'rate', scale: 'linear', domain: [0, 1] },
      series: [
        { label: 'φ = P(keep | correct)', kind: 'closed-form', x: g.x, y: g.phi, group: 'phi' },
        { label: 'ψ = P(keep | wrong)', kind: 'closed-form', x: g.x, y: g.psi, group: 'psi' },
        { label: 'p* = φ/(φ + ψ)', kind: 'closed-form', x: g.x, y: g.pStar, group: 'pstar' },
        { label: 'p', kind: 'reference', x: [0, 1], y: [0, 1], group: 'p' },
      ],
      rules: [{ axis: 'x', value: 1 - params.thetaV, label: 'breakdown' }],
      caption:
        'p* is exact when the keep decision does not depend on x given correctness (4A). This verifier looks ' +
        'at x, so its φ and ψ change with the generator and p* is a proxy — though p crosses it exactly at ' +
        'the breakdown.',
    },
  ];
}

function readings(r: Sim4Result, params: Sim4Params): Reading[] {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const m: Mixture = { d: params.d, mu: params.mu };
  const out: Reading[] = [];
  out.push({
    label: 'Breakdown point p*',
    value: r.pStar === null ? 'undefined' : round(r.pStar, 4),
    detail: `φ/(φ + ψ) = ${params.phi}/(${params.phi} + ${params.psi})`,
  });
  const form = closedFormAccuracy(params.n, params.p, v, m);
  const sim = r.byN.simulated;
  const at = sim ? sim.x.indexOf(params.n) : -1;
  out.push({
    label: `Accuracy at n = ${params.n}, p = ${params.p}`,
    value: at >= 0 && sim ? round(sim.mean[at], 4) : round(form, 4),
    detail: `${at >= 0 ? 'simulated; ' : ''}closed form ${fmt(form)}; n → ∞: ${fmt(limitAccuracy(params.p, v, m))}`,
  });
  const below = r.pStar !== null && params.p < r.pStar;
  out.push({
    label: 'Verdict at this p',
    value: below ? 'verification helps' : params.p === r.pStar ? 'at the breakdown' : 'breaks down',
    detail: below ? 'kept correct examples outnumber wrong ones' : 'kept wrong examples are at least as many',
  });
  out.push({
    label: 'Effective clean sample size',
    value: Math.round(effectiveSampleSize(params.n, params.p, v)),
    detail: `n·λ²/α with n = ${params.n}`,
  });
  const tg = params.thetaG * Math.PI;
  const tv = params.thetaV * Math.PI;
  const acc = geometryAccuracy(tg, tv);
  const gen = 1 - params.thetaG;
  const ver = 1 - params.thetaV;
  out.push({
    label: '4B: student accuracy acc∞',
    value: round(acc, 4),
    detail:
      acc > Math.max(gen, ver)
        ? `beats both the generator (${fmt(gen)}) and the verifier (${fmt(ver)})`
        : `generator ${fmt(gen)}, verifier ${fmt(ver)}`,
  });
  const rates = geometryRates(tg, tv);
  out.push({
    label: '4B: the verifier’s p* against this generator',
    value: rates.pStar === null ? 'undefined' : round(rates.pStar, 4),
    detail: `φ = ${fmt(rates.phi)}, ψ = ${fmt(rates.psi)}: a proxy, since keeping depends on x`,
  });
  return out;
}

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
  check,
  run,
  figures,
  readings,
};

/** The q-quantile of sorted values, interpolating between order statistics (R type 7, like d3.quantile). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const k = Math.floor(h);
  return k + 1 < sorted.length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function fmt(x: number): string {
  return x.toFixed(3);
}
