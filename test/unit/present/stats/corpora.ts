/**
 * Tiny corpora with real reports (the engine's corpusReport statistic run in Node) and seeded synthetic
 * scores, for the views' snapshot cases and the tables' tests.
 */
import { compute } from '../../../../src/lib/stats/measures/statistic';
import { corpusReport } from '../../../../src/lib/stats/report/corpus-report';
import type { CorpusReport, ReportDocument } from '../../../../src/lib/stats/report/corpus-report-types';
import { seededRng } from '../../../../src/lib/math/seeded';
import type { ViewCorpus } from '../../../../src/lib/present/stats/view-corpus';
import type { ViewComparison } from '../../../../src/state/stats.svelte';
import { compareReports } from '../../../../src/lib/stats/compare/compare-corpora';

export const HUMAN = [
  'The river bends twice before it reaches the old mill, where the water slows and turns brown.',
  'Nobody in the village remembers who built the mill; the stones are older than the church.',
  'In spring the meadow floods and herons stand in the shallows like grey posts.',
  'A ferryman once worked the crossing, but the bridge put him out of work in 1911.',
  'Children still dare each other to walk the weir when the water is low.',
  'The miller’s house is a bakery now, and on Saturdays the queue reaches the lane.',
];

export const SYNTHETIC = [
  'The river is a beautiful place and the river is very important to the village.',
  'The mill is a very old building and the mill is important to the history of the village.',
  'The village is a beautiful place and the village has a very rich history.',
  'The meadow is a beautiful place and it is very important to the local wildlife.',
  'The bridge is a very important part of the village and the bridge is very old.',
  'The bakery is a very popular place and the bakery is important to the village.',
];

/** The human corpus after token-level editing: a few near-certain words resampled. */
export const EDITED = [
  'The river bends twice before it reaches the old mill, where the water slows and grows brown.',
  'Nobody in the village recalls who built the mill; the stones are older than the chapel.',
  'In spring the meadow floods and herons stand in the shallows like grey poles.',
  'A ferryman once worked the crossing, but the bridge put him out of business in 1911.',
  'Children still dare each other to cross the weir when the water is low.',
  'The miller’s house is a bakery today, and on Saturdays the queue reaches the lane.',
];

/**
 * How a corpus's token probabilities are drawn: leaning low with a spike at p = 0.999 (human), piling up
 * near 1 (synthetic: the U-shape), or human with most near-certain tokens resampled (edited).
 */
export type ScoreShape = 'human' | 'synthetic' | 'edited';
const SEED_OFFSET: Record<ScoreShape, number> = { human: 3, synthetic: 7, edited: 5 };

/** Seeded token scores of a text in the given shape. */
function scores(text: string, seed: number, shape: ScoreShape): ReportDocument['scores'] {
  const rng = seededRng(seed);
  const n = text.split(/\s+/).length * 2;
  const logprob = new Float32Array(n);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng();
    const p =
      shape === 'synthetic'
        ? u < 0.5
          ? 0.995 + 0.005 * rng()
          : rng()
        : u < (shape === 'human' ? 0.3 : 0.1)
          ? 0.999
          : rng() * rng();
    logprob[i] = Math.log(Math.max(p, 1e-9));
    rank[i] = p > 0.5 ? 1 : 1 + Math.floor((1 - p) * 3000 * rng());
  }
  return { logprob, rank };
}

export function report(
  name: string,
  texts: string[],
  scored: boolean,
  shape: ScoreShape = 'human',
): CorpusReport {
  const stat = corpusReport({
    name,
    seed: 1,
    model: scored ? { modelId: 'semisynth-test/bigram', dtype: 'fp32', device: 'wasm', k: 8 } : null,
    tails: { flagTaus: [0.99], dropLambdas: [0.001] },
  });
  return compute(
    stat,
    texts.map((text, i) => ({
      text,
      ...(scored ? { scores: scores(text, 100 * i + SEED_OFFSET[shape], shape) } : {}),
    })),
  );
}

/** Human and synthetic, scored by default (model-free with `scored = false`). */
export function viewCorpora(scored = true): ViewCorpus[] {
  return [
    { name: 'human', slot: 0, report: report('human', HUMAN, scored) },
    { name: 'synthetic', slot: 1, report: report('synthetic', SYNTHETIC, scored, 'synthetic') },
  ];
}

/** Human, synthetic and edited, all scored: a full page of three corpora. */
export function threeCorpora(): ViewCorpus[] {
  return [...viewCorpora(), { name: 'edited', slot: 2, report: report('edited', EDITED, true, 'edited') }];
}

/** A corpus of the given texts in a slot (scored), named for what it shows. */
export function corpus(name: string, slot: number, texts: string[], scored = true): ViewCorpus {
  return { name, slot, report: report(name, texts, scored) };
}

/** A finished comparison of `other` with the reference, as the views receive it. */
export function compared(reference: ViewCorpus, other: ViewCorpus): ViewComparison {
  const comparison = compareReports(reference.report, other.report, { seed: 0, replicates: 50 });
  return { other, state: { status: 'ready', comparison } };
}

/** One comparison still running and one whose worker failed ('the stats worker stopped'). */
export function comparingAndFailed(running: ViewCorpus, failed: ViewCorpus): ViewComparison[] {
  return [
    { other: running, state: { status: 'running' } },
    { other: failed, state: { status: 'failed', error: 'the stats worker stopped' } },
  ];
}
