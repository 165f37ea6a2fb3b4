/**
 * Sim 4's parameters: the verifier (a preset or φ and ψ by hand), the generator's error rate, the mixture
 * and the 4B angles; their defaults; and check(), which applies a preset and refuses a verifier that keeps
 * nothing.
 */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';

export const VERIFIER_PRESETS = {
  none: { label: 'no verifier (keep all)', phi: 1, psi: 1 },
  random: { label: 'random filter', phi: 0.3, psi: 0.3 },
  weak: { label: 'weak', phi: 0.8, psi: 0.5 },
  good: { label: 'good', phi: 0.9, psi: 0.1 },
  oracle: { label: 'oracle', phi: 1, psi: 0 },
  adversarial: { label: 'adversarial', phi: 0.5, psi: 0.8 },
} as const;

export type VerifierPreset = keyof typeof VERIFIER_PRESETS;

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

export function checkSim4(raw: Params): Checked<Sim4Params> {
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
