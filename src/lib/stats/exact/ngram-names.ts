/**
 * Names for exact n-gram keys: the exact tables keep only 64-bit keys (a string per distinct n-gram would
 * cost more than the counts), so a contribution is named from the reports' top-n summaries, whose strings
 * are re-keyed here with the very scanner that keyed the corpus. An n-gram too rare for any summary stays
 * unnamed (its count is then at most the summary's error bound).
 */
import { combineHash } from '../../math/hash-mix';
import { TokenScan } from '../measures/token-scan';

const scan = new TokenScan();

/** The (k1, k2) key the report gave an n-gram string (lowercased word-punct tokens joined by one space). */
export function ngramKey(ngram: string, n: 1 | 2): [number, number] | null {
  const count = scan.scan(ngram);
  if (count !== n) return null;
  return n === 1 ? [scan.hash[0], scan.key2[0]] : [scan.pairHash[1], combineHash(scan.key2[0], scan.key2[1])];
}

/** Key → string for the n-grams of some summaries. */
export class NgramNames {
  private readonly names = new Map<string, string>();

  constructor(n: 1 | 2, summaries: readonly (readonly string[])[]) {
    for (const list of summaries) {
      for (const ngram of list) {
        const key = ngramKey(ngram, n);
        if (key) this.names.set(`${key[0]}:${key[1]}`, ngram);
      }
    }
  }

  get(k1: number, k2: number): string | null {
    return this.names.get(`${k1}:${k2}`) ?? null;
  }
}
