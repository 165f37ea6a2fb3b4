/**
 * Sim 1's parameters: the fields the page draws and the URL stores, their defaults, and check(), which
 * clamps them and caps the run's length. Also which (M, mode) curves a setting asks for, since the cap
 * counts them.
 */
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';
import type { Sim1Mode, Sim1TrackSpec } from './sim1-chains';

export interface Sim1Params extends Params {
  M: number;
  G: number;
  chains: number;
  delta: '0' | '1';
  mode: 'replace' | 'accumulate' | 'both';
  compareM: boolean;
  densityAt: number;
  mu0: number;
  sigma0: number;
}

/** The M values drawn side by side when "compare M" is on. */
export const SIM1_COMPARE_M = [10, 100, 1000, 10000] as const;
/** chains × G × curves above this is reduced (fewer chains) so one run stays within about a second. */
export const SIM1_MAX_STEPS = 5_000_000;

export const SIM1_FIELDS: readonly ParamField[] = [
  {
    kind: 'number',
    key: 'M',
    label: 'Samples per generation M',
    min: 2,
    max: 100000,
    step: 1,
    log: true,
    integer: true,
    help: 'Each generation fits a Gaussian to M samples drawn from the previous fit. Try 10, 100, 500, 1000, 10000.',
  },
  { kind: 'number', key: 'G', label: 'Generations', min: 1, max: 5000, step: 1, log: true, integer: true },
  {
    kind: 'number',
    key: 'chains',
    label: 'Chains (independent repeats)',
    min: 10,
    max: 5000,
    step: 1,
    log: true,
    integer: true,
  },
  {
    kind: 'choice',
    key: 'delta',
    label: 'Variance estimate',
    options: [
      { value: '0', label: 'MLE, divide by M (δ = 0)' },
      { value: '1', label: 'unbiased, divide by M − 1 (δ = 1)' },
    ],
    help: 'δ = 0 is what the authors’ notebook uses; δ = 1 keeps E[σ²] fixed yet still collapses.',
  },
  {
    kind: 'choice',
    key: 'mode',
    label: 'Data each generation trains on',
    options: [
      { value: 'replace', label: 'replace: only the newest samples' },
      { value: 'accumulate', label: 'accumulate: every sample ever drawn' },
      { value: 'both', label: 'both, side by side' },
    ],
  },
  { kind: 'toggle', key: 'compareM', label: 'Compare M = 10, 100, 1000, 10000' },
  {
    kind: 'number',
    key: 'densityAt',
    label: 'Show fitted densities at generation',
    min: 0,
    max: 5000,
    step: 1,
    integer: true,
  },
  { kind: 'number', key: 'mu0', label: 'True mean μ0', min: -100, max: 100, step: 0.1 },
  { kind: 'number', key: 'sigma0', label: 'True spread σ0', min: 0.001, max: 1000, step: 0.001, log: true },
];

export const SIM1_DEFAULTS: Sim1Params = {
  M: 100,
  G: 1000,
  chains: 500,
  delta: '0',
  mode: 'replace',
  compareM: false,
  densityAt: 100,
  mu0: 0,
  sigma0: 1,
};

export function checkSim1(raw: Params): Checked<Sim1Params> {
  const { params, notes } = checkFields(SIM1_FIELDS, SIM1_DEFAULTS, raw);
  if (params.densityAt > params.G) {
    notes.push(
      `Densities are shown at generation ${params.G}, the last one (asked for ${params.densityAt}).`,
    );
    params.densityAt = params.G;
  }
  const tracks = trackSpecs(params).length;
  const maxChains = Math.floor(SIM1_MAX_STEPS / (params.G * tracks));
  if (params.chains > maxChains) {
    notes.push(
      `${params.chains} chains × ${params.G} generations${tracks > 1 ? ` × ${tracks} curves` : ''} is too long a run; using ${maxChains} chains (at most ${SIM1_MAX_STEPS.toLocaleString('en-US')} chain-generations in all).`,
    );
    params.chains = maxChains;
  }
  return { ok: true, params, notes };
}

/** The (M, mode) ensembles a setting runs: the chosen M under each mode, then the other Ms compared. */
export function trackSpecs(p: Sim1Params): Sim1TrackSpec[] {
  const modes: Sim1Mode[] = p.mode === 'both' ? ['replace', 'accumulate'] : [p.mode];
  const specs: Sim1TrackSpec[] = modes.map((mode) => ({ M: p.M, mode }));
  if (p.compareM) {
    const mode: Sim1Mode = p.mode === 'accumulate' ? 'accumulate' : 'replace';
    for (const M of SIM1_COMPARE_M) if (M !== p.M) specs.push({ M, mode });
  }
  return specs;
}

/** δ as a number: 0 for the MLE, 1 for the unbiased estimate. */
export function sim1Delta(p: Pick<Sim1Params, 'delta'>): 0 | 1 {
  return p.delta === '1' ? 1 : 0;
}
