/**
 * The fixed text every backend scores: the test-model corpus, repeated and cut at a word boundary so it
 * has about the wanted number of tokens (all bench models share the 320-token tokenizer).
 */
import { BpeEncoder, trainMerges } from '../testmodels/bpe';
import { CORPUS_DOCUMENTS } from '../testmodels/corpus';

let encoder: BpeEncoder | null = null;

export function tokenCount(text: string): number {
  encoder ??= new BpeEncoder(trainMerges(CORPUS_DOCUMENTS, 320));
  return encoder.encode(text).length;
}

/** The repeated corpus, cut to the last whitespace before `tokens` tokens are exceeded. */
export function benchText(tokens: number): string {
  const corpus = CORPUS_DOCUMENTS.join('\n\n');
  const perToken = corpus.length / tokenCount(corpus);
  let text = corpus;
  while (text.length < tokens * perToken * 1.5) text += '\n\n' + corpus;
  let end = Math.floor(tokens * perToken);
  // Shrink until it fits; the estimate is usually within a few percent.
  for (;;) {
    const cut = text.lastIndexOf(' ', end);
    const candidate = text.slice(0, cut > 0 ? cut : end);
    if (tokenCount(candidate) <= tokens || end < 16) return candidate;
    end = Math.floor(end * 0.97);
  }
}
