/**
 * Sim 5's run: each candidate's correctness and keep decision under the parameters, the estimates they
 * give (sim5-estimates.ts), the predicted curve (sim5-closed-forms.ts) and, for a score, the sweep of every
 * threshold. The toy first draws its candidates (eigen-toy.ts) and counts the mistakes that slipped through.
 */
import { isInsufficient, type Maybe } from '../../stats/measures/statistic';
import { labRng } from '../../math/variates';
import { checkFields } from '../field-check';
import type { Checked, ParamField, Params } from '../simulation';
import { eigenCandidates, type Mistake } from './eigen-toy';
import { predictedCurve, type PredictedCurve } from './sim5-closed-forms';
import { confusion, thresholdSweep, verifierEstimates, type VerifierEstimates } from './sim5-estimates';
import type { Sim5Params } from './sim5-params';
import type { VerifierData } from './verifier-file';

export interface Sim5Result {
  source: string;
  candidates: number;
  estimates: Maybe<VerifierEstimates>;
  /** Sim 4A's closed form for these estimates, with a band from the Wilson intervals' corners. */
  curve: PredictedCurve | null;
  /** φ̂, ψ̂, keep rate against the threshold, when the verifier is a score. */
  sweep: { threshold: number[]; phi: number[]; psi: number[]; keepRate: number[] } | null;
  /** Toy: wrong candidates the verifier kept, by kind of mistake. */
  slipped: Record<Mistake, number> | null;
}

/** Per-candidate correctness and keep decisions under these parameters. */
export function decide(data: VerifierData, params: Sim5Params): { correct: Uint8Array; keep: Uint8Array } {
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

/** A file's parameters checked against its candidates: refused when they leave p̂* without an estimate. */
export function checkVerifierData(
  data: VerifierData,
  fields: readonly ParamField[],
  defaults: Sim5Params,
  raw: Params,
): Checked<Sim5Params> {
  const { params, notes } = checkFields(fields, defaults, raw);
  const full = { ...defaults, ...params };
  const { correct, keep } = decide(data, full);
  const estimates = verifierEstimates(confusion(correct, keep));
  if (isInsufficient(estimates)) return { ok: false, error: `${data.source}: ${estimates.insufficient}` };
  return { ok: true, params: full, notes };
}

/** The result for these candidates under these parameters (`slipped` is the toy's count of mistakes). */
export function analyse(
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
    curve: isInsufficient(estimates) ? null : predictedCurve(estimates, { d: params.d, mu: params.mu }),
    sweep: useScore ? thresholdSweep(correct, data.score!) : null,
    slipped,
  };
}

/** The toy: candidates drawn from the seed, the verifier's tolerance as the score threshold. */
export function runSim5Toy(
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
