/**
 * Whole runs: each simulation run end to end — check, run, figures, readings — at its defaults and at the
 * extremes its fields allow must give the page nothing it cannot draw, and so must the partial results it
 * streams. The maths tests beside each simulation never draw, and its figure tests draw hand-made results;
 * this file is where the two meet.
 */
import { describe, expect, it } from 'vitest';
import type { AnySimulation } from '../../../src/lib/lab/runner';
import type { Figure, Params } from '../../../src/lib/lab/simulation';
import { sim1 } from '../../../src/lib/lab/sim1-gaussian/sim1-gaussian';
import { sim2 } from '../../../src/lib/lab/sim2-zipf/sim2-zipf';
import { sim3 } from '../../../src/lib/lab/sim3-regression/sim3-regression';
import { sim4 } from '../../../src/lib/lab/sim4-verification/sim4-verification';
import { sim5, verifierLab } from '../../../src/lib/lab/sim5-verifier/sim5-verifier-lab';
import type { VerifierData } from '../../../src/lib/lab/sim5-verifier/verifier-file';
import { ngramCollapse } from '../../../src/lib/lab/ngram-collapse/ngram-collapse';
import { zipfCorpus } from './ngram-collapse/zipf-corpus';
import { undrawable } from './figure-checks';
import { acceptedParams } from './accepted-params';

interface Case {
  name: string;
  sim: AnySimulation;
  /** The figures every run draws, in order. */
  figures: string[];
  extremes: [string, Params][];
  /** A short run whose every partial result is drawn too (runs on a file stream none). */
  streamed?: Params;
  /** What else must hold of the figures of every run. */
  also?: (figures: Figure[]) => void;
}

/** Seven labelled candidates with a keep column and a score (the verifier lab's test file). */
const FILE: VerifierData = {
  source: 'v.csv',
  correct: Float64Array.of(1, 1, 1, 0, 0, 0, 1),
  quality: false,
  keep: Uint8Array.of(1, 1, 0, 1, 0, 0, 1),
  score: Float64Array.of(0.9, 0.8, 0.3, 0.7, 0.1, 0.2, 0.95),
};

/** "Collapse on your own text" on a seeded stand-in for a learner's corpus. */
const OWN_TEXT = ngramCollapse(zipfCorpus(40_000, 7), 'the test corpus');

