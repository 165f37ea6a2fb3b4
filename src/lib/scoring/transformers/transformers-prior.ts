import {
  AutoModelForCausalLM,
  AutoTokenizer,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { alignTokens } from '../tokens/byte-spans';
import { tokenDisplay } from '../tokens/token-display';
import { tokenBytes } from '../tokens/token-bytes';
import {
  addedTokenRules,
  tokenizerScheme,
  TokenizerSupportError,
  type AddedTokenRule,
  type TokenizerScheme,
} from '../tokens/tokenizer-scheme';
import { reduceRow } from '../reduce-logits';
import type { DocumentScores } from '../scores';
import { planBatches, type PlannedBatch } from './batch-plan';
import {
  headBytesPerRow,
  type HeadScores,
  type LogitsType,
  type OrtSession,
  type OrtTensor,
} from './score-head';
import type { ScoreHead } from './score-head';
import type { Device, Prior, PriorInfo, ScoreOptions, ScoringProgress } from '../prior';
import { packVocabulary, type PackedVocabulary } from '../tokens/packed-vocabulary';

export type { Device, PriorInfo, ScoreOptions, ScoringProgress } from '../prior';

export interface BatchScoreOptions extends ScoreOptions {
  /** Most documents per forward pass (default 8); the device limits may allow fewer. */
  batchSize?: number;
}

/** Counters since the last reset, for the benchmark: how much work and how many bytes reached JS. */
export interface ScoringStats {
  passes: number;
  /** Rows of logits computed, B·S per pass (padding and re-fed context included). */
  rows: number;
  scoredTokens: number;
  /**
   * Bytes of per-row scoring data moved into JS memory: the whole logits (B·S·V·bytes) when reducing on the
   * CPU, only the score head's outputs (B·S·(16 + 12k)) with the head on the GPU.
   */
  bytesToCpu: number;
  /** Time spent in forward passes and reductions. */
  elapsedMs: number;
  /** Where the last pass reduced its logits. */
  reducedOn: 'gpu-head' | 'cpu-head' | 'cpu';
}

interface ValueMetadata {
  name: string;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}
/** transformers.js's session for the model (onnxruntime-web or -node). */
interface ModelSession extends OrtSession {
  readonly inputMetadata?: readonly ValueMetadata[];
  readonly outputMetadata?: readonly ValueMetadata[];
}
type Cache = Record<string, OrtTensor>;
/** Writes the scores of one row of a pass (predicting `target`) into a document's arrays at token t. */
type RowWriter = (row: number, target: number, into: DocumentScores, t: number) => void;

interface Work {
  ids: Int32Array; // fed ids: BOS (if any) + the text's tokens
  shift: number; // ids[i] is text token i - shift
  scores: DocumentScores;
  /** Tokens scored so far, and the text bytes up to the end of the last one (for progress). */
  scored: number;
  bytes: number;
}

const MEMORY_BUDGET_BYTES = 128 * 1024 * 1024; // logits + KV cache of one batch
const DEFAULT_MAX_CONTEXT = 2048;
const BYTES: Record<string, number> = { float32: 4, float16: 2 };

let queue: Promise<unknown> = Promise.resolve();
/**
 * One queue per JS realm (so per worker): onnxruntime-web refuses overlapping runs ("Session already
 * started"), and a pass (model run + head run on the same logits buffer) must not interleave with another.
 */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task, task);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * Scores text with any transformers.js causal LM, in Node (onnxruntime-node) or a worker (onnxruntime-web).
 * Runs transformers.js's own session directly (not model.forward) so a pass can write its logits into a
 * pre-allocated GPU buffer for the score head, and so batches carry their own padding mask and positions.
 */
export class TransformersPrior implements Prior {
  private head: ScoreHead | null = null;
  /** Largest logits binding the device allows; kept when the head is switched off (the logits stay one buffer). */
  private maxBindingBytes = Infinity;
  private counters: ScoringStats = emptyStats();

  private constructor(
    readonly info: PriorInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** Added tokens (they appear in tokenizer output as their literal text) and how they strip spaces. */
    private readonly added: ReadonlyMap<string, AddedTokenRule>,
    private readonly scheme: TokenizerScheme,
    /** The session transformers.js created; the GPU head must come from the same ORT instance. */
    readonly session: ModelSession,
    readonly logitsType: LogitsType,
    private readonly kvBytesPerToken: number,
  ) {}

