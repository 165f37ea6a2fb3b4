/** Sim 3's readings: V, each mode at the last generation beside its closed form, and ToEdit's verdict. */
import type { Reading } from '../simulation';
import {
  accumulateError,
  decayingBound,
  editHumanStationary,
  replaceError,
  theorem1,
} from './sim3-closed-forms';
import type { Sim3Mode } from './sim3-loop';
import type { Sim3Result } from './sim3-model';
import type { Sim3Params } from './sim3-params';
import { summarise } from './sim3-summaries';
import { toeditVerdict } from './sim3-verdict';

export function sim3Readings(r: Sim3Result, p: Sim3Params): Reading[] {
  const V = r.V;
  const G = r.G;
  const at = (mode: Sim3Mode, g: number) => summarise(r, mode).mean[g];
  const inV = (v: number) => `${(v / V).toFixed(3)}·V`;
  const half = Math.floor(G / 2);
  const stationary = summarise(r, 'edit-human').mean.subarray(half);
  const stationaryMean = stationary.reduce((a, b) => a + b, 0) / stationary.length;
  const toeditAtG = at('toedit', G);
  const decaying = decayingBound(p);
  const out: Reading[] = [
    { label: 'V = σ²d/(T − d − 1)', value: round(V), detail: 'the expected error of one least-squares fit' },
    {
      label: `replace at g = ${G}`,
      value: round(at('replace', G)),
      detail: `${inV(at('replace', G))}; closed form ${inV(replaceError(G, V))}`,
    },
    {
      label: `accumulate at g = ${G}`,
      value: round(at('accumulate', G)),
      detail: `${inV(at('accumulate', G))}; closed form ${inV(accumulateError(G, V))}, never above π²/6·V`,
    },
    {
      label: `edit-human (η = ${p.eta}), mean over g ≥ ${half}`,
      value: round(stationaryMean),
      detail: `${inV(stationaryMean)}; stationary ≈ V·(1 + 2η − 2η²)/(1 − η²) = ${inV(editHumanStationary(V, p.eta))}`,
    },
    {
      label: `edit-previous (η = ${p.eta}) at g = ${G}`,
      value: round(at('edit-previous', G)),
      detail: `${inV(at('edit-previous', G))}; unbounded`,
    },
    {
      label: `ToEdit at g = ${G}`,
      value: round(toeditAtG),
      detail: `paper: Theorem 1 ${fmt(theorem1(G, V, p.rho1, p.decay))}, 2·base ${fmt(2 * V)}${decaying === null ? '' : `, decaying bound ${fmt(decaying)}`}`,
    },
    { label: 'ToEdit: simulation vs paper bound', value: toeditVerdict(r, p) },
  ];
  return out;
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}

function fmt(v: number): string {
  return v.toPrecision(3);
}
