import {
  AutoModelForCausalLM,
  AutoTokenizer,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { alignTokens } from '../tokens/byte-spans';
import { tokenDisplay } from '../tokens/token-display';
import { reduceRow } from '../scoring/reduce';
import type { DocumentScores } from '../scoring/types';
import { planChunks } from './chunk-plan';
import type { Device, Prior, PriorInfo, ScoreOptions } from './prior';

export type { Device, PriorInfo, ScoreOptions } from './prior';

type ModelOutputs = Record<string, Tensor>;
type Cache = Record<string, Tensor>;

const LOGITS_BUDGET_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_CONTEXT = 2048;

/** Scores text with any transformers.js causal LM, in Node (onnxruntime-node) or a worker (onnxruntime-web). */
export class TransformersPrior implements Prior {
  private constructor(
    readonly info: PriorInfo,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly literal: ReadonlySet<string>,
  ) {}

  static async load(
    modelId: string,
    options: { device: Device; dtype: string; progress?: (event: unknown) => void },
  ): Promise<TransformersPrior> {
    const common = { progress_callback: options.progress };
    const tokenizer = await AutoTokenizer.from_pretrained(modelId, common);
    const model = await AutoModelForCausalLM.from_pretrained(modelId, {
      ...common,
      device: options.device,
      dtype: options.dtype as never,
    });
    const config = model.config as unknown as Record<string, unknown>;
    const session = (model.sessions as Record<string, { inputNames: string[] }>).model;
    const literal = new Set<string>(
      ((tokenizer._tokenizerJSON?.added_tokens ?? []) as { content: string }[]).map((t) => t.content),
    );
    const bos = tokenizer.bos_token_id;
    const info: PriorInfo = {
      kind: 'transformers',
      modelId,
      dtype: options.dtype,
      device: options.device,
      modelType: String(config.model_type ?? 'unknown'),
      vocabSize: Number(config.vocab_size ?? tokenizer.get_vocab().size),
      bosTokenId: typeof bos === 'number' && bos >= 0 ? bos : null,
      maxContext: Number(
        config.max_position_embeddings ?? config.n_positions ?? config.n_ctx ?? DEFAULT_MAX_CONTEXT,
      ),
      kvCache: session.inputNames.some((n) => n.startsWith('past_key_values.')),
      specialIds: [...tokenizer.all_special_ids],
    };
    return new TransformersPrior(info, tokenizer, model, literal);
  }

  /** Display labels for every vocabulary id (byte-level tokens decoded, partial characters as bytes). */
  vocabularyLabels(): string[] {
    const labels: string[] = new Array(this.info.vocabSize).fill('');
    for (const [token, id] of this.tokenizer.get_vocab()) {
      if (id < labels.length) labels[id] = tokenDisplay(token, this.literal.has(token));
    }
    return labels;
  }

  /** The text's tokens with their byte spans; throws TokenAlignmentError if the spans cannot be exact. */
  tokenize(text: string): { ids: Int32Array; start: Uint32Array; end: Uint32Array } {
    const tokens = this.tokenizer.tokenize(text);
    const ids = Int32Array.from(this.tokenizer.convert_tokens_to_ids(tokens));
    const spans = alignTokens(new TextEncoder().encode(text), tokens, (t) => this.literal.has(t));
    return { ids, ...spans };
  }

  async score(text: string, options: ScoreOptions = {}): Promise<DocumentScores> {
    const k = options.k ?? 8;
    const { ids: textIds, start, end } = this.tokenize(text);
    const bos = this.info.bosTokenId;
    const ids = bos === null ? textIds : Int32Array.from([bos, ...textIds]);
    const shift = bos === null ? 0 : 1; // ids[i] is text token i - shift
    const n = textIds.length;
    const scores: DocumentScores = {
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
    };
    const steps = planChunks(ids.length, {
      chunkSize:
        options.chunkSize ?? Math.max(1, Math.floor(LOGITS_BUDGET_BYTES / (4 * this.info.vocabSize))),
      maxContext: this.info.maxContext,
      kvCache: this.info.kvCache,
    });
    let cache: Cache | null = null;
    let cached = 0;
    try {
      for (const step of steps) {
        if (step.restart) {
          await disposeCache(cache);
          cache = null;
          cached = 0;
        }
        const length = step.feedEnd - step.feedStart;
        const out = await this.forward(ids.subarray(step.feedStart, step.feedEnd), cached, cache);
        await disposeCache(cache);
        cache = this.info.kvCache ? presentAsPast(out) : null;
        cached += length;
        const logits = out.logits.type === 'float32' ? out.logits : out.logits.to('float32');
        const data = logits.data as Float32Array;
        const vocab = logits.dims[2];
        for (let row = step.scoreFromRow; row < length; row++) {
          const target = step.feedStart + row + 1; // position in ids
          const t = target - shift; // position in the text's tokens
          const r = reduceRow(
            data,
            row * vocab,
            vocab,
            ids[target],
            k,
            scores.topIds,
            scores.topLogprobs,
            t * k,
          );
          scores.logprob[t] = r.logprob;
          scores.rank[t] = r.rank;
          scores.entropy[t] = r.entropy;
        }
      }
    } finally {
      await disposeCache(cache);
    }
    return scores;
  }

  private async forward(ids: Int32Array, past: number, cache: Cache | null): Promise<ModelOutputs> {
    const s = ids.length;
    const inputIds = new Tensor(
      'int64',
      BigInt64Array.from(ids, (v) => BigInt(v)),
      [1, s],
    );
    const mask = new Tensor('int64', new BigInt64Array(past + s).fill(1n), [1, past + s]);
    const inputs: Record<string, unknown> = { input_ids: inputIds, attention_mask: mask };
    if (cache) inputs.past_key_values = { ...cache };
    return (await this.model.forward(inputs)) as ModelOutputs;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

function presentAsPast(out: ModelOutputs): Cache {
  const cache: Cache = {};
  for (const name in out) {
    if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = out[name];
  }
  return cache;
}

/** KV tensors on WebGPU live in GPU buffers that are freed only by dispose(). */
async function disposeCache(cache: Cache | null): Promise<void> {
  if (!cache) return;
  await Promise.all(Object.values(cache).map((t) => (t.location === 'gpu-buffer' ? t.dispose() : undefined)));
}
