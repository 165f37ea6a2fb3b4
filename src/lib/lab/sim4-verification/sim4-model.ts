/**
 * Sim 4's run: the closed forms on fine grids (accuracy against p for n/10, n and 10n; against n at the
 * chosen p; 4B against θ_g), then the Monte-Carlo curves over them, one block at a time.
 */
import { labRng, type LabRng } from '../../math/variates';
import {
  breakdownPoint,
  closedFormAccuracy,
  geometryAccuracy,
  geometryRates,
  type Mixture,
  type Verifier,
} from './sim4-closed-forms';
import type { Sim4Params } from './sim4-params';
import { sampleAccuracy, sampleGeometryAccuracy } from './sim4-samplers';

/** Monte-Carlo mean and 10–90 % band over replicates at each x. */
export interface McCurve {
  x: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

export interface Sim4Result {
  /** null only if the verifier keeps nothing (check() refuses that). */
  pStar: number | null;
  /** Accuracy vs p, one per n (n/10, n, 10n within range). */
  byP: { n: number; simulated: McCurve | null; closedForm: { x: number[]; y: number[] } }[];
  /** Accuracy vs n at the chosen p. */
  byN: { simulated: McCurve | null; closedForm: { x: number[]; y: number[] }; noVerifier: number[] };
  /** 4B: accuracy vs θ_g/π for the chosen θ_v. */
  geometry: {
    x: number[];
    closedForm: number[];
    simulated: McCurve | null;
    phi: number[];
    psi: number[];
    pStar: number[];
  };
  /** Blocks of Monte-Carlo work finished, out of total. */
  done: number;
  total: number;
}

/** 4B Monte Carlo: a student on this many examples in 3 dimensions, this many runs per angle. */
export const GEOMETRY_EXAMPLES = 500;
const GEOMETRY_RUNS = 8;

/** 0, 0.025, …, 1 plus points hugging p* (where the curve steps), sorted. */
function pGrid(pStar: number | null, step: number): number[] {
  const xs = new Set<number>();
  for (let i = 0; i <= Math.round(1 / step); i++) xs.add(round(i * step, 6));
  if (pStar !== null) {
    for (const dx of [-0.015, -0.005, 0, 0.005, 0.015]) {
      const x = round(pStar + dx, 6);
      if (x >= 0 && x <= 1) xs.add(x);
    }
  }
  return [...xs].sort((a, b) => a - b);
}

/** 10 … 10⁶, four points per decade, plus n itself. */
function nGrid(n: number): number[] {
  const xs = new Set<number>([n]);
  for (let e = 1; e <= 6; e += 0.25) xs.add(Math.round(10 ** e));
  return [...xs].sort((a, b) => a - b);
}

function mcCurve(xs: number[], runs: number, draw: (x: number) => number): McCurve {
  const values = new Float64Array(runs);
  const curve: McCurve = { x: xs, mean: [], lo: [], hi: [] };
  for (const x of xs) {
    let sum = 0;
    for (let r = 0; r < runs; r++) sum += values[r] = draw(x);
    values.sort();
    curve.mean.push(sum / runs);
    curve.lo.push(quantileSorted(values, 0.1));
    curve.hi.push(quantileSorted(values, 0.9));
  }
  return curve;
}

export function runSim4(
  params: Sim4Params,
  seed: number,
  onPartial?: (partial: Sim4Result, done: number, total: number) => void,
): Sim4Result {
  const v: Verifier = { phi: params.phi, psi: params.psi };
  const m: Mixture = { d: params.d, mu: params.mu };
  const pStar = breakdownPoint(v);
  const ns = [...new Set([params.n / 10, params.n, params.n * 10].map((n) => Math.round(clamp(n, 10, 1e7))))];
  const fine = pGrid(pStar, 0.0025);
  const coarse = pGrid(pStar, 0.025);
  const nxs = nGrid(params.n);
  const nFine = Array.from({ length: 61 }, (_, i) => 10 ** (1 + i / 10));
  // Closed forms on a fine grid; the 4B Monte Carlo (3 normals per example) on a coarse one.
  const thetas = Array.from({ length: 101 }, (_, i) => i / 100);
  const thetasMc = Array.from({ length: 11 }, (_, i) => i / 10);
  const tv = params.thetaV * Math.PI;
  const rates = thetas.map((t) => geometryRates(t * Math.PI, tv));
  const result: Sim4Result = {
    pStar,
    byP: ns.map((n) => ({
      n,
      simulated: null,
      closedForm: { x: fine, y: fine.map((p) => closedFormAccuracy(n, p, v, m)) },
    })),
    byN: {
      simulated: null,
      closedForm: { x: nFine, y: nFine.map((n) => closedFormAccuracy(n, params.p, v, m)) },
      noVerifier: nFine.map((n) => closedFormAccuracy(n, params.p, { phi: 1, psi: 1 }, m)),
    },
    geometry: {
      x: thetas,
      closedForm: thetas.map((t) => geometryAccuracy(t * Math.PI, tv)),
      simulated: null,
      phi: rates.map((r) => r.phi),
      psi: rates.map((r) => r.psi),
      pStar: rates.map((r) => r.pStar ?? 0.5),
    },
    done: 0,
    total: ns.length + 2,
  };
  // One stream per block, so a block's numbers do not depend on how many blocks ran before it.
  const block = (k: number): LabRng => labRng((seed * 16 + k) | 0);
  const step = () => onPartial?.(result, ++result.done, result.total);
  result.byP.forEach((curve, k) => {
    const rng = block(k);
    curve.simulated = mcCurve(coarse, params.replicates, (p) => sampleAccuracy(rng, curve.n, p, v, m));
    step();
  });
  const rngN = block(8);
  result.byN.simulated = mcCurve(nxs, params.replicates, (n) => sampleAccuracy(rngN, n, params.p, v, m));
  step();
  const rngG = block(9);
  result.geometry.simulated = mcCurve(thetasMc, GEOMETRY_RUNS, (t) =>
    sampleGeometryAccuracy(rngG, GEOMETRY_EXAMPLES, t * Math.PI, tv),
  );
  step();
  return result;
}

/** The q-quantile of sorted values, interpolating between order statistics (R type 7, like d3.quantile). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const k = Math.floor(h);
  return k + 1 < sorted.length ? sorted[k] + (h - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