  static async load(
    modelId: string,
    options: { device: Device; dtype: string; progress?: (event: unknown) => void },
  ): Promise<TransformersPrior> {
    const common = { progress_callback: options.progress };
    const tokenizer = await AutoTokenizer.from_pretrained(modelId, common);
    // Refuse a tokenizer whose tokens cannot be placed on the text before downloading the weights.
    let scheme: TokenizerScheme;
    try {
      scheme = tokenizerScheme(tokenizer._tokenizerJSON ?? {}, tokenizer._tokenizerConfig ?? {});
    } catch (error) {
      if (!(error instanceof TokenizerSupportError)) throw error;
      throw new TokenizerSupportError(
        `${modelId}: tokenizer.json: ${error.message}. Semisynth needs a tokenizer whose tokens map back ` +
          "to the text's bytes: byte-level BPE or SentencePiece-style (README: Which tokenizers work).",
      );
    }
    const model = await AutoModelForCausalLM.from_pretrained(modelId, {
      ...common,
      device: options.device,
      dtype: options.dtype as never,
    });
    const config = model.config as unknown as Record<string, unknown>;
    const session = (model.sessions as Record<string, ModelSession>).model;
    const added = addedTokenRules(tokenizer._tokenizerJSON ?? {});
    const bos = tokenizer.bos_token_id;
    const logitsMeta = session.outputMetadata?.find((m) => m.name === 'logits');
    const vocabFromGraph = logitsMeta?.shape?.[2];
    const info: PriorInfo = {
      kind: 'transformers',
      modelId,
      dtype: options.dtype,
      device: options.device,
      modelType: String(config.model_type ?? 'unknown'),
      vocabSize:
        typeof vocabFromGraph === 'number'
          ? vocabFromGraph
          : Number(config.vocab_size ?? tokenizer.get_vocab().size),
      bosTokenId: typeof bos === 'number' && bos >= 0 ? bos : null,
      maxContext: Number(
        config.max_position_embeddings ?? config.n_positions ?? config.n_ctx ?? DEFAULT_MAX_CONTEXT,
      ),
      kvCache: session.inputNames.some((n) => n.startsWith('past_key_values.')),
      // The unknown token stands for text it does not spell: never a replacement.
      specialIds: [...new Set([...tokenizer.all_special_ids, ...unkIds(tokenizer, scheme)])],
    };
    const logitsType: LogitsType = logitsMeta?.type === 'float16' ? 'float16' : 'float32';
    return new TransformersPrior(
      info,
      tokenizer,
      model,
      added,
      scheme,
      session,
      logitsType,
      kvBytes(session),
    );
  }

  /**
   * Reduce logits with this head from now on (null: reduce on the CPU with reduceRow). The prior does not own
   * the head; the caller disposes it.
   */
  useScoreHead(head: ScoreHead | null): void {
    this.head = head;
    if (head?.device === 'webgpu') this.maxBindingBytes = head.maxBindingBytes;
  }

  stats(): ScoringStats {
    return { ...this.counters };
  }

  resetStats(): void {
    this.counters = emptyStats();
  }

  /** Display labels for every vocabulary id (decoded bytes; partial characters as bytes). */
  vocabularyLabels(): string[] {
    const labels: string[] = new Array(this.info.vocabSize).fill('');
    for (const [id, bytes] of this.entryBytes()) if (id < labels.length) labels[id] = tokenDisplay(bytes);
    return labels;
  }

  /**
   * The tokenizer's chat template as a function of the messages (no generation prompt: the response is part
   * of the text), or null when it has none. A template that opens with the BOS token loses it here, since
   * scoring prepends that token itself and would otherwise see it twice.
   */
  chatRender(): ((messages: { role: string; content: string }[]) => string) | null {
    if (!this.tokenizer.chat_template) return null;
    const bos = this.info.bosTokenId === null ? null : this.tokenizer.bos_token;
    return (messages) => {
      const text = this.tokenizer.apply_chat_template(messages, {
        tokenize: false,
        add_generation_prompt: false,
      }) as string;
      return bos && text.startsWith(bos) ? text.slice(bos.length) : text;
    };
  }

