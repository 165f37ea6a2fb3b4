/**
 * Sim 3's figures: every mode's error by generation against its closed form, and ToEdit's disjoint edits
 * against the paper's bounds — a result turned into series; nothing here runs the loop.
 */
import type { Figure, Rule, Series } from '../simulation';
import { accumulateError, decayingBound, editHumanError, replaceError, theorem1 } from './sim3-closed-forms';
import type { Sim3Mode } from './sim3-loop';
import type { Sim3Result } from './sim3-model';
import type { Sim3Params } from './sim3-params';
import { summarise } from './sim3-summaries';
import { toeditVerdict } from './sim3-verdict';

function curve(G: number, f: (g: number) => number): Float64Array {
  return Float64Array.from({ length: G + 1 }, (_, g) => f(g));
}

export function sim3Figures(r: Sim3Result, p: Sim3Params): Figure[] {
  const V = r.V;
  const G = r.G;
  const x = curve(G, (g) => g);
  const simulated = (mode: Sim3Mode, label: string): Series => {
    const s = summarise(r, mode);
    return { label, kind: 'simulated', group: mode, x, y: s.mean, lo: s.q10, hi: s.q90 };
  };
  const etaText = `η = ${p.eta}`;
  const modes: Series[] = [
    simulated('replace', 'replace: simulated'),
    {
      label: 'replace: (g + 1)·V',
      kind: 'closed-form',
      group: 'replace',
      x,
      y: curve(G, (g) => replaceError(g, V)),
    },
    simulated('accumulate', 'accumulate: simulated'),
    {
      label: 'accumulate: V·Σ 1/k²',
      kind: 'closed-form',
      group: 'accumulate',
      x,
      y: curve(G, (g) => accumulateError(g, V)),
    },
    simulated('edit-human', `edit-human (${etaText}): simulated`),
    {
      label: `edit-human (${etaText}): mean-field closed form`,
      kind: 'closed-form',
      group: 'edit-human',
      x,
      y: curve(G, (g) => editHumanError(g, V, p.eta)),
    },
    simulated('edit-previous', `edit-previous (${etaText}): simulated`),
  ];

  const base = V;
  const toedit = summarise(r, 'toedit');
  const paper: Series[] = [
    {
      label: 'ToEdit: simulated',
      kind: 'simulated',
      group: 'toedit',
      x,
      y: toedit.mean,
      lo: toedit.q10,
      hi: toedit.q90,
    },
    {
      label: 'paper bound: Theorem 1, base·(1 + Σρ_i)',
      kind: 'paper-bound',
      group: 'theorem1',
      x,
      y: curve(G, (g) => theorem1(g, base, p.rho1, p.decay)),
    },
    { label: 'paper bound: 2·base', kind: 'paper-bound', group: 'two-base', x, y: curve(G, () => 2 * base) },
  ];
  const decaying = decayingBound(p);
  if (decaying !== null)
    paper.push({
      label: 'paper bound: decaying edits',
      kind: 'paper-bound',
      group: 'decaying',
      x,
      y: curve(G, () => decaying),
    });
  const rules: Rule[] = [{ axis: 'y', value: V, label: 'V = σ²d/(T − d − 1)' }];
  const generation = { label: 'generation g', scale: 'linear' as const, domain: [0, G] as [number, number] };
  const replicates = `${r.done} replicate${r.done === 1 ? '' : 's'}`;

  return [
    {
      id: 'modes',
      title: 'Error of the refitted model, generation by generation',
      x: generation,
      y: { label: '‖ŵ − w*‖² (log scale)', scale: 'log' },
      series: modes,
      rules,
      caption: `Solid: mean over ${replicates}, band: 10–90 %; dashed: closed forms. Replacing every label compounds the noise linearly; accumulating, or editing a fraction η of the human labels, stays bounded; editing the already-edited labels (edit-previous) lets the human share decay and grows without bound.`,
    },
    {
      id: 'toedit',
      title: `ToEdit’s disjoint edits (ρ₁ = ${p.rho1}, η = ${p.decay}): simulated vs the paper’s bounds`,
      x: generation,
      y: { label: '‖ŵ − w*‖²', scale: 'linear' },
      series: paper,
      rules,
      caption:
        toeditVerdict(r, p, toedit) +
        (decaying === null ? ' (The decaying-edits bound needs T > d + 3 and is not drawn.)' : ''),
    },
  ];
}
