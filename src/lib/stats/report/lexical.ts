/**
 * The length-sensitive figures of a report, on its seeded document sample (document-sample.ts): words by
 * Intl.Segmenter (words.ts, lowercased), taken document by document in sample order up to `maxWords` (the
 * last document cut short), so two corpora compared at the same `maxWords` hold exactly as many words.
 * TTR is the sample's types/tokens; MATTR, MTLD and per-document distinct-n are means over documents, and
 * MATTR and MTLD are also given pooled (the sample's words as one stream, windows crossing documents);
 * corpus distinct-n never counts an n-gram across documents (lexical-diversity.ts). Self-BLEU on the first
 * 200 sampled documents (self-bleu.ts).
 */
import { corpusCompressionRatio } from '../measures/compression';
import type { LexicalReport } from './corpus-report-types';
import { heaps } from '../measures/heaps';
import { lexicalDiversity, mattr, mtld } from '../measures/lexical-diversity';
import { selfBleu } from '../measures/self-bleu';
import { compute, insufficient, isInsufficient, type Maybe } from '../measures/statistic';
import { goodTuringUnseen, hapaxRatio, typeCounts } from '../measures/type-counts';
import { words } from '../measures/words';
import { fitZipf } from '../measures/zipf';

export const SEGMENTER_DESCRIPTION =
  'Intl.Segmenter word-like segments (locale en, ASCII fast path), lowercased';

/** Each sampled document's words, in sample order. */
export function sampleWords(texts: readonly string[]): string[][] {
  return texts.map((t) => words(t, { lowercase: true }));
}

export function wordTotal(docs: readonly (readonly string[])[]): number {
  return docs.reduce((n, d) => n + d.length, 0);
}

/** The first `maxWords` words of the documents, document boundaries kept. */
export function firstWords(docs: readonly (readonly string[])[], maxWords: number): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  let taken = 0;
  for (const d of docs) {
    if (taken >= maxWords) break;
    if (d.length === 0) continue;
    const part = taken + d.length <= maxWords ? d : d.slice(0, maxWords - taken);
    out.push(part);
    taken += part.length;
  }
  return out;
}

/** Until the worker fills it in (compression is asynchronous: see withCompression). */
export const COMPRESSION_PENDING = insufficient(
  'compression ratio: computed asynchronously (CompressionStream) by the stats worker',
);

export function lexicalFromWords(
  docs: readonly (readonly string[])[],
  maxWords = Infinity,
  seed = 0,
): Maybe<LexicalReport> {
  const taken = firstWords(docs, maxWords);
  const pooled = taken.flat();
  const diversity = compute(lexicalDiversity(), taken);
  if (isInsufficient(diversity)) return insufficient(`the sample has no words (${diversity.insufficient})`);
  const types = compute(typeCounts, taken);
  const counts = isInsufficient(types) ? [] : Array.from(types.counts.values());
  const hapax = hapaxRatio(counts);
  const unseen = goodTuringUnseen(counts);
  return {
    tokens: diversity.words,
    documents: taken.length,
    segmenter: SEGMENTER_DESCRIPTION,
    ttr: diversity.corpusTtr,
    mattr: diversity.mattr.mean,
    mtld: diversity.mtld.mean,
    mattrPooled: mattr(pooled),
    mtldPooled: mtld(pooled),
    selfBleu: selfBleu(taken),
    distinct: diversity.distinct.map((d) => ({ n: d.n, corpus: d.corpus, perDocument: d.perDocument.mean })),
    hapaxRatio: isInsufficient(hapax) ? hapax : hapax.ratio,
    goodTuringUnseen: isInsufficient(unseen) ? unseen : unseen.mass,
    compressionRatio: COMPRESSION_PENDING,
    zipf: fitZipf(counts),
    heaps: compute(heaps({ seed }), taken),
  };
}

export function lexicalReport(texts: readonly string[], maxWords = Infinity, seed = 0): Maybe<LexicalReport> {
  return lexicalFromWords(sampleWords(texts), maxWords, seed);
}

/** UTF-8 bytes of documents joined by newlines (as corpusCompressionRatio counts them). */
export function joinedBytes(texts: readonly string[]): number {
  const encoder = new TextEncoder();
  return texts.reduce((n, t) => n + encoder.encode(t).length, Math.max(0, texts.length - 1));
}

/**
 * Fills in the compression ratio (bytes / gzip bytes) of the sampled texts, cut to `maxBytes` so that two
 * corpora can be compared at equal size. Needs CompressionStream (browsers, Node ≥ 18).
 */
export async function withCompression(
  lexical: Maybe<LexicalReport>,
  texts: readonly string[],
  maxBytes: number,
  seed = 0,
): Promise<Maybe<LexicalReport>> {
  if (isInsufficient(lexical) || maxBytes < 1) return lexical;
  const r = await corpusCompressionRatio(texts, { maxBytes, seed });
  return { ...lexical, compressionRatio: isInsufficient(r) ? r : r.ratio };
}
