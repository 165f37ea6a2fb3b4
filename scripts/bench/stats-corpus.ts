/**
 * A seeded, English-like corpus for the statistics benchmark: a 30 000-word vocabulary of syllable-built
 * words drawn by Zipf's law (s = 1.07), sentences of 4–30 words with commas, a few non-ASCII words, and
 * paragraphs of 1–6 sentences separated by blank lines (one document per paragraph when read as text).
 */
import { createWriteStream } from 'node:fs';
import { seededRng, type Uniform } from '../../src/lib/math/seeded';

const SYLLABLES = 'ka lo mi ne ru sa te vo pi da gu he ji no ra si tu we ya zo an el in or us'.split(' ');
const EXTRA = ['über', 'café', 'naïve', '日本語', 'Zürich', 'façade'];

export class CorpusGenerator {
  private readonly rng: Uniform;
  private readonly words: string[];
  private readonly cdf: Float64Array;

  constructor(seed: number, vocabulary = 30_000) {
    this.rng = seededRng(seed);
    const seen = new Set<string>();
    this.words = [];
    while (this.words.length < vocabulary) {
      const n = 1 + Math.floor(this.rng() * 3.5);
      let w = '';
      for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(this.rng() * SYLLABLES.length)];
      if (this.words.length % 997 === 5) w = EXTRA[this.words.length % EXTRA.length] + w;
      if (!seen.has(w)) {
        seen.add(w);
        this.words.push(w);
      }
    }
    this.cdf = new Float64Array(vocabulary);
    let total = 0;
    for (let i = 0; i < vocabulary; i++) this.cdf[i] = total += 1 / Math.pow(i + 1, 1.07);
    for (let i = 0; i < vocabulary; i++) this.cdf[i] /= total;
  }

  private word(): string {
    const u = this.rng();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo];
  }

  paragraph(): string {
    const sentences = 1 + Math.floor(this.rng() * 6);
    const out: string[] = [];
    for (let s = 0; s < sentences; s++) {
      const n = 4 + Math.floor(this.rng() * 27);
      const ws: string[] = [];
      for (let i = 0; i < n; i++) ws.push(this.word() + (i < n - 1 && this.rng() < 0.08 ? ',' : ''));
      ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
      out.push(ws.join(' ') + (this.rng() < 0.1 ? '?' : '.'));
    }
    return out.join(' ');
  }

  /** About `bytes` of text (whole paragraphs, ASCII-dominated so length ≈ bytes). */
  text(bytes: number): string {
    const parts: string[] = [];
    let n = 0;
    while (n < bytes) {
      const p = this.paragraph();
      parts.push(p);
      n += p.length + 2;
    }
    return parts.join('\n\n');
  }
}

/** Writes about `bytes` of generated text to `path`, in 8 MB pieces (never holding it all). */
export async function writeCorpus(path: string, bytes: number, seed: number): Promise<number> {
  const gen = new CorpusGenerator(seed);
  const out = createWriteStream(path);
  let written = 0;
  while (written < bytes) {
    const piece = gen.text(Math.min(8 << 20, bytes - written)) + '\n\n';
    const buffer = Buffer.from(piece, 'utf8');
    written += buffer.length;
    if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return written;
}
