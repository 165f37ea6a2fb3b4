/**
 * Sim 5 — the verifier lab: measure a verifier on labelled candidates and read off what Sim 4 predicts for
 * it. The candidates are the user's (a parsed verifier file, see verifier-file.ts) or the built-in
 * eigenvalue toy (eigen-toy.ts). `verifierLab(data)` binds the simulation to a file's candidates (the data
 * is not a URL parameter); `sim5` is the toy.
 */
import { isInsufficient, type Maybe } from '../stats/measures/statistic';
import { eigenCandidates, type Mistake } from './eigen-toy';
import { checkFields } from './field-check';
import { labRng } from '../math/variates';
import { normalCdf } from '../math/special';
import { closedFormAccuracy } from './sim4-verification/sim4-closed-forms';
import { confusion, thresholdSweep, verifierEstimates, type VerifierEstimates } from './sim5-estimates';
import type { Checked, Figure, ParamField, Params, Reading, Series, Simulation } from './simulation';
import type { VerifierData } from './verifier-file';

export interface Sim5Params extends Params {
  /** Toy: matrix size, number of candidates, the generator's mistake rate, the determinant-sign check. */
  size: number;
  candidates: number;
  errorRate: number;
  detCheck: boolean;
  /** Data with both columns: the verifier is the keep flag or the score with a threshold. */
  rule: 'keep' | 'score';
  /** Keep when score ≥ threshold (for the toy: digits the invariants agree to). */
  threshold: number;
  /** Quality data: a candidate is correct when its quality ≥ this. */
  qualityThreshold: number;
  /** The Sim 4A model behind the predicted curve. */
  d: number;
  mu: number;
}

export interface Sim5Result {
  source: string;
  candidates: number;
  estimates: Maybe<VerifierEstimates>;
  /** Sim 4A's closed form for these estimates, with a band from the Wilson intervals' corners. */
  curve: { x: number[]; y: number[]; lo: number[]; hi: number[]; noVerifier: number[] } | null;
  /** φ̂, ψ̂, keep rate against the threshold, when the verifier is a score. */
  sweep: { threshold: number[]; phi: number[]; psi: number[]; keepRate: number[] } | null;
  /** Toy: wrong candidates the verifier kept, by kind of mistake. */
  slipped: Record<Mistake, number> | null;
}

const MODEL_FIELDS: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'd',
    label: 'Predicted curve: dimension d',
    min: 1,
    max: 1000,
    step: 1,
    log: true,
    integer: true,
    help: 'The Sim 4 Gaussian-mixture task the predicted accuracy-vs-n curve is drawn for.',
  },
  { kind: 'number', key: 'mu', label: 'Predicted curve: signal ‖μ‖', min: 0.1, max: 3, step: 0.05 },
];

const TOY_FIELDS: readonly ParamField[] = [
  { kind: 'number', key: 'size', label: 'Matrix size k', min: 2, max: 8, step: 1, integer: true },
  {
    kind: 'number',
    key: 'candidates',
    label: 'Candidates',
    min: 50,
    max: 5000,
    step: 1,
    log: true,
    integer: true,
  },
  {
    kind: 'number',
    key: 'errorRate',
    label: 'Generator mistake rate',
    min: 0,
    max: 1,
    step: 0.01,
    help: 'Share of proposals with a mistake: a shifted eigenvalue, a +δ/−δ pair, or a flipped sign.',
  },
  {
    kind: 'number',
    key: 'threshold',
    label: 'Verifier tolerance (digits)',
    min: 0,
    max: 8,
    step: 0.1,
    help: 'Keep a proposal when trace and Frobenius norm agree to this many digits.',
  },
  { kind: 'toggle', key: 'detCheck', label: 'Also check the sign of the determinant' },
  ...MODEL_FIELDS,
];

