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

export function sampleText(samples: readonly { text: string }[]): OwnText {
  const texts = samples.flatMap((s) => sentences(s.text));
  return { key: `sample:${texts.length}:${texts.join('').length}`, texts, name: 'the built-in sample' };
}

/** The Text page's documents; the key is a cheap fingerprint (count, lengths, and the ends of each text). */
export function documentsText(documents: readonly { text: string }[]): OwnText {
  let hash = 0;
  for (const d of documents) {
    const t = d.text;
    const probe = `${t.length}|${t.slice(0, 32)}|${t.slice(-32)}`;
    for (let i = 0; i < probe.length; i++) hash = (Math.imul(hash, 31) + probe.charCodeAt(i)) | 0;
  }
  return {
    key: `yours:${documents.length}:${hash >>> 0}`,
    texts: documents.map((d) => d.text),
    name: documents.length === 1 ? 'your document' : `your ${documents.length} documents`,
  };
}
