/**
 * A seeded stand-in for a learner's corpus: sentences of Zipf-distributed words (a few thousand types,
 * many of them rare) with some fixed phrases, so n-gram contexts have both near-certain and open
 * continuations. About `chars` characters in all. Words are letters only, so each is one piece.
 */
import { seededRng } from '../../../../src/lib/math/seeded';

const PHRASES = ['in the end', 'as a result of', 'on the other hand', 'for example'];

export function zipfCorpus(chars: number, seed = 1, types = 4000): string[] {
  const rng = seededRng(seed);
  const words = Array.from({ length: types }, (_, i) => `${letters(i)}${i % 7 === 0 ? 'ing' : ''}`);
  const cumulative = new Float64Array(types);
  let total = 0;
  for (let i = 0; i < types; i++) cumulative[i] = total += 1 / (i + 1);
  const word = () => {
    const r = rng() * total;
    let lo = 0;
    let hi = types - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return words[lo];
  };
  const docs: string[] = [];
  let size = 0;
  while (size < chars) {
    const sentences: string[] = [];
    for (let s = 1 + Math.floor(rng() * 4); s > 0; s--) {
      const parts: string[] = [];
      for (let w = 4 + Math.floor(rng() * 12); w > 0; w--) {
        parts.push(rng() < 0.08 ? PHRASES[Math.floor(rng() * PHRASES.length)] : word());
      }
      sentences.push(`${parts.join(rng() < 0.1 ? ', ' : ' ')}.`);
    }
    const doc = sentences.join(' ');
    docs.push(doc);
    size += doc.length;
  }
  return docs;
}

/** 0 → "a", 25 → "z", 26 → "ba", …: a distinct letters-only word per index. */
function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return `w${s}`;
}
