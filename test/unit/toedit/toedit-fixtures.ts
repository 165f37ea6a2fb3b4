/**
 * Hand-built scores and vocabularies for engine tests: a document is a list of tokens, each with its
 * text (or raw bytes), its log-prob and its top-k row; byte spans are computed from the pieces.
 */
import type { DocumentScores } from '../../../src/lib/scoring/scores';
import type { Vocabulary } from '../../../src/lib/scoring/tokens/packed-vocabulary';

const encoder = new TextEncoder();

export class TestVocab implements Vocabulary {
  private readonly table = new Map<number, Uint8Array>();
  private readonly specials = new Set<number>();
  private readonly byContent = new Map<string, number>();
  private next = 0;

  /** Id for a piece (string or raw bytes), creating it on first use. */
  id(piece: string | Uint8Array, special = false): number {
    const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
    const key = Array.from(bytes).join(',') + (special ? '#special' : '');
    let id = this.byContent.get(key);
    if (id === undefined) {
      id = this.next++;
      this.byContent.set(key, id);
      this.table.set(id, bytes);
      if (special) this.specials.add(id);
    }
    return id;
  }
  bytes(id: number): Uint8Array {
    const b = this.table.get(id);
    if (b === undefined) throw new Error(`unknown id ${id}`);
    return b;
  }
  special(id: number): boolean {
    return this.specials.has(id);
  }
}

export interface TokenSpec {
  id: number;
  /** Bytes of the token in the text (defaults to the vocabulary's bytes). */
  textBytes?: Uint8Array;
  logprob: number;
  /** Top-k row as [id, logprob]; padded with id -1 / NaN to k. */
  top?: [number, number][];
}

/** Builds the text and its scores from token specs (the spans tile the text). */
export function buildDocument(
  vocab: TestVocab,
  tokens: TokenSpec[],
  options: { k?: number; bosPrepended?: boolean } = {},
): { text: string; scores: DocumentScores } {
  const k = options.k ?? 8;
  const n = tokens.length;
  const parts: Uint8Array[] = [];
  const byteStart = new Uint32Array(n);
  const byteEnd = new Uint32Array(n);
  const topIds = new Int32Array(n * k).fill(-1);
  const topLogprobs = new Float32Array(n * k).fill(NaN);
  let offset = 0;
  tokens.forEach((t, i) => {
    const b = t.textBytes ?? vocab.bytes(t.id);
    parts.push(b);
    byteStart[i] = offset;
    offset += b.length;
    byteEnd[i] = offset;
    (t.top ?? [[t.id, t.logprob]]).forEach(([id, lp], j) => {
      topIds[i * k + j] = id;
      topLogprobs[i * k + j] = lp;
    });
  });
  const all = new Uint8Array(offset);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const logprob = Float32Array.from(tokens.map((t) => t.logprob));
  if (!options.bosPrepended && n > 0) logprob[0] = NaN;
  return {
    text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(all),
    scores: {
      tokenIds: Int32Array.from(tokens.map((t) => t.id)),
      byteStart,
      byteEnd,
      logprob,
      rank: new Int32Array(n).fill(1),
      entropy: new Float32Array(n).fill(NaN),
      k,
      topIds,
      topLogprobs,
      bosPrepended: options.bosPrepended ?? false,
    },
  };
}

/**
 * Tokenises text into byte-level pieces of the given cycle of lengths (so multi-byte characters are split
 * across tokens), every token given `logprob` and a top-k row of itself plus `alternatives`.
 */
export function byteChunks(
  vocab: TestVocab,
  text: string,
  lengths: number[],
  logprob: number,
  alternatives: [number, number][] = [],
): { text: string; scores: DocumentScores } {
  const bytes = encoder.encode(text);
  const tokens: TokenSpec[] = [];
  let at = 0;
  for (let c = 0; at < bytes.length; c++) {
    const piece = bytes.slice(at, at + lengths[c % lengths.length]);
    at += piece.length;
    const id = vocab.id(piece);
    tokens.push({ id, logprob, top: [[id, logprob], ...alternatives] });
  }
  return buildDocument(vocab, tokens);
}

/** Chi-square critical values at p = 0.001 for 1..12 degrees of freedom. */
export const CHI2_CRIT_0_001 = [
  NaN,
  10.828,
  13.816,
  16.266,
  18.467,
  20.515,
  22.458,
  24.322,
  26.124,
  27.877,
  29.588,
  31.264,
  32.909,
];

/** Pearson's statistic of observed counts against expected probabilities (cells with p = 0 must be empty). */
export function chiSquare(
  observed: number[],
  probabilities: ArrayLike<number>,
): { stat: number; df: number } {
  const total = observed.reduce((a, b) => a + b, 0);
  let stat = 0;
  let df = -1;
  for (let j = 0; j < observed.length; j++) {
    if (probabilities[j] === 0) {
      if (observed[j] !== 0) return { stat: Infinity, df: 1 };
      continue;
    }
    const e = total * probabilities[j];
    stat += (observed[j] - e) ** 2 / e;
    df++;
  }
  return { stat, df };
}
