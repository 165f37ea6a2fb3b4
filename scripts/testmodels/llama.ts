/**
 * A tiny random-weight Llama-architecture causal LM as an ONNX graph in the layout optimum exports and
 * transformers.js expects: inputs input_ids, attention_mask, position_ids, past_key_values.{i}.key|value;
 * outputs logits and present.{i}.key|value. Primitive default-domain ops only (opset 17), fp32.
 *
 * Architecture (as in HF LlamaForCausalLM): token embedding → per layer [RMSNorm → GQA self-attention with
 * RoPE (rotate_half form; cos/sin tables indexed by position_ids) → residual → RMSNorm → SiLU-gated MLP →
 * residual] → RMSNorm → untied lm_head. Attention mask = causal (by cache index) AND attention_mask, as an additive bias
 * of -1e9 (finite, so fully padded query rows stay NaN-free).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { GraphBuilder, attr } from '../../src/lib/scoring/onnx/graph';
import { DataType } from '../../src/lib/scoring/onnx/proto';
import { BOS_ID, EOS_ID, PAD_ID } from './bpe';

/** Dimensions and seed of a generated Llama (the tiny test model, or a larger one for the benchmark). */
export interface LlamaShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number; // grouped-query attention: each K/V head serves heads / kvHeads query heads
  headDim: number;
  intermediate: number;
  maxPositions: number;
  ropeTheta: number;
  rmsEps: number;
  seed: number;
}

export const TINY_LLAMA: Readonly<LlamaShape> = {
  vocabSize: 320,
  hidden: 32,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  headDim: 8,
  intermediate: 64,
  maxPositions: 512,
  ropeTheta: 10000,
  rmsEps: 1e-5,
  seed: 20251121,
};

/** Weight matrices are stored as [in, out] (ONNX MatMul layout, x @ W), i.e. transposed HF Linear weights. */
export interface LlamaLayerWeights {
  inputNorm: Float32Array; // [H]
  q: Float32Array; // [H, heads*D]
  k: Float32Array; // [H, kvHeads*D]
  v: Float32Array; // [H, kvHeads*D]
  o: Float32Array; // [heads*D, H]
  postNorm: Float32Array; // [H]
  gate: Float32Array; // [H, I]
  up: Float32Array; // [H, I]
  down: Float32Array; // [I, H]
}
export interface LlamaWeights {
  embed: Float32Array; // [V, H]
  layers: LlamaLayerWeights[];
  finalNorm: Float32Array; // [H]
  lmHead: Float32Array; // [H, V]
}

/**
 * Deterministic weights from a seeded xoroshiro128+. Uniform noise (no transcendental functions, so the
 * values are bit-identical on every JS engine) with standard deviations chosen so that attention is not
 * uniform and next-token distributions are clearly non-flat (logit std ≈ 2.8).
 */
export function tinyLlamaWeights(c: LlamaShape = TINY_LLAMA): LlamaWeights {
  const rng = xoroshiro128plus(c.seed);
  const uniform = (n: number, std: number, mean = 0) =>
    Float32Array.from({ length: n }, () => mean + (2 * uniformFloat64(rng) - 1) * Math.sqrt(3) * std);
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, vocabSize: V } = c;
  const embed = uniform(V * H, 1);
  const layers = Array.from({ length: c.layers }, () => ({
    inputNorm: uniform(H, 0.1, 1),
    q: uniform(H * heads * D, 1.5 / Math.sqrt(H)),
    k: uniform(H * kvHeads * D, 1.5 / Math.sqrt(H)),
    v: uniform(H * kvHeads * D, 1 / Math.sqrt(H)),
    o: uniform(heads * D * H, 1 / Math.sqrt(heads * D)),
    postNorm: uniform(H, 0.1, 1),
    gate: uniform(H * I, 1 / Math.sqrt(H)),
    up: uniform(H * I, 1 / Math.sqrt(H)),
    down: uniform(I * H, 1 / Math.sqrt(I)),
  }));
  return { embed, layers, finalNorm: uniform(H, 0.1, 1), lmHead: uniform(H * V, 0.5) };
}

