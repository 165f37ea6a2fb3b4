/**
 * The built-in n-gram prior: a Kneser–Ney model fitted in the browser to the user's reference corpus,
 * behind the same Prior interface as the neural models. No download, no WebGPU: runs on the CPU anywhere.
 */
import type { Prior, PriorInfo, ScoreOptions } from '../prior';
import type { Uniform } from '../../math/seeded';
import type { DocumentScores } from '../scores';
import type { NgramModel, SampleMode } from './ngram-model';
import { pieceSpans, splitPieces } from './pieces';
import { BOS_ID, EOS_ID, UNK_ID } from './vocabulary';
import { packVocabulary, type PackedVocabulary } from '../tokens/packed-vocabulary';

export interface NgramPriorOptions {
  /** Appended to the model id for provenance, e.g. the reference corpus's name. */
  name?: string;
}

export interface GenerateOptions {
  /** Stop after this many pieces if `</s>` has not been drawn (default 1024). */
  maxPieces?: number;
  /** 'kn' (default): the smoothed model. 'mle': raw counts, as in the collapse lab's MLE n-gram sims. */
  mode?: SampleMode;
}

/** Pieces scored between checkpoints: a few milliseconds of work, so a cancel lands at once. */
const CHECK_EVERY = 8192;

/** Draws per piece before giving up and ending the document (see generateIds). */
const MAX_DRAWS = 100;

export class NgramPrior implements Prior {
  readonly info: PriorInfo;

  constructor(
    readonly model: NgramModel,
    options: NgramPriorOptions = {},
  ) {
    const type = `ngram-kn${model.order}`;
    this.info = {
      kind: 'ngram',
      modelId: options.name ? `${type}:${options.name}` : type,
      dtype: 'f64',
      device: 'cpu',
      modelType: type,
      vocabSize: model.vocabSize,
      bosTokenId: BOS_ID,
      // The prior reads only n − 1 pieces of context but takes a text of any length in one pass, so it
      // needs no chunking: as the chunk planner's "positions per pass" it is unbounded. (n − 1 would be
      // wrong there: planChunks rejects a window below 2, and would re-feed context for nothing.)
      maxContext: Number.MAX_SAFE_INTEGER,
      kvCache: false,
      specialIds: [BOS_ID, EOS_ID, UNK_ID],
    };
  }

  /** Pieces as they are (`<s>`, `</s>`, `<unk>` for the specials). */
  vocabularyLabels(): string[] {
    return [...this.model.vocabulary.pieces];
  }

  /** Each piece's UTF-8 bytes; the specials are never spliced (they are marked special). */
  vocabularyBytes(): PackedVocabulary {
    const encoder = new TextEncoder();
    const pieces = this.model.vocabulary.pieces;
    return packVocabulary(
      pieces.length,
      pieces.map((piece, id) => [id, encoder.encode(piece)] as const),
      this.info.specialIds,
    );
  }

  /** The text's piece ids (`<unk>` for pieces outside the vocabulary) and UTF-8 byte spans. */
  tokenize(text: string): { ids: Int32Array; start: Uint32Array; end: Uint32Array } {
    const { pieces, start, end } = pieceSpans(text);
    const vocabulary = this.model.vocabulary;
    return { ids: Int32Array.from(pieces, (p) => vocabulary.id(p)), start, end };
  }

  async score(text: string, options: ScoreOptions = {}): Promise<DocumentScores> {
    return (await this.scoreBatch([text], options))[0];
  }

  /**
   * Nothing to batch on the CPU: documents are scored one after another, CHECK_EVERY pieces at a time
   * between checkpoints, so a long document reports progress and can be cancelled part-way.
   */
  async scoreBatch(texts: readonly string[], options: ScoreOptions = {}): Promise<DocumentScores[]> {
    const out: DocumentScores[] = [];
    let tokens = 0;
    let bytes = 0;
    for (const text of texts) {
      const scores = this.emptyScores(text, options.k ?? 8);
      const n = scores.tokenIds.length;
      for (let from = 0; from < n; from += CHECK_EVERY) {
        const to = Math.min(n, from + CHECK_EVERY);
        this.scoreRange(scores, from, to);
        await options.checkpoint?.({ tokens: tokens + to, bytes: bytes + scores.byteEnd[to - 1] });
      }
      tokens += n;
      bytes += n > 0 ? scores.byteEnd[n - 1] : 0;
      out.push(scores);
    }
    return out;
  }

