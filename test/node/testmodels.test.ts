/**
 * The generated test models, end to end through transformers.js + onnxruntime-node, with no network.
 *
 * Passing a KV cache through transformers.js 4.3: `await model({ input_ids, attention_mask, past_key_values })`
 * where `past_key_values` is a `DynamicCache` (exported by the package) or any object mapping
 * 'past_key_values.{i}.key|value' to Tensors, e.g. the previous call's `present.{i}.*` outputs renamed.
 * `attention_mask` must cover past + new tokens. decoder_forward then derives position_ids from the mask
 * (cumsum, last `input_ids.dims[1]` columns) and feeds the cache entries as graph inputs; without
 * past_key_values it feeds zero-length caches shaped from the graph's declared input shapes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  DynamicCache,
  Tensor,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { buildTestModels, writeTestModels } from '../../scripts/make-test-models';
import { bigramReference } from '../support/bigram-reference';
import { BpeEncoder, byteLevelToBytes, trainMerges } from '../../scripts/testmodels/bpe';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { TINY_LLAMA, tinyLlamaWeights, type LlamaWeights } from '../../scripts/testmodels/llama';

const V = 320;
const BOS = 0;

let tmp: string;
let tokenizer: PreTrainedTokenizer;
let llama: PreTrainedModel;
let bigram: PreTrainedModel;
const fetchSpy = vi.spyOn(globalThis, 'fetch');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'semisynth-models-'));
  writeTestModels(join(tmp, 'a', 'semisynth-test'));
  // The second copy comes from the CLI in a separate process: determinism across runs, and the out-dir arg.
  execFileSync(
    join(process.cwd(), 'node_modules/.bin/tsx'),
    ['scripts/make-test-models.ts', join(tmp, 'b')],
    {
      stdio: 'pipe',
    },
  );

  env.allowRemoteModels = false;
  env.localModelPath = join(tmp, 'a') + '/';
  tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/tiny-llama');
  llama = await AutoModelForCausalLM.from_pretrained('semisynth-test/tiny-llama', {
    device: 'cpu',
    dtype: 'fp32',
  });
  bigram = await AutoModelForCausalLM.from_pretrained('semisynth-test/bigram', {
    device: 'cpu',
    dtype: 'fp32',
  });
}, 60_000);

afterAll(async () => {
  await llama?.dispose();
  await bigram?.dispose();
  expect(fetchSpy).not.toHaveBeenCalled();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** log_softmax over the last axis, in float64: rows[b][s] = Float64Array(V). */