export const SIM5_DEFAULTS: Sim5Params = {
  size: 4,
  candidates: 500,
  errorRate: 0.3,
  detCheck: false,
  rule: 'keep',
  threshold: 2,
  qualityThreshold: 0.5,
  d: 100,
  mu: 1,
};

const N_GRID = Array.from({ length: 51 }, (_, i) => Math.round(10 ** (1 + i / 10)));

const TOY_EXPLANATION =
  'A verifier is worth using when, among what it keeps, correct answers outnumber wrong ones: p̂ < p̂* = ' +
  'φ̂/(φ̂ + ψ̂), where φ̂ is the share of correct candidates it keeps and ψ̂ the share of wrong ones. Here the ' +
  'generator proposes the eigenvalues of random symmetric matrices and sometimes errs: it shifts one ' +
  'eigenvalue, moves two by +δ and −δ, or flips a sign. The verifier never computes eigenvalues; it checks ' +
  'invariants that are cheap to get from the matrix: the trace (= Σλ), the squared Frobenius norm (= Σλ²) ' +
  'and, optionally, the sign of the determinant (= sign Πλ). Each check has a blind spot — a ±δ pair keeps ' +
  'the trace, a flipped sign keeps Σλ² — so some mistakes slip through (ψ̂ > 0), while a tight tolerance ' +
  'rejects correct but rounded answers (φ̂ < 1). Upload your own labelled candidates to measure your verifier.';

const DATA_EXPLANATION =
  'Your candidates, each labelled correct or not, and your verifier’s decisions. A verifier is worth using ' +
  'when, among what it keeps, correct answers outnumber wrong ones: p̂ < p̂* = φ̂/(φ̂ + ψ̂), where p̂ is the ' +
  'share of wrong candidates, φ̂ the share of correct ones the verifier keeps and ψ̂ the share of wrong ones. ' +
  'The intervals are Wilson 95 % intervals; the predicted curve is Sim 4’s closed form for these rates. ' +
  'p̂* is exact only if the verifier’s decisions do not depend on the input beyond its correctness; for real ' +
  'verifiers it is a proxy.';

/** The verifier rule, offered when a file has both a keep and a score column (and on the file-less page). */
export const RULE_FIELD: ParamField = {
  kind: 'choice',
  key: 'rule',
  label: 'Verifier',
  options: [
    { value: 'keep', label: 'the keep column' },
    { value: 'score', label: 'the score column with a threshold' },
  ],
};

type NumberRange = { min: number; max: number; step: number };

export const scoreThresholdField = (range: NumberRange): ParamField => ({
  kind: 'number',
  key: 'threshold',
  label: 'Score threshold (keep at or above)',
  ...range,
});

export const qualityThresholdField = (range: NumberRange): ParamField => ({
  kind: 'number',
  key: 'qualityThreshold',
  label: 'Quality threshold (correct at or above)',
  ...range,
});

/** Data-bound fields: the verifier rule and thresholds the file calls for, then the model. */
function dataFields(data: VerifierData): { fields: ParamField[]; defaults: Sim5Params } {
  const fields: ParamField[] = [];
  const defaults: Sim5Params = { ...SIM5_DEFAULTS };
  if (data.keep && data.score) {
    fields.push(RULE_FIELD);
  }
  defaults.rule = data.keep ? 'keep' : 'score';
  if (data.score) {
    const range = rangeOf(data.score);
    fields.push(scoreThresholdField(range));
    defaults.threshold = median(data.score);
  }
  if (data.quality) {
    const range = rangeOf(data.correct);
    fields.push(qualityThresholdField(range));
    defaults.qualityThreshold = range.min <= 0.5 && range.max >= 0.5 ? 0.5 : median(data.correct);
  }
  fields.push(...MODEL_FIELDS);
  return { fields, defaults };
}

function rangeOf(values: Float64Array): NumberRange {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (!(max > min)) max = min + 1;
  return { min, max, step: (max - min) / 200 };
}