  /** Each id's exact bytes (what the editor splices): byte-fallback pieces are one byte, '▁' a space. */
  vocabularyBytes(): PackedVocabulary {
    return packVocabulary(this.info.vocabSize, this.entryBytes(), this.info.specialIds);
  }

  private entryBytes(): [number, Uint8Array][] {
    const encoder = new TextEncoder();
    return Array.from(this.tokenizer.get_vocab(), ([token, id]) => [
      id,
      tokenBytes(this.scheme, token, this.added.has(token)) ?? encoder.encode(token),
    ]);
  }

  /** The text's tokens with their byte spans; throws TokenAlignmentError if the spans cannot be exact. */
  tokenize(text: string): { ids: Int32Array; start: Uint32Array; end: Uint32Array } {
    // One encoding gives both: the token strings (for the spans) and the ids as the tokenizer maps them
    // (convert_tokens_to_ids misses added tokens matched by their normalized content, e.g. "▁<s>").
    const { tokens, ids: encoded } = this.tokenizer._tokenizer.encode(text, { add_special_tokens: false });
    const ids = Int32Array.from(encoded);
    const spans = alignTokens(new TextEncoder().encode(text), tokens, {
      scheme: this.scheme,
      added: this.added,
      knownPiece: (piece) => this.tokenizer._tokenizer.token_to_id(piece) !== undefined,
    });
    return { ids, ...spans };
  }

  async score(text: string, options: ScoreOptions = {}): Promise<DocumentScores> {
    return (await this.scoreBatch([text], options))[0];
  }