function logSoftmax(logits: Tensor): Float64Array[][] {
  const [B, S, n] = logits.dims;
  const data = logits.data as Float32Array;
  return Array.from({ length: B }, (_, b) =>
    Array.from({ length: S }, (_, s) => {
      const row = data.subarray((b * S + s) * n, (b * S + s + 1) * n);
      let max = -Infinity;
      for (const x of row) max = Math.max(max, x);
      let sum = 0;
      for (const x of row) sum += Math.exp(x - max);
      const lse = max + Math.log(sum);
      return Float64Array.from(row, (x) => x - lse);
    }),
  );
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

const ids2d = (rows: number[][]) =>
  new Tensor(
    'int64',
    BigInt64Array.from(rows.flat(), (x) => BigInt(x)),
    [rows.length, rows[0].length],
  );

async function forward(model: PreTrainedModel, ids: number[]): Promise<Float64Array[]> {
  const out = await model({ input_ids: ids2d([ids]), attention_mask: ids2d([ids.map(() => 1)]) });
  return logSoftmax(out.logits)[0];
}

describe('generation', () => {
  it('writes byte-identical files on every run', () => {
    const a = join(tmp, 'a', 'semisynth-test');
    const b = join(tmp, 'b');
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    expect(files).toEqual([
      ...['bigram-chat', 'bigram'].flatMap((m) =>
        ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'].map((f) => join(m, f)),
      ),
      'bpe-large/tokenizer.json',
      'bpe-large/tokenizer_config.json',
      ...['primer', 'sp-bigram', 'sp-llama', 'tiny-llama'].flatMap((m) =>
        ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json'].map((f) => join(m, f)),
      ),
    ]);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    const built = buildTestModels();
    for (const f of files) {
      const [model, ...rest] = f.split('/');
      expect(Buffer.from(built.get(model)!.get(rest.join('/'))!).equals(readFileSync(join(a, f)))).toBe(true);
    }
  });
});

describe('tokenizer (transformers.js AutoTokenizer)', () => {
  const cases: [string, string][] = [
    ['ascii', 'Hello, world! Model collapse, token by token.'],
    ['punctuation spacing kept', "Hello . World , don 't ( x ) ?"],
    ['emoji with ZWJ and modifiers', 'family 👩‍👩‍👧‍👦, flag 🏳️‍🌈, thumbs 👍🏽, 🇯🇵'],
    ['CJK and Hangul', '日本語のテキスト 模型崩溃 한국어 텍스트'],
    ['combining marks', 'cafe\u0301 vs café, n\u0303, a\u0308\u0304, e\u0336\u0301\u0327'],
    ['CRLF', 'line one\r\nline two\r\n\r\n'],
    ['tabs', '\tindented\t\tcolumns\t'],
    ['leading and trailing spaces', '   padded both ends   '],
    ['only spaces', '   '],
    ['digits', 'π ≈ 3.14159, year 2025, 1e-5'],
    ['astral letters', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛'],
    ['control characters', 'bell\u0007 nul\u0000 del\u007f'],
    ['corpus document', CORPUS_DOCUMENTS[0]],
  ];

  it.each(cases)(
    '%s: token bytes concatenate to the UTF-8 text and decode(encode) round-trips',
    (_, text) => {
      const tokens = tokenizer.tokenize(text);
      const bytes = Uint8Array.from(tokens.flatMap((t) => [...byteLevelToBytes(t)]));
      expect(bytes).toEqual(new TextEncoder().encode(text));

      const ids = tokenizer.encode(text, { add_special_tokens: false });
      expect(ids).toEqual(tokenizer.convert_tokens_to_ids(tokens));
      expect(tokenizer.decode(ids)).toBe(text);
      // Default add_special_tokens = true: the TemplateProcessing post-processor prepends <s>.
      expect(tokenizer.encode(text)).toEqual([BOS, ...ids]);
      expect(tokenizer.decode([BOS, ...ids], { skip_special_tokens: true })).toBe(text);
      expect(tokenizer.decode([BOS, ...ids])).toBe('<s>' + text);
      const batch = tokenizer(text);
      expect(Array.from(batch.input_ids.data as BigInt64Array, Number)).toEqual([BOS, ...ids]);
    },
  );

  it('matches the generator’s own BPE encoder on the corpus and the cases', () => {
    const encoder = new BpeEncoder(trainMerges(CORPUS_DOCUMENTS, V));
    for (const text of [...CORPUS_DOCUMENTS, ...cases.map(([, t]) => t)]) {
      expect(encoder.encode(text)).toEqual(tokenizer.encode(text, { add_special_tokens: false }));
    }
  });

  it('has the documented special tokens and vocabulary size', () => {
    expect([tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id]).toEqual([0, 1, 2]);
    expect(tokenizer.get_vocab().size).toBe(V);
    expect(tokenizer.tokenize('')).toEqual([]);
    expect(tokenizer.encode('')).toEqual([BOS]);
  });
});

/** Float64 re-implementation of HF Llama for one unpadded sequence (positions 0..n-1). */
function referenceLogProbs(w: LlamaWeights, ids: number[]): Float64Array[] {
  const {
    hidden: H,
    heads,
    kvHeads,
    headDim: D,
    intermediate: I,
    vocabSize: Vs,
    rmsEps,
    ropeTheta,
  } = TINY_LLAMA;
  const matvec = (x: ArrayLike<number>, m: Float32Array, out: number) =>
    Float64Array.from({ length: out }, (_, j) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * m[i * out + j];
      return s;
    });
  const rms = (x: Float64Array, weight: Float32Array) => {
    const r = 1 / Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length + rmsEps);
    return x.map((v, i) => v * r * weight[i]);
  };
  const rope = (v: Float64Array, pos: number) => {
    const out = new Float64Array(D);
    for (let i = 0; i < D / 2; i++) {
      const angle = pos / Math.pow(ropeTheta, (2 * i) / D);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      out[i] = v[i] * c - v[i + D / 2] * s;
      out[i + D / 2] = v[i + D / 2] * c + v[i] * s;
    }
    return out;
  };
  let xs = ids.map((id) => Float64Array.from(w.embed.subarray(id * H, (id + 1) * H)));
  for (const lw of w.layers) {
    const hs = xs.map((x) => rms(x, lw.inputNorm));
    const head = (v: Float64Array, h: number) => v.subarray(h * D, (h + 1) * D);
    const qs = hs.map((h, t) =>
      Array.from({ length: heads }, (_, j) => rope(head(matvec(h, lw.q, heads * D), j), t)),
    );
    const ks = hs.map((h, t) =>
      Array.from({ length: kvHeads }, (_, j) => rope(head(matvec(h, lw.k, kvHeads * D), j), t)),
    );
    const vs = hs.map((h) =>
      Array.from({ length: kvHeads }, (_, j) => head(matvec(h, lw.v, kvHeads * D), j)),
    );
    xs = xs.map((x, t) => {
      const ctx = new Float64Array(heads * D);
      for (let h = 0; h < heads; h++) {
        const kv = Math.floor(h / (heads / kvHeads));
        const scores = Array.from(
          { length: t + 1 },
          (_, s) => qs[t][h].reduce((a, q, d) => a + q * ks[s][kv][d], 0) / Math.sqrt(D),
        );
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let s = 0; s <= t; s++) for (let d = 0; d < D; d++) ctx[h * D + d] += (e[s] / z) * vs[s][kv][d];
      }
      const attn = matvec(ctx, lw.o, H);
      const y = x.map((v, i) => v + attn[i]);
      const h2 = rms(y, lw.postNorm);
      const gate = matvec(h2, lw.gate, I);
      const up = matvec(h2, lw.up, I);
      const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]);
      const down = matvec(act, lw.down, H);
      return y.map((v, i) => v + down[i]);
    });
  }
  return xs.map((x) => {
    const logits = matvec(rms(x, w.finalNorm), w.lmHead, Vs);
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((a, l) => a + Math.exp(l - max), 0));
    return logits.map((l) => l - lse);
  });
}