function median(values: Float64Array): number {
  const s = values.slice().sort();
  return s[Math.floor((s.length - 1) / 2)];
}

/** Per-candidate correctness and keep decisions under these parameters. */
function decide(data: VerifierData, params: Sim5Params): { correct: Uint8Array; keep: Uint8Array } {
  const n = data.correct.length;
  const correct = new Uint8Array(n);
  const keep = new Uint8Array(n);
  const useScore = data.score && !(data.keep && params.rule === 'keep');
  for (let i = 0; i < n; i++) {
    correct[i] = data.quality ? +(data.correct[i] >= params.qualityThreshold) : +(data.correct[i] === 1);
    keep[i] = useScore ? +(data.score![i] >= params.threshold) : data.keep![i];
  }
  return { correct, keep };
}

function analyse(
  data: VerifierData,
  params: Sim5Params,
  slipped: Record<Mistake, number> | null,
): Sim5Result {
  const { correct, keep } = decide(data, params);
  const estimates = verifierEstimates(confusion(correct, keep));
  const useScore = data.score !== undefined && !(data.keep && params.rule === 'keep');
  return {
    source: data.source,
    candidates: data.correct.length,
    estimates,
    curve: isInsufficient(estimates) ? null : predictedCurve(estimates, params),
    sweep: useScore ? thresholdSweep(correct, data.score!) : null,
    slipped,
  };
}

function predictedCurve(e: VerifierEstimates, params: Sim5Params): NonNullable<Sim5Result['curve']> {
  const m = { d: params.d, mu: params.mu };
  const corners = [e.phiInterval.lo, e.phiInterval.hi].flatMap((phi) =>
    [e.psiInterval.lo, e.psiInterval.hi].map((psi) => ({ phi, psi })),
  );
  const y: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const n of N_GRID) {
    y.push(closedFormAccuracy(n, e.p, e, m));
    const band = corners.map((v) => closedFormAccuracy(n, e.p, v, m));
    lo.push(Math.min(...band));
    hi.push(Math.max(...band));
  }
  return {
    x: N_GRID,
    y,
    lo,
    hi,
    noVerifier: N_GRID.map((n) => closedFormAccuracy(n, e.p, { phi: 1, psi: 1 }, m)),
  };
}