  /**
   * Scores every piece given `<s>` and the pieces before it (so the first piece is scored too). A piece
   * outside the vocabulary is scored as `<unk>`: its probability is the model's mass for "some piece not in
   * the vocabulary" (what `<unk>` absorbed in training plus its uniform share), not that of the particular
   * string, so its surprisal is a lower bound. `chunkSize` is ignored: nothing is chunked.
   */
  scoreSync(text: string, options: ScoreOptions = {}): DocumentScores {
    const scores = this.emptyScores(text, options.k ?? 8);
    this.scoreRange(scores, 0, scores.tokenIds.length);
    return scores;
  }

  /** The text's pieces with room for their scores (filled by scoreRange). */
  private emptyScores(text: string, k: number): DocumentScores {
    const { ids, start, end } = this.tokenize(text);
    const n = ids.length;
    return {
      tokenIds: ids,
      byteStart: start,
      byteEnd: end,
      logprob: new Float32Array(n),
      rank: new Int32Array(n),
      entropy: new Float32Array(n),
      k,
      topIds: new Int32Array(n * k),
      topLogprobs: new Float32Array(n * k),
      bosPrepended: true,
    };
  }

  /** Scores pieces [from, to): piece i's context is `<s>` and the up to n − 1 pieces before it. */
  private scoreRange(scores: DocumentScores, from: number, to: number): void {
    const ids = scores.tokenIds;
    const k = scores.k;
    const history = this.model.order - 1;
    const context = new Int32Array(history);
    for (let i = from; i < to; i++) {
      const length = Math.min(history, i + 1);
      // context = (<s>, piece 0, …, piece i − 1)[last `length`]
      for (let j = 0; j < length; j++) {
        const at = i - length + j; // piece index, or −1 for <s>
        context[j] = at < 0 ? BOS_ID : ids[at];
      }
      const r = this.model.scoreNext(
        context.subarray(0, length),
        ids[i],
        k,
        scores.topIds,
        scores.topLogprobs,
        i * k,
      );
      scores.logprob[i] = r.logprob;
      scores.rank[i] = r.rank;
      scores.entropy[i] = r.entropy;
    }
  }

  /** A new document sampled from the model; the same rng seed gives the same text. */
  generate(rng: Uniform, options: GenerateOptions = {}): string {
    const pieces = this.model.vocabulary.pieces;
    return Array.from(this.generateIds(rng, options), (id) => pieces[id]).join('');
  }

  /**
   * The ids of a sampled document (without `<s>`/`</s>`). A draw is rejected and redrawn when it is
   * `<unk>` (it has no text) or when it would not survive re-tokenization next to the previous piece
   * (e.g. "the" after "cat" would read back as "catthe"): such pairs never occur in tokenized text, and
   * keeping them would invent spurious new pieces in every generation of a collapse simulation. So this
   * samples the model conditioned on canonical tokenization; the text's pieces are exactly the draws. After
   * MAX_DRAWS rejections in a row the document ends.
   */
  generateIds(rng: Uniform, options: GenerateOptions = {}): Int32Array {
    const maxPieces = options.maxPieces ?? 1024;
    const mode = options.mode ?? 'kn';
    const pieces = this.model.vocabulary.pieces;
    const history = this.model.order - 1;
    const sequence = [BOS_ID];
    while (sequence.length - 1 < maxPieces) {
      const context = history === 0 ? [] : sequence.slice(-history);
      const prev = sequence.length > 1 ? pieces[sequence[sequence.length - 1]] : null;
      let next = EOS_ID;
      for (let draw = 0; draw < MAX_DRAWS; draw++) {
        const id = this.model.sampleNext(context, rng, mode);
        if (id === EOS_ID || (id !== UNK_ID && id !== BOS_ID && joinsCleanly(prev, pieces[id]))) {
          next = id;
          break;
        }
      }
      if (next === EOS_ID) break;
      sequence.push(next);
    }
    return Int32Array.from(sequence.slice(1));
  }

  async dispose(): Promise<void> {}
}

/** Whether `next` written after `prev` tokenizes back to exactly these two pieces. */
function joinsCleanly(prev: string | null, next: string): boolean {
  if (prev === null) return true;
  const split = splitPieces(prev + next);
  return split.length === 2 && split[0] === prev;
}
