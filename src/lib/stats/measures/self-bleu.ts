/**
 * Self-BLEU (Zhu et al. 2018, "Texygen"): each of m documents scored by BLEU-4 against the other m − 1 as
 * references, averaged. High self-BLEU means the documents repeat each other's phrases (less diverse).
 * BLEU as Papineni et al. (2002) define it: modified n-gram precisions p_1..p_4 (a hypothesis n-gram counts
 * at most as often as it occurs in any single reference), geometric mean with weights ¼, times the brevity
 * penalty against the reference length closest to the hypothesis; zero precisions smoothed as NLTK's
 * SmoothingFunction().method1 does (ε = 0.1 in the numerator), which Texygen uses.
 *
 * Why hand-written: no maintained JavaScript BLEU package computes it over words we segment ourselves, and
 * the all-pairs form needs the "best other reference" trick below to stay linear in the text: per n-gram,
 * the two largest counts and which document holds the largest, so max over r ≠ h is one lookup.
 */
import { insufficient, type Maybe } from './statistic';

export interface SelfBleu {
  value: number;
  /** Documents scored (each against all the others). */
  documents: number;
  /** Documents left out for having fewer than `order` words. */
  tooShort: number;
  order: number;
  method: string;
}

const EPSILON = 0.1;

export const SELF_BLEU_METHOD =
  'mean BLEU-4 of each sampled document against all the others (Texygen), NLTK method1 smoothing (ε = 0.1)';

/**
 * Self-BLEU of the first `maxDocuments` documents with at least `order` words (documents given as word
 * lists, in the report's seeded sample order, so the choice is seeded).
 */
export function selfBleu(
  documents: readonly (readonly string[])[],
  options: { maxDocuments?: number; order?: number } = {},
): Maybe<SelfBleu> {
  const { maxDocuments = 200, order = 4 } = options;
  const usable = documents.filter((d) => d.length >= order);
  const docs = usable.slice(0, maxDocuments);
  if (docs.length < 2) {
    return insufficient(
      `self-BLEU needs two documents of at least ${order} words; the sample has ${docs.length}`,
    );
  }
  const m = docs.length;
  // For every n: per document its n-gram counts, and per n-gram the two largest counts over documents.
  const perDoc: Map<string, number>[][] = [];
  const best: Map<string, [number, number, number]>[] = []; // [largest, its document, second largest]
  for (let n = 1; n <= order; n++) {
    const top = new Map<string, [number, number, number]>();
    const maps = docs.map((words, d) => {
      const counts = new Map<string, number>();
      for (let i = 0; i + n <= words.length; i++) {
        const g = words.slice(i, i + n).join('\u0001');
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
      for (const [g, c] of counts) {
        const t = top.get(g);
        if (!t) top.set(g, [c, d, 0]);
        else if (c > t[0]) top.set(g, [c, d, t[0]]);
        else if (c > t[2]) t[2] = c;
      }
      return counts;
    });
    perDoc.push(maps);
    best.push(top);
  }
  const lengths = docs.map((d) => d.length);
  let sum = 0;
  for (let h = 0; h < m; h++) {
    let logPrecision = 0;
    for (let n = 1; n <= order; n++) {
      const total = lengths[h] - n + 1;
      let clipped = 0;
      for (const [g, c] of perDoc[n - 1][h]) {
        const [largest, at, second] = best[n - 1].get(g)!;
        clipped += Math.min(c, at === h ? second : largest);
      }
      logPrecision += Math.log((clipped > 0 ? clipped : EPSILON) / total) / order;
    }
    const r = closestOtherLength(lengths, h);
    const brevity = lengths[h] >= r ? 1 : Math.exp(1 - r / lengths[h]);
    sum += brevity * Math.exp(logPrecision);
  }
  return {
    value: sum / m,
    documents: m,
    tooShort: documents.length - usable.length,
    order,
    method: SELF_BLEU_METHOD,
  };
}

/** The reference length closest to document `self`'s among the others (ties: the shorter, as NLTK). */
function closestOtherLength(lengths: readonly number[], self: number): number {
  const length = lengths[self];
  let best = -1;
  lengths.forEach((l, d) => {
    if (d === self) return;
    const closer = Math.abs(l - length) - Math.abs(best - length);
    if (best < 0 || closer < 0 || (closer === 0 && l < best)) best = l;
  });
  return best;
}
