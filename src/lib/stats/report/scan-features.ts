/**
 * The paper's hashed unigram + bigram features of one text through the fused scanner (token-scan.ts):
 * the same counts as addTextFeatures (hashed-features.ts) without a string per token. Used where only the
 * features are wanted, and by the benchmark as the "unigram + bigram hashing" stage on its own.
 */
import type { TokenScan } from '../measures/token-scan';

/** Adds the text's unigram and bigram bucket counts to `counts` (length B); returns how many it added. */
export function addScannedFeatures(counts: Float64Array, text: string, scan: TokenScan): number {
  const buckets = counts.length;
  const n = scan.scan(text.toLowerCase());
  const { hash, pairHash } = scan;
  for (let i = 0; i < n; i++) {
    counts[hash[i] % buckets]++;
    if (i > 0) counts[pairHash[i] % buckets]++;
  }
  return n === 0 ? 0 : 2 * n - 1;
}
