/** Sim 2's parameters: the fields, their defaults, and check() with its cross-field rules and run cap. */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';

export interface Sim2Params extends Params {
  N: number;
  beta: number;
  betaNarrow: number;
  T0: number;
  generations: number;
  reps: number;
  kMix: number;
}

/** reps × T0 above this is reduced (fewer replicates): each draw is one alias lookup. */
export const SIM2_MAX_DRAWS = 2e7;

export const SIM2_FIELDS: readonly ParamField[] = [
  { kind: 'number', key: 'N', label: 'Items N', min: 1000, max: 1000000, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'beta',
    label: 'Zipf exponent β (p_i ∝ i^−β)',
    min: 1.1,
    max: 4,
    step: 0.05,
    help: 'Heavier tails (β near 1) make rare items matter more.',
  },
  {
    kind: 'number',
    key: 'betaNarrow',
    label: 'Narrowed tail β′ of the synthetic data',
    min: 1.15,
    max: 8,
    step: 0.05,
    help: 'A generator that under-samples the tail: q_i ∝ i^−β′ with β′ > β.',
  },
  {
    kind: 'number',
    key: 'T0',
    label: 'Samples per generation T0',
    min: 100,
    max: 10000000,
    step: 1,
    log: true,
    integer: true,
  },
  {
    kind: 'number',
    key: 'generations',
    label: 'Generations of resampling',
    min: 1,
    max: 20,
    step: 1,
    integer: true,
  },
  { kind: 'number', key: 'reps', label: 'Replicates', min: 1, max: 200, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'kMix',
    label: 'Tail cut k of the synthetic data mixed with real data',
    min: 10,
    max: 1000000,
    step: 1,
    log: true,
    integer: true,
  },
];

export const SIM2_DEFAULTS: Sim2Params = {
  N: 100000,
  beta: 2,
  betaNarrow: 3,
  T0: 100000,
  generations: 5,
  reps: 16,
  kMix: 1000,
};

export function checkSim2(raw: Params): Checked<Sim2Params> {
  const { params, notes } = checkFields(SIM2_FIELDS, SIM2_DEFAULTS, raw);
  if (params.betaNarrow <= params.beta) {
    const v = Number((params.beta + 0.5).toFixed(2));
    notes.push(
      `Narrowed tail β′ = ${params.betaNarrow} is not narrower than β = ${params.beta}; using ${v}.`,
    );
    params.betaNarrow = v;
  }
  if (params.kMix >= params.N) {
    const v = Math.max(1, Math.floor(params.N / 10));
    notes.push(`A tail cut at k = ${params.kMix} keeps all ${params.N} items; using k = ${v}.`);
    params.kMix = v;
  }
  const maxReps = Math.max(1, Math.floor(SIM2_MAX_DRAWS / params.T0));
  if (params.reps > maxReps) {
    notes.push(
      `${params.reps} replicates of ${params.T0.toLocaleString('en-US')} draws is too long a run; using ${maxReps} replicate${maxReps === 1 ? '' : 's'}.`,
    );
    params.reps = maxReps;
  }
  return { ok: true, params, notes };
}