function figures(r: Sim5Result, params: Sim5Params): Figure[] {
  const out: Figure[] = [];
  const e = isInsufficient(r.estimates) ? null : r.estimates;
  const best = normalCdf(params.mu);
  const predicted: Series[] = [];
  if (r.curve) {
    predicted.push(
      {
        label: 'predicted for this verifier',
        kind: 'closed-form',
        x: r.curve.x,
        y: r.curve.y,
        lo: r.curve.lo,
        hi: r.curve.hi,
        group: 'verifier',
      },
      { label: 'no verifier', kind: 'reference', x: r.curve.x, y: r.curve.noVerifier, group: 'none' },
    );
  }
  out.push({
    id: 'predicted',
    title: 'Predicted accuracy vs number of generated examples (Sim 4’s closed form)',
    x: { label: 'generated examples n', scale: 'log' },
    y: { label: 'student accuracy', scale: 'linear', domain: [0, 1] },
    series: predicted,
    rules: [
      { axis: 'y', value: best, label: `Φ(‖μ‖) = ${best.toFixed(3)}: the best possible` },
      { axis: 'y', value: 0.5, label: 'chance' },
    ],
    caption:
      'The band spans the Wilson intervals of φ̂ and ψ̂. Below p̂* the curve rises with n; above it, it falls.',
  });

  const roc: Series[] = [];
  if (r.sweep) {
    roc.push({ label: 'every threshold', kind: 'simulated', x: r.sweep.psi, y: r.sweep.phi, group: 'sweep' });
  }
  if (e) {
    roc.push({ label: 'this verifier', kind: 'simulated', x: [e.psi], y: [e.phi], group: 'point' });
    // TP > FP ⇔ (1 − p)φ > pψ: above the line φ = ψ·p/(1 − p) verification helps.
    const slope = e.p / (1 - e.p);
    roc.push({
      label: 'helps above this line: (1 − p̂)φ = p̂ψ',
      kind: 'reference',
      x: [0, Math.min(1, 1 / slope)],
      y: [0, Math.min(1, slope)],
      group: 'line',
    });
  }
  out.push({
    id: 'rates',
    title: 'What the verifier keeps: φ̂ = P(keep | correct) against ψ̂ = P(keep | wrong)',
    x: { label: 'ψ̂ (wrong kept)', scale: 'linear', domain: [0, 1] },
    y: { label: 'φ̂ (correct kept)', scale: 'linear', domain: [0, 1] },
    series: roc,
    caption: 'Kept correct outnumber kept wrong (p̂ < p̂*) above the line; its slope is p̂/(1 − p̂).',
  });

  if (r.sweep) {
    const s = r.sweep;
    const xs: number[] = [];
    const ps: number[] = [];
    s.threshold.forEach((t, i) => {
      if (s.phi[i] + s.psi[i] > 0) {
        xs.push(t);
        ps.push(s.phi[i] / (s.phi[i] + s.psi[i]));
      }
    });
    out.push({
      id: 'threshold',
      title: 'φ̂, ψ̂ and p̂* against the threshold',
      x: { label: 'threshold (keep at or above)', scale: 'linear' },
      y: { label: 'rate', scale: 'linear', domain: [0, 1] },
      series: [
        { label: 'φ̂', kind: 'simulated', x: s.threshold, y: s.phi, group: 'phi' },
        { label: 'ψ̂', kind: 'simulated', x: s.threshold, y: s.psi, group: 'psi' },
        { label: 'keep rate', kind: 'simulated', x: s.threshold, y: s.keepRate, group: 'keep' },
        { label: 'p̂*', kind: 'simulated', x: xs, y: ps, group: 'pstar' },
      ],
      rules: [
        { axis: 'x', value: params.threshold, label: 'threshold' },
        ...(e ? [{ axis: 'y' as const, value: e.p, label: `p̂ = ${e.p.toFixed(3)}` }] : []),
      ],
      caption: 'Verification helps at thresholds where p̂* is above p̂.',
    });
  }
  return out;
}

function readings(r: Sim5Result): Reading[] {
  if (isInsufficient(r.estimates)) {
    return [
      { label: 'Candidates', value: r.candidates, detail: r.source },
      { label: 'p̂*', value: 'cannot be estimated', detail: r.estimates.insufficient },
    ];
  }
  const e = r.estimates;
  const { tp, fn, fp, tn } = e.counts;
  const ci = (i: { lo: number; hi: number }) => `95 % Wilson interval ${f3(i.lo)}–${f3(i.hi)}`;
  const out: Reading[] = [
    { label: 'Candidates', value: e.n, detail: `${r.source}: TP ${tp}, FN ${fn}, FP ${fp}, TN ${tn}` },
    { label: 'Generator error rate p̂', value: round(e.p), detail: `${fp + tn} wrong of ${e.n}` },
    { label: 'φ̂ = P(keep | correct)', value: round(e.phi), detail: ci(e.phiInterval) },
    { label: 'ψ̂ = P(keep | wrong)', value: round(e.psi), detail: ci(e.psiInterval) },
    { label: 'Breakdown point p̂*', value: round(e.pStar), detail: 'φ̂/(φ̂ + ψ̂)' },
    {
      label: 'Verdict',
      value: e.helps ? 'verification helps' : 'verification does not help',
      detail: `kept: ${tp} correct vs ${fp} wrong (p̂ ${e.helps ? '<' : '≥'} p̂*)`,
    },
    { label: 'Keep rate', value: round(e.keepRate), detail: `${tp + fp} of ${e.n} kept` },
    {
      label: 'Error after selection',
      value: round(e.postSelectionError),
      detail: `FP/(TP + FP); before selection ${f3(e.p)}`,
    },
    {
      label: 'Effective clean sample size',
      value: Math.round(e.effectiveN * 10) / 10,
      detail: `n·λ̂²/α̂ = (TP − FP)²/(TP + FP) for these ${e.n} candidates`,
    },
  ];
  if (r.slipped) {
    const s = r.slipped;
    out.push({
      label: 'Mistakes that slipped through',
      value: s.shift + s.pair + s.sign,
      detail: `shifted eigenvalue ${s.shift}, ±δ pair ${s.pair}, flipped sign ${s.sign}`,
    });
  }
  return out;
}

