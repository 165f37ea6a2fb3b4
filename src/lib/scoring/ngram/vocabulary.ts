/**
 * The n-gram prior's vocabulary: piece strings ↔ dense ids, built from the reference corpus.
 *
 * Ids 0–2 are special: `<s>` (document start, only ever context), `</s>` (document end), `<unk>` (any piece
 * outside the vocabulary). The rest are the corpus's pieces ordered by count (descending), then by string
 * (code-unit order, not locale: the same corpus gives the same ids everywhere). The pieces tokenizer never
 * produces the special strings as single pieces ("<s>" splits into "<", "s", ">"), so they cannot collide.
 */

export const BOS_ID = 0;
export const EOS_ID = 1;
export const UNK_ID = 2;
export const SPECIAL_PIECES: readonly string[] = ['<s>', '</s>', '<unk>'];

export interface VocabularyOptions {
  /** Pieces seen fewer times map to `<unk>` (default 1: every seen piece is kept). */
  minCount?: number;
  /** Total ids including the three specials (default 50,000); the rarest pieces beyond it map to `<unk>`. */
  maxVocab?: number;
}

/** Serialisable form: the pieces in id order (specials first). Structured-clone friendly. */
export interface VocabularyData {
  pieces: string[];
}

export class Vocabulary {
  private readonly ids: Map<string, number>;

  private constructor(readonly pieces: readonly string[]) {
    this.ids = new Map();
    for (let id = SPECIAL_PIECES.length; id < pieces.length; id++) this.ids.set(pieces[id], id);
  }

  /** Builds the vocabulary from piece counts (as from countPieces). */
  static fromCounts(counts: ReadonlyMap<string, number>, options: VocabularyOptions = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    const maxVocab = options.maxVocab ?? 50_000;
    if (!(maxVocab >= SPECIAL_PIECES.length)) throw new RangeError(`maxVocab ${maxVocab} is below 3`);
    const kept = [...counts].filter(([, c]) => c >= minCount);
    kept.sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
    const pieces = [...SPECIAL_PIECES, ...kept.slice(0, maxVocab - SPECIAL_PIECES.length).map(([p]) => p)];
    return new Vocabulary(pieces);
  }

  static fromData(data: VocabularyData): Vocabulary {
    SPECIAL_PIECES.forEach((s, id) => {
      if (data.pieces[id] !== s) throw new Error(`vocabulary: id ${id} must be ${s}`);
    });
    const vocabulary = new Vocabulary([...data.pieces]);
    if (vocabulary.ids.size !== data.pieces.length - SPECIAL_PIECES.length) {
      throw new Error('vocabulary: duplicate pieces');
    }
    return vocabulary;
  }

  get size(): number {
    return this.pieces.length;
  }

  /** The piece's id, or UNK_ID when it is not in the vocabulary. */
  id(piece: string): number {
    return this.ids.get(piece) ?? UNK_ID;
  }

  has(piece: string): boolean {
    return this.ids.has(piece);
  }

  toData(): VocabularyData {
    return { pieces: [...this.pieces] };
  }
}

/** Adds one piece sequence's occurrences to `counts` (streaming: call once per document). */
export function addPieceCounts(counts: Map<string, number>, pieces: readonly string[]): void {
  for (const p of pieces) counts.set(p, (counts.get(p) ?? 0) + 1);
}
