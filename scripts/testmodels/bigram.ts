/**
 * A causal LM whose next-token distribution is known exactly: a smoothed bigram table behind a Gather.
 *
 * Definition. Tokenize every corpus document with the BPE tokenizer (no special tokens) and wrap it as
 * `<s> t_1 … t_n </s>`. With c(a, b) the number of times token b directly follows token a over all
 * documents, N(a) = Σ_b c(a, b), V = 320 and α = 1/1024:
 *
 *     p(b | a) = (c(a, b) + α) / (N(a) + α·V)
 *
 * Every token, special ones included, is smoothed the same way; rows never seen as a context (`</s>`,
 * `<pad>`, unused merges) are therefore uniform, 1/V. The graph stores logTable[a][b] = log p(b | a) in
 * float32 and computes logits[b, s, :] = logTable[input_ids[b, s], :], so log_softmax(logits) = log p up to
 * float32 rounding (~1e-7). `attention_mask` is declared (transformers.js always passes it) but unused, and
 * the graph has no KV-cache inputs: each position only looks at its own token.
 */
import { GraphBuilder, attr } from '../../src/lib/scoring/onnx/graph';
import { BOS_ID, EOS_ID, PAD_ID } from './bpe';

export const BIGRAM_ALPHA = 1 / 1024;

/** Bigram counts [V*V], row = previous token, over documents `<s> ids </s>`. */
export function bigramCounts(documents: readonly number[][], vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize * vocabSize);
  for (const ids of documents) {
    const seq = [BOS_ID, ...ids, EOS_ID];
    for (let i = 0; i + 1 < seq.length; i++) counts[seq[i] * vocabSize + seq[i + 1]] += 1;
  }
  return counts;
}

/** log p(b | a) as float32 [V*V], from the counts by the formula at the top of this file (in float64). */
export function bigramLogTable(counts: Float64Array, vocabSize: number, alpha = BIGRAM_ALPHA): Float32Array {
  const table = new Float32Array(vocabSize * vocabSize);
  for (let a = 0; a < vocabSize; a++) {
    let rowTotal = 0;
    for (let b = 0; b < vocabSize; b++) rowTotal += counts[a * vocabSize + b];
    const denominator = rowTotal + alpha * vocabSize;
    for (let b = 0; b < vocabSize; b++)
      table[a * vocabSize + b] = Math.log((counts[a * vocabSize + b] + alpha) / denominator);
  }
  return table;
}

/** The ONNX graph: logits = Gather(logTable, input_ids). */
export function bigramOnnx(logTable: Float32Array, vocabSize: number): Uint8Array {
  const g = new GraphBuilder('semisynth-bigram');
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const table = g.initializer('log_table', logTable, [vocabSize, vocabSize]);
  const logits = g.op('Gather', [table, inputIds], { axis: attr.int(0) });
  g.output(logits, 'float32', ['batch_size', 'sequence_length', vocabSize], 'logits');
  return g.toBytes();
}

/**
 * config.json. model_type "llama" so AutoModelForCausalLM picks the plain decoder path; the attention sizes
 * are nominal (the graph has no layers, and with no past_key_values inputs declared transformers.js feeds
 * no cache). `semisynth` records the table's definition for readers of the file (the primer passes its own).
 */
export function bigramConfig(
  vocabSize: number,
  semisynth: object = {
    kind: 'bigram',
    definition:
      'p(b|a) = (c(a,b) + alpha) / (N(a) + alpha*V) over corpus documents "<s> tokens </s>"; ' +
      'logits[s] = log p(.|input_ids[s]) (float32); all tokens, specials included, smoothed alike',
    alpha: BIGRAM_ALPHA,
  },
): object {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: vocabSize,
    hidden_size: vocabSize,
    intermediate_size: vocabSize,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    num_key_value_heads: 1,
    head_dim: vocabSize,
    max_position_embeddings: 4096,
    tie_word_embeddings: false,
    use_cache: false,
    bos_token_id: BOS_ID,
    eos_token_id: EOS_ID,
    pad_token_id: PAD_ID,
    torch_dtype: 'float32',
    semisynth,
  };
}