/** The verifier lab bound to a file's candidates. */
export function verifierLab(data: VerifierData): Simulation<Sim5Params, Sim5Result> {
  const { fields, defaults } = dataFields(data);
  return {
    id: 'sim5',
    title: `Verifier lab: ${data.source}`,
    explanation: DATA_EXPLANATION,
    fields,
    defaults,
    check(raw): Checked<Sim5Params> {
      const { params, notes } = checkFields(fields, defaults, raw);
      const full = { ...defaults, ...params };
      const { correct, keep } = decide(data, full);
      const estimates = verifierEstimates(confusion(correct, keep));
      if (isInsufficient(estimates)) return { ok: false, error: `${data.source}: ${estimates.insufficient}` };
      return { ok: true, params: full, notes };
    },
    run: (params) => analyse(data, params, null),
    figures,
    readings,
  };
}

/** The toy: candidates drawn from the seed, the verifier's tolerance as the score threshold. */
function runToy(
  params: Sim5Params,
  seed: number,
  onPartial?: (partial: Sim5Result, done: number, total: number) => void,
): Sim5Result {
  const candidates = eigenCandidates(labRng(seed), {
    size: params.size,
    candidates: params.candidates,
    errorRate: params.errorRate,
    detCheck: params.detCheck,
  });
  const data: VerifierData = {
    source: `${params.candidates} eigenvalue proposals for ${params.size}×${params.size} matrices`,
    correct: Float64Array.from(candidates, (c) => +c.correct),
    quality: false,
    score: Float64Array.from(candidates, (c) => c.score),
  };
  const slipped: Record<Mistake, number> = { none: 0, shift: 0, pair: 0, sign: 0 };
  for (const c of candidates) if (!c.correct && c.score >= params.threshold) slipped[c.mistake]++;
  const result = analyse(data, { ...params, rule: 'score' }, slipped);
  onPartial?.(result, 1, 1);
  return result;
}

function checkToy(raw: Params): Checked<Sim5Params> {
  const { params, notes } = checkFields(TOY_FIELDS, SIM5_DEFAULTS, raw);
  const full = { ...SIM5_DEFAULTS, ...params, rule: 'score' as const };
  if (full.errorRate === 0) {
    return {
      ok: false,
      error:
        'With a mistake rate of 0 the generator is (almost) never wrong, so ψ̂ = P(keep | wrong) is undefined ' +
        'and p̂* cannot be estimated. Raise the mistake rate above 0.',
    };
  }
  if (full.errorRate === 1) {
    return {
      ok: false,
      error:
        'With a mistake rate of 1 the generator is never right, so φ̂ = P(keep | correct) is undefined and ' +
        'p̂* cannot be estimated. Lower the mistake rate below 1.',
    };
  }
  return { ok: true, params: full, notes };
}

export const sim5: Simulation<Sim5Params, Sim5Result> = {
  id: 'sim5',
  title: 'Verifier lab',
  explanation: TOY_EXPLANATION,
  fields: TOY_FIELDS,
  defaults: SIM5_DEFAULTS,
  check: checkToy,
  run: runToy,
  figures,
  readings,
};

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function f3(x: number): string {
  return x.toFixed(3);
}
