/**
 * Keyness: which words mark corpus A against corpus B — the log-odds ratio with an informative Dirichlet
 * prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eqs. 16 and 18). For word w with counts y_a, y_b
 * (corpus totals n_a, n_b) and prior pseudo-counts α_w (total α₀):
 *   δ_w = ln[(y_a + α_w)/(n_a + α₀ − y_a − α_w)] − ln[(y_b + α_w)/(n_b + α₀ − y_b − α_w)]
 *   σ²_w ≈ 1/(y_a + α_w) + 1/(y_b + α_w),   z_w = δ_w / σ_w.
 * z > 0: A uses w more; |z| > 1.96 is the usual cut. The prior shrinks rare words toward no difference,
 * so the top of the list is not a parade of words seen twice in one corpus and never in the other.
 *
 * The prior's pseudo-counts are a background corpus's counts (Monroe et al.'s use), by default the two
 * corpora pooled: α_w = y_a + y_b. `priorSize` rescales them to a total α₀ (smaller = weaker shrinkage).
 * Counts are exact type-count maps (type-counts.ts).
 */
import { insufficient, type Maybe } from './statistic';

export interface KeynessOptions {
  /** Background counts for the prior (default: a and b pooled). */
  prior?: ReadonlyMap<string, number>;
  /** Total pseudo-count α₀ the prior is scaled to (default: the background's own total). */
  priorSize?: number;
  /** Terms listed per side (default 50). */
  limit?: number;
}

export interface KeyTerm {
  term: string;
  countA: number;
  countB: number;
  /** δ: the smoothed log-odds ratio, A over B (nats). */
  delta: number;
  /** z = δ/σ. */
  z: number;
}

export interface Keyness {
  totalA: number;
  totalB: number;
  priorSize: number;
  /** Terms over-represented in A (z > 0), largest z first. */
  topA: KeyTerm[];
  /** Terms over-represented in B (z < 0), most negative z first. */
  topB: KeyTerm[];
  /** Every term of A ∪ B, by z descending (ties by term). */
  all: KeyTerm[];
}

function total(m: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of m.values()) {
    if (!(c >= 0)) throw new RangeError(`counts must be non-negative (got ${c})`);
    n += c;
  }
  return n;
}

export function logOddsKeyness(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  options: KeynessOptions = {},
): Maybe<Keyness> {
  const { limit = 50 } = options;
  const nA = total(a);
  const nB = total(b);
  if (nA === 0 || nB === 0) {
    return insufficient(`keyness needs words in both corpora (they have ${nA} and ${nB})`);
  }
  const background = options.prior;
  const backgroundTotal = background ? total(background) : nA + nB;
  if (!(backgroundTotal > 0)) throw new RangeError('the prior has no counts');
  const priorSize = options.priorSize ?? backgroundTotal;
  if (!(priorSize > 0)) throw new RangeError(`priorSize ${priorSize} must be positive`);
  const scale = priorSize / backgroundTotal;
  const terms = new Set<string>(a.keys());
  for (const t of b.keys()) terms.add(t);
  const all: KeyTerm[] = [];
  for (const term of terms) {
    const ya = a.get(term) ?? 0;
    const yb = b.get(term) ?? 0;
    const alpha = scale * (background ? (background.get(term) ?? 0) : ya + yb);
    if (!(alpha > 0)) {
      // Monroe et al.'s prior gives such a word no pseudo-count: its log-odds are undefined, so it is left out.
      continue;
    }
    const delta =
      Math.log((ya + alpha) / (nA + priorSize - ya - alpha)) -
      Math.log((yb + alpha) / (nB + priorSize - yb - alpha));
    const z = delta / Math.sqrt(1 / (ya + alpha) + 1 / (yb + alpha));
    all.push({ term, countA: ya, countB: yb, delta, z });
  }
  all.sort((x, y) => y.z - x.z || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
  const topA = all.filter((t) => t.z > 0).slice(0, limit);
  const topB = all
    .filter((t) => t.z < 0)
    .reverse()
    .slice(0, limit);
  return { totalA: nA, totalB: nB, priorSize, topA, topB, all };
}
