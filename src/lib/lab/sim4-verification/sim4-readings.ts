/** Sim 4's readings: p*, accuracy at the chosen n and p, the verdict, n·λ²/α, and 4B's student and p*. */
import type { Reading } from '../simulation';
import {
  closedFormAccuracy,
  effectiveSampleSize,
  geometryAccuracy,
  geometryRates,
  limitAccuracy,
  type Mixture,
  type Verifier,
} from './sim4-closed-forms';
import type { Sim4Result } from './sim4-model';
import type { Sim4Params } from './sim4-params';

export function sim4Readings(r: Sim4Result, params: Sim4Params): Reading[] {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const m: Mixture = { d: params.d, mu: params.mu };
  const out: Reading[] = [];
  out.push({
    label: 'Breakdown point p*',
    value: r.pStar === null ? 'undefined' : round(r.pStar, 4),
    detail: `φ/(φ + ψ) = ${params.phi}/(${params.phi} + ${params.psi})`,
  });
  const form = closedFormAccuracy(params.n, params.p, v, m);
  const sim = r.byN.simulated;
  const at = sim ? sim.x.indexOf(params.n) : -1;
  out.push({
    label: `Accuracy at n = ${params.n}, p = ${params.p}`,
    value: at >= 0 && sim ? round(sim.mean[at], 4) : round(form, 4),
    detail: `${at >= 0 ? 'simulated; ' : ''}closed form ${fmt(form)}; n → ∞: ${fmt(limitAccuracy(params.p, v, m))}`,
  });
  const below = r.pStar !== null && params.p < r.pStar;
  out.push({
    label: 'Verdict at this p',
    value: below ? 'verification helps' : params.p === r.pStar ? 'at the breakdown' : 'breaks down',
    detail: below ? 'kept correct examples outnumber wrong ones' : 'kept wrong examples are at least as many',
  });
  out.push({
    label: 'Effective clean sample size',
    value: Math.round(effectiveSampleSize(params.n, params.p, v)),
    detail: `n·λ²/α with n = ${params.n}`,
  });
  const tg = params.thetaG * Math.PI;
  const tv = params.thetaV * Math.PI;
  const acc = geometryAccuracy(tg, tv);
  const gen = 1 - params.thetaG;
  const ver = 1 - params.thetaV;
  out.push({
    label: '4B: student accuracy acc∞',
    value: round(acc, 4),
    detail:
      acc > Math.max(gen, ver)
        ? `beats both the generator (${fmt(gen)}) and the verifier (${fmt(ver)})`
        : `generator ${fmt(gen)}, verifier ${fmt(ver)}`,
  });
  const rates = geometryRates(tg, tv);
  out.push({
    label: '4B: the verifier’s p* against this generator',
    value: rates.pStar === null ? 'undefined' : round(rates.pStar, 4),
    detail: `φ = ${fmt(rates.phi)}, ψ = ${fmt(rates.psi)}: a proxy, since keeping depends on x`,
  });
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function fmt(x: number): string {
  return x.toFixed(3);
}
