/**
 * Sim 5's parameters: the toy's fields (matrix size, candidates, mistake rate, tolerance, the determinant
 * check), a file's fields (the verifier rule and the thresholds its columns call for), and the Sim 4A model
 * the predicted curve is drawn for; their defaults, and the toy's check(). A file's own check needs its
 * candidates' estimates and sits with the model (sim5-model.ts).
 */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';
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

export const TOY_FIELDS: readonly ParamField[] = [
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
export function dataFields(data: VerifierData): { fields: ParamField[]; defaults: Sim5Params } {
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

export function checkSim5Toy(raw: Params): Checked<Sim5Params> {
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
