import { decayingBound, theorem1 } from './sim3-closed-forms';
import type { Sim3Result } from './sim3-model';
import type { Sim3Params } from './sim3-params';
import { summarise } from './sim3-summaries';

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
