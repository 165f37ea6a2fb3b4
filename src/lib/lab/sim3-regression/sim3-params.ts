/** Sim 3's parameters: the fields, their defaults, and check(), which refuses T ≤ d + 1 and caps the work. */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';

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

/** reps × G × T × d above this is reduced (fewer replicates) to keep a run near a second at most. */
export const SIM3_MAX_WORK = 1e8;

export const SIM3_FIELDS: readonly ParamField[] = [
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

export const SIM3_DEFAULTS: Sim3Params = {
  T: 100,
  d: 10,
  sigma: 1,
  G: 40,
  reps: 64,
  eta: 0.5,
  rho1: 0.5,
  decay: 0.5,
};

export function checkSim3(raw: Params): Checked<Sim3Params> {
  const { params, notes } = checkFields(SIM3_FIELDS, SIM3_DEFAULTS, raw);
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