const CASES: Case[] = [
  {
    name: 'sim1',
    sim: sim1,
    figures: ['fan', 'log-variance', 'variance', 'density', 'tails'],
    extremes: [
      ['defaults', {}],
      [
        'M = 2, MLE, 5000 generations, everything on',
        { M: 2, G: 5000, chains: 20, mode: 'both', compareM: true, densityAt: 5000 },
      ],
      ['M = 100000, unbiased', { M: 100000, delta: '1', G: 50, chains: 10, mode: 'both' }],
      ['tiny and huge scales', { sigma0: 0.001, mu0: -100, M: 2, G: 3000, chains: 20, densityAt: 3000 }],
      ['huge σ0', { sigma0: 1000, mu0: 100, G: 10, chains: 10, densityAt: 0, mode: 'accumulate' }],
    ],
    streamed: { G: 400, chains: 50 },
  },
  {
    name: 'sim2',
    sim: sim2,
    figures: ['scaling', 'tail-cut', 'generations', 'floors', 'mixing'],
    extremes: [
      ['defaults', {}],
      ['few items (cuts beyond N dropped, k clamped)', { N: 1000, kMix: 5000 }],
      ['a million items', { N: 1000000, reps: 2, generations: 2 }],
      ['heavy tail β = 1.1', { beta: 1.1, betaNarrow: 1.2, reps: 4 }],
      ['light tail β = 4 (errors underflow at large T)', { beta: 4, betaNarrow: 8, reps: 4 }],
      ['tiny T0, many generations', { T0: 100, generations: 20 }],
      ['huge T0 (replicates capped)', { T0: 10000000, reps: 200, generations: 2 }],
    ],
    streamed: { reps: 10, N: 5000, T0: 5000 },
  },
  {
    name: 'sim3',
    sim: sim3,
    figures: ['modes', 'toedit'],
    extremes: [
      ['defaults', {}],
      ['T = d + 2 (no decaying bound)', { T: 12, d: 10 }],
      ['largest T and d', { T: 2000, d: 50, G: 3, reps: 2 }],
      ['tiny and huge noise, η at its ends', { sigma: 0.01, eta: 0, rho1: 1, decay: 0.99, G: 60 }],
      ['huge noise, η = 0.99', { sigma: 10, eta: 0.99, rho1: 0, decay: 0, G: 1, reps: 1 }],
      ['one feature', { d: 1, T: 3 }],
    ],
    streamed: { reps: 20, G: 5 },
  },
  {
    name: 'sim4',
    sim: sim4,
    figures: ['acc-vs-p', 'acc-vs-n', 'effective-n', 'geometry', 'geometry-pstar'],
    extremes: [
      ['defaults', {}],
      ['d = 1, n = 10, weak signal', { d: 1, n: 10, mu: 0.1 }],
      ['oracle, every label wrong: nothing kept', { preset: 'oracle', p: 1 }],
      ['keeps only wrong examples, and there are none', { phi: 0, psi: 1, p: 0 }],
      ['largest d, n and signal', { d: 1000, n: 1e6, mu: 3, p: 0, thetaG: 1, thetaV: 1, replicates: 30 }],
      ['perfect generator and verifier', { thetaG: 0, thetaV: 0 }],
    ],
    streamed: {},
    also: (figures) => {
      for (const s of figures[0].series) for (const y of Array.from(s.y)) expect(y >= 0 && y <= 1).toBe(true);
    },
  },
  {
    name: 'sim5 (the toy)',
    sim: sim5,
    figures: ['predicted', 'rates', 'threshold'],
    extremes: [
      ['defaults', {}],
      ['2×2 matrices, few mistakes', { size: 2, candidates: 50, errorRate: 0.01 }],
      ['a tolerance that keeps nothing', { size: 8, candidates: 50, threshold: 8 }],
      ['no tolerance, determinant checked, weak signal', { threshold: 0, detCheck: true, d: 1, mu: 0.1 }],
      ['almost always wrong, strong signal', { errorRate: 0.99, d: 1000, mu: 3 }],
    ],
    streamed: {},
  },
  {
    name: 'sim5 on a file, by its keep column',
    sim: verifierLab(FILE),
    figures: ['predicted', 'rates'],
    extremes: [['defaults', {}]],
  },
  {
    name: 'sim5 on a file, by its score',
    sim: verifierLab(FILE),
    figures: ['predicted', 'rates', 'threshold'],
    extremes: [
      ['a middle threshold', { rule: 'score', threshold: 0.75 }],
      ['the lowest threshold', { rule: 'score', threshold: 0.1 }],
    ],
  },
  {
    name: 'ngram',
    sim: OWN_TEXT,
    figures: ['vocabulary', 'tail', 'jsd', 'distinct'],
    extremes: [
      ['defaults', {}],
      ['unigrams, 30 generations', { order: 1, generations: 30 }],
      ['trigrams, accumulating', { order: 3, mode: 'accumulate', generations: 5 }],
    ],
    streamed: { generations: 4 },
  },
  {
    name: 'ngram, editing',
    sim: OWN_TEXT,
    figures: ['vocabulary', 'tail', 'jsd', 'distinct', 'edits'],
    extremes: [
      ['every token flagged', { mode: 'edit', tau: 0 }],
      ['hardly a token flagged, tail past the top type', { mode: 'edit', tau: 0.999, topK: 1 }],
    ],
    streamed: { mode: 'edit', generations: 3 },
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))(
  '%s run whole',
  (_, { sim, figures, extremes, streamed, also }) => {
    it.each(extremes)('no NaN or ∞ in any figure or reading: %s', (_, overrides) => {
      const p = acceptedParams(sim.check, sim.defaults, overrides);
      const r = sim.run(p, 1);
      const figs = sim.figures(r, p);
      expect(figs.map((f) => f.id)).toEqual(figures);
      expect(undrawable(figs, sim.readings(r, p))).toEqual([]);
      also?.(figs);
    });

    if (streamed)
      it('draws every partial result it streams', () => {
        const p = acceptedParams(sim.check, sim.defaults, streamed);
        let partials = 0;
        sim.run(p, 3, (partial) => {
          partials++;
          expect(undrawable(sim.figures(partial, p), sim.readings(partial, p))).toEqual([]);
        });
        expect(partials).toBeGreaterThan(0);
      });
  },
);

describe('the simulations as the page shows them', () => {
  it('Sim 5 explains the toy by the invariants its verifier checks', () => {
    expect(sim5.explanation).toMatch(/trace.*Frobenius.*determinant/s);
  });
});