  /** Scores several documents, batching them per forward pass; results in input order. */
  async scoreBatch(texts: readonly string[], options: BatchScoreOptions = {}): Promise<DocumentScores[]> {
    const k = options.k ?? 8;
    const work: Work[] = [];
    for (const text of texts) {
      work.push(this.prepare(text, k));
      await options.checkpoint?.(progressOf(work));
    }
    const batches = planBatches(
      work.map((w) => w.ids.length),
      {
        vocabSize: this.info.vocabSize,
        bytesPerLogit: BYTES[this.logitsType],
        maxBindingBytes: this.maxBindingBytes,
        memoryBudgetBytes: MEMORY_BUDGET_BYTES,
        kvBytesPerToken: this.kvBytesPerToken,
        maxContext: this.info.maxContext,
        kvCache: this.info.kvCache,
        maxBatch: options.batchSize,
        chunkSize: options.chunkSize,
      },
    );
    for (const batch of batches) await this.scoreOneBatch(batch, work, k, options.checkpoint);
    return work.map((w) => w.scores);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  private prepare(text: string, k: number): Work {
    const { ids: textIds, start, end } = this.tokenize(text);
    const bos = this.info.bosTokenId;
    const n = textIds.length;
    return {
      ids: bos === null ? textIds : Int32Array.from([bos, ...textIds]),
      shift: bos === null ? 0 : 1,
      scores: {
        tokenIds: textIds,
        byteStart: start,
        byteEnd: end,
        logprob: new Float32Array(n).fill(NaN),
        rank: new Int32Array(n),
        entropy: new Float32Array(n).fill(NaN),
        k,
        topIds: new Int32Array(n * k).fill(-1),
        topLogprobs: new Float32Array(n * k).fill(NaN),
        bosPrepended: bos !== null,
      },
      scored: 0,
      bytes: 0,
    };
  }

  private async scoreOneBatch(
    batch: PlannedBatch,
    work: Work[],
    k: number,
    checkpoint: ScoreOptions['checkpoint'],
  ): Promise<void> {
    const members = batch.docs.map((i) => work[i]);
    let cache: Cache | null = null;
    let cacheStart = 0; // ids position of cache index 0
    try {
      for (const step of batch.steps) {
        if (step.restart) {
          disposeCache(cache);
          cache = null;
          cacheStart = step.feedStart;
        }
        const rows = step.feedEnd - step.feedStart;
        const targets = new BigInt64Array(members.length * rows);
        members.forEach((m, b) => {
          for (let r = 0; r < rows; r++) {
            const target = step.feedStart + r + 1;
            if (target < m.ids.length) targets[b * rows + r] = BigInt(m.ids[target]);
          }
        });
        const feeds = this.feeds(members, step.feedStart, rows, step.feedStart - cacheStart, cache);
        const { present, write } = await serial(() => this.pass(feeds, targets, members.length, rows, k));
        disposeCache(cache);
        cache = present;
        members.forEach((m, b) => {
          for (let r = step.scoreFromRow; r < rows; r++) {
            const target = step.feedStart + r + 1;
            if (target >= m.ids.length) break; // right padding
            write(b * rows + r, m.ids[target], m.scores, target - m.shift);
            this.counters.scoredTokens++;
            m.scored++;
            m.bytes = m.scores.byteEnd[target - m.shift];
          }
        });
        await checkpoint?.(progressOf(work));
      }
    } finally {
      disposeCache(cache);
    }
  }

  /** The model's inputs for rows [from, from + rows) of every member, right-padded, after `past` cached ids. */
  private feeds(members: Work[], from: number, rows: number, past: number, cache: Cache | null) {
    const batch = members.length;
    const total = past + rows;
    const ids = new BigInt64Array(batch * rows);
    const mask = new BigInt64Array(batch * total);
    const positions = new BigInt64Array(batch * rows).fill(1n); // transformers.js puts pads at 1
    // Gemma-family models count positions from 1 (as transformers.js's create_position_ids does).
    const first = ['paligemma', 'gemma3_text', 'gemma3'].includes(this.info.modelType) ? 1 : 0;
    members.forEach((m, b) => {
      const end = m.ids.length - 1; // the last id predicts nothing and is never fed
      const cacheStart = from - past;
      for (let j = 0; j < total; j++) mask[b * total + j] = cacheStart + j < end ? 1n : 0n;
      for (let r = 0; r < rows && from + r < end; r++) {
        ids[b * rows + r] = BigInt(m.ids[from + r]);
        positions[b * rows + r] = BigInt(first + past + r);
      }
    });
    const names = this.session.inputNames;
    const feeds: Record<string, unknown> = {
      input_ids: ortTensor('int64', ids, [batch, rows]),
      attention_mask: ortTensor('int64', mask, [batch, total]),
    };
    if (names.includes('position_ids')) feeds.position_ids = ortTensor('int64', positions, [batch, rows]);
    if (names.includes('num_logits_to_keep'))
      feeds.num_logits_to_keep = ortTensor('int64', new BigInt64Array(1), []); // 0 = every position
    if (names.includes('use_cache_branch'))
      feeds.use_cache_branch = ortTensor('bool', Uint8Array.of(cache ? 1 : 0), [1]);
    for (const meta of this.session.inputMetadata ?? []) {
      if (!meta.name.startsWith('past_key_values.')) continue;
      feeds[meta.name] = cache?.[meta.name] ?? emptyPast(meta, batch);
    }
    return feeds;
  }

  /** One forward pass and its reduction; runs inside the queue. */
  private async pass(
    feeds: Record<string, unknown>,
    targets: BigInt64Array,
    batch: number,
    rows: number,
    k: number,
  ): Promise<{ present: Cache; write: RowWriter }> {
    const started = performance.now();
    const vocab = this.info.vocabSize;
    const head = this.head;
    let out: Record<string, OrtTensor>;
    let write: RowWriter;
    if (head?.device === 'webgpu') {
      // The logits stay in our GPU buffer; other outputs (present.*) go where the session prefers (GPU).
      const logits = head.logitsOutput([batch, rows, vocab]);
      const fetches = Object.fromEntries(
        this.session.outputNames.map((n) => [n, n === 'logits' ? logits : null]),
      );
      out = await this.session.run(feeds, fetches);
      // ORT drops a fetch that is not its own Tensor class; the buffer would then hold stale logits.
      if (!out.logits) throw new Error('the model did not write its logits into the score head buffer');
      const scores = await head.reduce(logits, targets, k);
      this.counters.bytesToCpu += batch * rows * headBytesPerRow(scores.k);
      write = headWriter(scores);
    } else {
      out = await this.session.run(feeds);
      const logits = out.logits;
      this.counters.bytesToCpu += batch * rows * vocab * BYTES[logits.type];
      if (head) write = headWriter(await head.reduce(logits, targets, k));
      else write = cpuWriter(asFloat32(logits), vocab);
    }
    this.counters.passes++;
    this.counters.rows += batch * rows;
    this.counters.elapsedMs += performance.now() - started;
    this.counters.reducedOn = head?.device === 'webgpu' ? 'gpu-head' : head ? 'cpu-head' : 'cpu';
    const present: Cache = {};
    for (const name in out) {
      if (name.startsWith('present.')) present[name.replace('present.', 'past_key_values.')] = out[name];
    }
    return { present, write };
  }
}

/** The model's unknown token: it stands for text it does not spell, so it is never a replacement. */
function unkIds(tokenizer: PreTrainedTokenizer, scheme: TokenizerScheme): number[] {
  if (scheme.unkToken === null) return [];
  const id = tokenizer.get_vocab().get(scheme.unkToken);
  return id === undefined ? [] : [id];
}

function progressOf(work: readonly Work[]): ScoringProgress {
  let tokens = 0;
  let bytes = 0;
  for (const w of work) {
    tokens += w.scored;
    bytes += w.bytes;
  }
  return { tokens, bytes };
}

function emptyStats(): ScoringStats {
  return { passes: 0, rows: 0, scoredTokens: 0, bytesToCpu: 0, elapsedMs: 0, reducedOn: 'cpu' };
}

/** An ORT tensor built with transformers.js's Tensor, which both onnxruntime-web and -node accept as a feed. */
function ortTensor(type: 'int64' | 'bool', data: BigInt64Array | Uint8Array, dims: number[]): OrtTensor {
  return new Tensor(type, data, dims).ort_tensor as unknown as OrtTensor;
}

/** A zero-length cache entry: 'batch_size' → the batch, every other symbolic dim (the past length) → 0. */
function emptyPast(meta: ValueMetadata, batch: number): OrtTensor {
  const dims = (meta.shape ?? []).map((d) => (typeof d === 'number' ? d : d === 'batch_size' ? batch : 0));
  const type = meta.type ?? 'float32';
  const data = type === 'float16' ? new Uint16Array(0) : new Float32Array(0);
  return new Tensor(type as 'float32', data as Float32Array, dims).ort_tensor as unknown as OrtTensor;
}

/** KV bytes per position per sequence from the declared cache shapes (numeric dims only). */
function kvBytes(session: ModelSession): number {
  let total = 0;
  for (const meta of session.inputMetadata ?? []) {
    if (!meta.name.startsWith('past_key_values.')) continue;
    const size = (meta.shape ?? []).reduce<number>((a, d) => (typeof d === 'number' ? a * d : a), 1);
    total += size * (BYTES[meta.type ?? 'float32'] ?? 4);
  }
  return total;
}

function asFloat32(logits: OrtTensor): Float32Array {
  if (logits.type === 'float32') return logits.data as Float32Array;
  // float16: Uint16Array in Node, Float16Array in Chromium; transformers.js converts both.
  return new Tensor('float16', logits.data as Uint16Array, [...logits.dims]).to('float32')
    .data as Float32Array;
}

function cpuWriter(data: Float32Array, vocab: number): RowWriter {
  return (row, target, s, t) => {
    const r = reduceRow(data, row * vocab, vocab, target, s.k, s.topIds, s.topLogprobs, t * s.k);
    s.logprob[t] = r.logprob;
    s.rank[t] = r.rank;
    s.entropy[t] = r.entropy;
  };
}

function headWriter(h: HeadScores): RowWriter {
  return (row, _target, s, t) => {
    s.logprob[t] = h.logprob[row];
    s.rank[t] = Number(h.rank[row]);
    s.entropy[t] = h.entropy[row];
    for (let j = 0; j < s.k; j++) {
      const kept = j < h.k; // k > V: the rest stays empty, as reduceRow leaves it
      s.topIds[t * s.k + j] = kept ? Number(h.topIds[row * h.k + j]) : -1;
      s.topLogprobs[t * s.k + j] = kept ? h.topLogprobs[row * h.k + j] : -Infinity;
    }
  };
}

/** KV tensors on WebGPU live in GPU buffers that are freed only by dispose(). */
function disposeCache(cache: Cache | null): void {
  if (!cache) return;
  for (const t of Object.values(cache)) if (t.location === 'gpu-buffer') t.dispose();
}
