import { stringKey } from '../math/key-hash';

/**
 * The documents "collapse on your own text" runs on: the Text page's documents, or the built-in samples
 * cut into sentences (one sample is a single paragraph; as sentences, each generation writes many short
 * documents, which is how a corpus behaves).
 */
export interface OwnText {
  /** Changes whenever the documents do, so the worker re-binds only then. */
  key: string;
  texts: string[];
  name: string;
}

export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A key for a list of texts that changes whenever any character of any text does (a fingerprint of lengths
 * and ends let the worker keep running on stale texts): each text's 53-bit cyrb53 key and length are folded
 * in order into 64 bits, so two different lists share a key only by a hash coincidence.
 */
export function textsKey(texts: readonly string[]): string {
  let a = 0;
  let b = 0;
  for (const t of texts) {
    const k = stringKey(t);
    // Order matters ("a", "b" ≠ "b", "a"): mix the running state before adding each text's key.
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + (k % 4294967296)) | 0;
    b = (Math.imul(b ^ (b >>> 13), 0x297a2d39) + Math.floor(k / 4294967296) + t.length) | 0;
  }
  return `${texts.length}:${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

export function sampleText(samples: readonly { text: string }[]): OwnText {
  const texts = samples.flatMap((s) => sentences(s.text));
  return { key: `sample:${textsKey(texts)}`, texts, name: 'the built-in sample' };
}

/** The Text page's documents, keyed by their full content. */
export function documentsText(documents: readonly { text: string }[]): OwnText {
  const texts = documents.map((d) => d.text);
  return {
    key: `yours:${textsKey(texts)}`,
    texts,
    name: documents.length === 1 ? 'your document' : `your ${documents.length} documents`,
  };
}