/** The ONNX graph for `w`. */
export function tinyLlamaOnnx(w: LlamaWeights, c: LlamaShape = TINY_LLAMA): Uint8Array {
  const { hidden: H, heads, kvHeads, headDim: D, intermediate: I, vocabSize: V } = c;
  const g = new GraphBuilder('semisynth-tiny-llama');
  // Symbolic dim names matter: transformers.js builds the empty initial cache from the declared input
  // shapes, resolving 'batch_size' to the batch and every other symbolic dim to 0.
  const [B, S, P, T] = ['batch_size', 'sequence_length', 'past_sequence_length', 'total_sequence_length'];
  const inputIds = g.input('input_ids', 'int64', [B, S]);
  const mask = g.input('attention_mask', 'int64', [B, T]);
  const positions = g.input('position_ids', 'int64', [B, S]);
  const past = Array.from({ length: c.layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, 'float32', [B, kvHeads, P, D]),
    value: g.input(`past_key_values.${i}.value`, 'float32', [B, kvHeads, P, D]),
  }));

  const scalarI64 = (x: number) => g.constI64([x], []);
  const axes = (...a: number[]) => g.constI64(a);

  // RoPE cos/sin [B, 1, S, D], looked up by position_ids in tables computed here in float64 (angle
  // p * theta^(-2i/D), duplicated over both halves as in HF's cat((freqs, freqs))). Tables rather than
  // Sin/Cos ops: WebGPU's sin/cos (SwiftShader at least) are only ~1e-4 accurate, enough to move log-probs
  // by ~1e-3. Positions must be < max_position_embeddings, as for a real model.
  const ropeTable = (fn: (angle: number) => number) =>
    Float32Array.from({ length: c.maxPositions * D }, (_, j) => {
      const [p, i] = [Math.floor(j / D), j % (D / 2)];
      return fn(p / Math.pow(c.ropeTheta, (2 * i) / D));
    });
  const lookup = (name: string, table: Float32Array) =>
    g.op('Unsqueeze', [
      g.op('Gather', [g.initializer(name, table, [c.maxPositions, D]), positions], { axis: attr.int(0) }),
      axes(1),
    ]);
  const cos = lookup('rope.cos', ropeTable(Math.cos));
  const sin = lookup('rope.sin', ropeTable(Math.sin));
  const halves = g.constI64([D / 2, D / 2]);
  const rope = (x: string) => {
    const [x1, x2] = g.node('Split', [x, halves], 2, { axis: attr.int(-1) });
    const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: attr.int(-1) });
    return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
  };

  // Additive attention bias [B, 1, S, T]: query i sits at cache index T - S + i and may see keys j <= that
  // index whose attention_mask is 1.
  const dimOf = (x: string, axis: number) =>
    g.op('Gather', [g.op('Shape', [x]), scalarI64(axis)], { axis: attr.int(0) });
  const seqLen = dimOf(inputIds, 1);
  const totalLen = dimOf(mask, 1);
  const keyIndex = g.op('Range', [scalarI64(0), totalLen, scalarI64(1)]);
  const queryIndex = g.op('Range', [g.op('Sub', [totalLen, seqLen]), totalLen, scalarI64(1)]);
  const causal = g.op('LessOrEqual', [
    g.op('Unsqueeze', [keyIndex, axes(0)]),
    g.op('Unsqueeze', [queryIndex, axes(1)]),
  ]);
  const notPadded = g.op('Unsqueeze', [g.op('Cast', [mask], { to: attr.int(DataType.BOOL) }), axes(1, 2)]);
  const bias = g.op('Where', [g.op('And', [causal, notPadded]), g.constF32([0], []), g.constF32([-1e9], [])]);

  const rmsNorm = (x: string, weight: string) => {
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], {
      axes: attr.ints([-1]),
      keepdims: attr.int(1),
    });
    const inv = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSquare, g.constF32([c.rmsEps], [])])])]);
    return g.op('Mul', [g.op('Mul', [x, inv]), weight]);
  };
  // [B, S, n*D] → [B, n, S, D]
  const splitHeads = (x: string, n: number) =>
    g.op('Transpose', [g.op('Reshape', [x, g.constI64([0, 0, n, D])])], { perm: attr.ints([0, 2, 1, 3]) });
  // [B, kvHeads, T, D] → [B, heads, T, D], query head h reading K/V head floor(h / rep) (HF repeat_kv).
  const rep = heads / kvHeads;
  const repeatKv = (x: string) =>
    rep === 1
      ? x
      : g.op('Reshape', [
          g.op('Expand', [g.op('Unsqueeze', [x, axes(2)]), g.constI64([1, 1, rep, 1, 1])]),
          g.constI64([0, heads, -1, D]),
        ]);
  const weight = (name: string, data: Float32Array, dims: number[]) => g.initializer(name, data, dims);

  let x = g.op('Gather', [weight('model.embed_tokens.weight', w.embed, [V, H]), inputIds], {
    axis: attr.int(0),
  });
  const scale = g.constF32([1 / Math.sqrt(D)], []);
  w.layers.forEach((lw, i) => {
    const p = `model.layers.${i}`;
    const h = rmsNorm(x, weight(`${p}.input_layernorm.weight`, lw.inputNorm, [H]));
    const q = rope(
      splitHeads(g.op('MatMul', [h, weight(`${p}.self_attn.q_proj`, lw.q, [H, heads * D])]), heads),
    );
    const k = rope(
      splitHeads(g.op('MatMul', [h, weight(`${p}.self_attn.k_proj`, lw.k, [H, kvHeads * D])]), kvHeads),
    );
    const v = splitHeads(
      g.op('MatMul', [h, weight(`${p}.self_attn.v_proj`, lw.v, [H, kvHeads * D])]),
      kvHeads,
    );
    const keys = g.op('Concat', [past[i].key, k], { axis: attr.int(2) });
    const values = g.op('Concat', [past[i].value, v], { axis: attr.int(2) });
    g.output(keys, 'float32', [B, kvHeads, T, D], `present.${i}.key`);
    g.output(values, 'float32', [B, kvHeads, T, D], `present.${i}.value`);

    const keysT = g.op('Transpose', [repeatKv(keys)], { perm: attr.ints([0, 1, 3, 2]) });
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, keysT]), scale]), bias]);
    const probs = g.op('Softmax', [scores], { axis: attr.int(-1) });
    const context = g.op('Transpose', [g.op('MatMul', [probs, repeatKv(values)])], {
      perm: attr.ints([0, 2, 1, 3]),
    });
    const merged = g.op('Reshape', [context, g.constI64([0, 0, heads * D])]);
    x = g.op('Add', [x, g.op('MatMul', [merged, weight(`${p}.self_attn.o_proj`, lw.o, [heads * D, H])])]);

    const h2 = rmsNorm(x, weight(`${p}.post_attention_layernorm.weight`, lw.postNorm, [H]));
    const gate = g.op('MatMul', [h2, weight(`${p}.mlp.gate_proj`, lw.gate, [H, I])]);
    const up = g.op('MatMul', [h2, weight(`${p}.mlp.up_proj`, lw.up, [H, I])]);
    const act = g.op('Mul', [gate, g.op('Sigmoid', [gate])]); // SiLU
    x = g.op('Add', [
      x,
      g.op('MatMul', [g.op('Mul', [act, up]), weight(`${p}.mlp.down_proj`, lw.down, [I, H])]),
    ]);
  });
  const final = rmsNorm(x, weight('model.norm.weight', w.finalNorm, [H]));
  g.output(g.op('MatMul', [final, weight('lm_head', w.lmHead, [H, V])]), 'float32', [B, S, V], 'logits');
  return g.toBytes();
}

/** HF config.json for the tiny Llama. */
export function tinyLlamaConfig(c: LlamaShape = TINY_LLAMA): object {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: c.vocabSize,
    hidden_size: c.hidden,
    intermediate_size: c.intermediate,
    num_hidden_layers: c.layers,
    num_attention_heads: c.heads,
    num_key_value_heads: c.kvHeads,
    head_dim: c.headDim,
    hidden_act: 'silu',
    max_position_embeddings: c.maxPositions,
    rms_norm_eps: c.rmsEps,
    rope_theta: c.ropeTheta,
    rope_scaling: null,
    attention_bias: false,
    mlp_bias: false,
    tie_word_embeddings: false,
    use_cache: true,
    bos_token_id: BOS_ID,
    eos_token_id: EOS_ID,
    pad_token_id: PAD_ID,
    torch_dtype: 'float32',
  };
}
