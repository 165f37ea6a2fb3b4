/**
 * ToEdit settings: which tokens are flagged (the rule and its thresholds) and how a flagged token's
 * replacement is drawn. The defaults are the reference script's (p > 0.99, top-k 8, β = 1.5); see
 * docs/toedit.md for where each number comes from.
 */

/**
 * - 'above': revise tokens with p > τ (the reference; strict).
 * - 'at-least': revise tokens with p ≥ τ.
 * - 'at-most': revise tokens with p ≤ τ (the paper's low-side ablation).
 * - 'low_drop_up_revise': revise p > τ and delete p < dropBelow (the reference runs it with β = 1: use
 *   `preset('low_drop_up_revise')`; the engine always uses `beta` as given, so the recipe says what ran).
 * - 'filtering': delete p < dropBelow, i.e. keep only tokens with p ≥ dropBelow; nothing is resampled.
 */
export type FlagRule = 'above' | 'at-least' | 'at-most' | 'low_drop_up_revise' | 'filtering';

/**
 * - 'top-k': q_j ∝ p_j^(1/β) over the first k candidates (the reference).
 * - 'top-p': the same tempered weights, then the smallest most-probable prefix whose mass reaches topP,
 *   renormalised (temperature → top-k → top-p, the order Hugging Face's warpers use).
 * - 'rejection': the RSO form: propose a candidate uniformly, accept it when u < exp((r_c − r_max)/β)
 *   with r = log p; its target distribution is the same as top-k's.
 */
export type SamplerKind = 'top-k' | 'top-p' | 'rejection';

export interface ToEditConfig {
  rule: FlagRule;
  /** Threshold for 'above', 'at-least', 'at-most' and the revise side of 'low_drop_up_revise'. */
  tau: number;
  /** Delete tokens with p < dropBelow ('low_drop_up_revise', 'filtering'). */
  dropBelow: number;
  sampler: SamplerKind;
  /** Candidates per flagged token: the top k of the scores (must not exceed the k the scores kept). */
  k: number;
  /** Temperature: weights ∝ p^(1/β). */
  beta: number;
  /** Nucleus mass for the 'top-p' sampler. */
  topP: number;
  /** Exclude the original token from the candidates, so a revised token always changes (when it can). */
  forceChange: boolean;
}

export const FLAG_RULES: readonly FlagRule[] = [
  'above',
  'at-least',
  'at-most',
  'low_drop_up_revise',
  'filtering',
];
export const SAMPLERS: readonly SamplerKind[] = ['top-k', 'top-p', 'rejection'];

export const DEFAULT_CONFIG: Readonly<ToEditConfig> = Object.freeze({
  rule: 'above',
  tau: 0.99,
  dropBelow: 0.001,
  sampler: 'top-k',
  k: 8,
  beta: 1.5,
  topP: 0.9,
  forceChange: false,
});

/** The reference script's strategies as complete configs. */
export function preset(name: 'reference' | 'low_drop_up_revise' | 'filtering'): ToEditConfig {
  switch (name) {
    case 'reference':
      return { ...DEFAULT_CONFIG };
    case 'low_drop_up_revise':
      return { ...DEFAULT_CONFIG, rule: 'low_drop_up_revise', tau: 0.99, dropBelow: 0.001, beta: 1 };
    case 'filtering':
      return { ...DEFAULT_CONFIG, rule: 'filtering', dropBelow: 0.001 };
  }
}

export interface ConfigIssue {
  field: keyof ToEditConfig;
  value: unknown;
  message: string;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Every problem with `config`, each naming the field, the value and the allowed range; empty when valid.
 * Configs can arrive from JSON or a URL, so types are checked too.
 */
export function validateConfig(config: ToEditConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (field: keyof ToEditConfig, message: string) =>
    issues.push({ field, value: config[field], message });
  if (!FLAG_RULES.includes(config.rule))
    add('rule', `rule "${String(config.rule)}" must be one of ${FLAG_RULES.join(', ')}`);
  if (!SAMPLERS.includes(config.sampler))
    add('sampler', `sampler "${String(config.sampler)}" must be one of ${SAMPLERS.join(', ')}`);
  if (!isFiniteNumber(config.tau) || config.tau < 0 || config.tau > 1)
    add('tau', `τ = ${String(config.tau)} must be a probability in [0, 1]`);
  if (!isFiniteNumber(config.dropBelow) || config.dropBelow < 0 || config.dropBelow > 1)
    add('dropBelow', `drop threshold = ${String(config.dropBelow)} must be a probability in [0, 1]`);
  if (!Number.isInteger(config.k) || config.k < 1)
    add('k', `k = ${String(config.k)} must be an integer ≥ 1 (candidates per flagged token)`);
  if (!isFiniteNumber(config.beta) || config.beta <= 0)
    add('beta', `β = ${String(config.beta)} must be a finite number > 0 (weights ∝ p^(1/β))`);
  if (!isFiniteNumber(config.topP) || config.topP <= 0 || config.topP > 1)
    add('topP', `top-p = ${String(config.topP)} must be in (0, 1]`);
  if (typeof config.forceChange !== 'boolean')
    add('forceChange', `forceChange = ${String(config.forceChange)} must be true or false`);
  // A token below dropBelow and above τ at once would be both deleted and revised.
  if (
    config.rule === 'low_drop_up_revise' &&
    isFiniteNumber(config.tau) &&
    isFiniteNumber(config.dropBelow) &&
    config.dropBelow > config.tau
  )
    add('dropBelow', `drop threshold ${config.dropBelow} must not exceed τ = ${config.tau}`);
  return issues;
}