describe('tiny-llama', () => {
  const texts = [
    'Tokens the model expected are pale.',
    'Model collapse: rare words fade first, 模型崩溃 🙂, then the tails thin out.',
  ];

  it('computes what a float64 Llama computes, with peaked (not flat) distributions', async () => {
    const ids = [BOS, ...tokenizer.encode(texts[1], { add_special_tokens: false })];
    const got = await forward(llama, ids);
    const want = referenceLogProbs(tinyLlamaWeights(), ids);
    for (let s = 0; s < ids.length; s++) expect(maxAbsDiff(got[s], want[s])).toBeLessThan(1e-4);
    const maxP = got.map((row) => Math.exp(Math.max(...row)));
    expect(Math.max(...maxP)).toBeGreaterThan(20 / V); // far from uniform 1/320
  });

  it.each(['right', 'left'] as const)(
    '%s-padded batch equals unbatched runs on the real tokens',
    async (side) => {
      const single = await Promise.all(
        texts.map((t) => forward(llama, [BOS, ...tokenizer.encode(t, { add_special_tokens: false })])),
      );
      const saved = tokenizer.padding_side;
      tokenizer.padding_side = side;
      const batch = tokenizer(texts, { padding: true });
      tokenizer.padding_side = saved;
      const lengths = single.map((rows) => rows.length);
      expect(lengths[0]).toBeLessThan(lengths[1]);
      const width = batch.input_ids.dims[1];
      expect(width).toBe(lengths[1]);

      const rows = logSoftmax((await llama(batch)).logits);
      let worst = 0;
      texts.forEach((_, b) => {
        const offset = side === 'left' ? width - lengths[b] : 0;
        for (let s = 0; s < lengths[b]; s++)
          worst = Math.max(worst, maxAbsDiff(rows[b][s + offset], single[b][s]));
      });
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it('scores 100 tokens in chunks of 30 with KV carry-over exactly like one full pass', async () => {
    const ids = [
      BOS,
      ...tokenizer.encode(CORPUS_DOCUMENTS.slice(0, 3).join(' '), { add_special_tokens: false }),
    ].slice(0, 100);
    expect(ids).toHaveLength(100);
    const full = await forward(llama, ids);

    let cache: DynamicCache | undefined;
    const chunked: Float64Array[] = [];
    for (let start = 0; start < ids.length; start += 30) {
      const end = Math.min(start + 30, ids.length);
      const out = await llama({
        input_ids: ids2d([ids.slice(start, end)]),
        attention_mask: ids2d([ids.slice(0, end).map(() => 1)]), // past + new
        ...(cache ? { past_key_values: cache } : {}),
      });
      chunked.push(...logSoftmax(out.logits)[0]);
      const present = Object.entries(out as Record<string, Tensor>).filter(([k]) => k.startsWith('present.'));
      expect(present).toHaveLength(2 * TINY_LLAMA.layers);
      cache = new DynamicCache(
        Object.fromEntries(present.map(([k, t]) => [k.replace('present', 'past_key_values'), t])),
      );
      expect(cache.get_seq_length()).toBe(end);
    }
    let worst = 0;
    for (let s = 0; s < ids.length; s++) worst = Math.max(worst, maxAbsDiff(chunked[s], full[s]));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('bigram', () => {
  it('gives exactly the smoothed bigram log-probabilities of the corpus, several of them near-certain', async () => {
    const { docs, logP } = bigramReference(tokenizer, V);

    let positions = 0;
    let worst = 0;
    let nearCertain = 0;
    let uncertain = 0;
    const nearCertainContexts = new Set<number>();
    for (const seq of docs) {
      const rows = await forward(bigram, seq.slice(0, -1));
      for (let s = 0; s + 1 < seq.length; s++) {
        const want = logP(seq[s], seq[s + 1]);
        worst = Math.max(worst, Math.abs(rows[s][seq[s + 1]] - want));
        positions++;
        if (Math.exp(want) > 0.99) {
          nearCertain++;
          nearCertainContexts.add(seq[s]);
        }
        if (Math.exp(want) < 0.5) uncertain++;
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(nearCertain).toBeGreaterThanOrEqual(5);
    expect(nearCertainContexts.size).toBeGreaterThanOrEqual(3);
    expect(uncertain).toBeGreaterThan(positions / 2);

    // Whole rows too, including a context never seen in the corpus (<pad>): uniform.
    const rows = await forward(bigram, [BOS, 2, docs[0][1]]);
    for (const [s, a] of [BOS, 2, docs[0][1]].entries()) {
      expect(
        maxAbsDiff(
          rows[s],
          Float64Array.from({ length: V }, (_, b) => logP(a, b)),
        ),
      ).toBeLessThan(1e-5);
    }
    expect(maxAbsDiff(rows[1], new Float64Array(V).fill(-Math.log(V)))).toBeLessThan(1e-6);
  });
});
