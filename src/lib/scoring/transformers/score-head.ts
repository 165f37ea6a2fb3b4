/**
 * The score head: a small ONNX graph that reduces logits [B, S, V] to the scoring contract's per-token values
 * where the logits are (on the GPU), so only O(B·S·k) numbers reach the CPU instead of B·S·V. Built at run
 * time with our GraphBuilder; pure module (no Node APIs, no onnxruntime import: the caller passes its ORT).
 *
 * Numerics mirror reduceRow (src/lib/scoring/reduce-logits.ts) in float32: d = z − max, logZ = log Σ exp d,
 * logprob = d[target] − logZ, entropy = logZ − Σ exp(d)·d / Σ exp(d), rank = 1 + #{z > z[target]},
 * TopK on z (largest first). reduceRow accumulates in float64, so results agree to ~1e-6 relative. Ties in
 * TopK: ONNX specifies lower index first (as reduceRow), but a GPU kernel may order equal values either way;
 * the values are the same.
 */
import { GraphBuilder, attr } from '../onnx/graph';
import { DataType, encodeModel } from '../onnx/proto';

export type LogitsType = 'float32' | 'float16';

/** Head outputs per row of logits: logprob f32, rank i64, entropy f32, k × (top id i64 + top logprob f32). */
export function headBytesPerRow(k: number): number {
  return 4 + 8 + 4 + k * (8 + 4);
}

/** The head graph for a fixed k (TopK's K is a constant so the WebGPU kernel needs no CPU-side input). */
export function buildScoreHead(options: { k: number; logitsType?: LogitsType }): Uint8Array {
  const { k, logitsType = 'float32' } = options;
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`score head: k must be a positive integer, got ${k}`);
  const g = new GraphBuilder('semisynth-score-head');
  const rows = ['batch_size', 'sequence_length'];
  const logits = g.input('logits', 'float32', [...rows, 'vocab_size']); // retyped below for float16
  const targets = g.input('targets', 'int64', rows);
  const z = logitsType === 'float16' ? g.op('Cast', [logits], { to: attr.int(DataType.FLOAT) }) : logits;
  const lastAxis = g.constI64([2]);
  const keep = { keepdims: attr.int(1) };

  const max = g.op('ReduceMax', [z], { axes: attr.ints([2]), ...keep }); // [B, S, 1]
  const d = g.op('Sub', [z, max]);
  const e = g.op('Exp', [d]);
  const sumExp = g.op('ReduceSum', [e, lastAxis], keep);
  const logZ = g.op('Log', [sumExp]);
  const sumExpD = g.op('ReduceSum', [g.op('Mul', [e, d]), lastAxis], keep);
  const entropy = g.op('Sub', [logZ, g.op('Div', [sumExpD, sumExp])]);

  const targetIndex = g.op('Unsqueeze', [targets, lastAxis]); // [B, S, 1]
  const zTarget = g.op('GatherElements', [z, targetIndex], { axis: attr.int(2) });
  const dTarget = g.op('GatherElements', [d, targetIndex], { axis: attr.int(2) });
  const logprob = g.op('Sub', [dTarget, logZ]);
  // Count in float32 (exact below 2^24 entries): WebGPU has no native int64 arithmetic.
  const higher = g.op('Cast', [g.op('Greater', [z, zTarget])], { to: attr.int(DataType.FLOAT) });
  const rank = g.op('Add', [g.op('ReduceSum', [higher, lastAxis], keep), g.constF32([1], [])]);

  const [topValues, topIds] = g.node('TopK', [z, g.constI64([k])], 2, {
    axis: attr.int(-1),
    largest: attr.int(1),
    sorted: attr.int(1),
  });
  const topLogprobs = g.op('Sub', [g.op('Sub', [topValues, max]), logZ]);

  const squeeze = (x: string) => g.op('Squeeze', [x, lastAxis]);
  g.output(squeeze(logprob), 'float32', rows, 'logprob');
  g.output(g.op('Cast', [squeeze(rank)], { to: attr.int(DataType.INT64) }), 'int64', rows, 'rank');
  g.output(squeeze(entropy), 'float32', rows, 'entropy');
  g.output(topIds, 'int64', [...rows, k], 'top_ids');
  g.output(topLogprobs, 'float32', [...rows, k], 'top_logprobs');

  const model = g.toModel();
  // GraphBuilder has no float16 element type; only the input's declared type differs.
  if (logitsType === 'float16') model.graph.input[0].type.tensorType.elemType = DataType.FLOAT16;
  return encodeModel(model);
}

// The parts of an onnxruntime module (onnxruntime-web or -node) the head uses, structurally typed so either
// fits and this module imports neither.
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
  readonly location?: string;
  dispose(): void;
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(
    feeds: Record<string, unknown>,
    fetches?: Record<string, OrtTensor | null>,
  ): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface GpuBuffer {
  destroy(): void;
}
interface GpuDevice {
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number };
  createBuffer(descriptor: { size: number; usage: number }): GpuBuffer;
}
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: object): Promise<OrtSession> };
  Tensor: {
    new (type: 'int64', data: BigInt64Array, dims: readonly number[]): OrtTensor;
    fromGpuBuffer?(buffer: GpuBuffer, options: { dataType: LogitsType; dims: readonly number[] }): OrtTensor;
  };
  env: { webgpu?: { device?: Promise<unknown> | unknown } };
}

// GPUBufferUsage flags (WebGPU spec values; the global is absent from our TS libs).
const STORAGE = 0x80;
const COPY_SRC = 0x04;
const COPY_DST = 0x08;

/** One pass's head outputs, row-major over B·S rows. */
export interface HeadScores {
  logprob: Float32Array;
  rank: BigInt64Array;
  entropy: Float32Array;
  topIds: BigInt64Array;
  topLogprobs: Float32Array;
  k: number;
}

/**
 * Runs the head. On 'webgpu' it owns a GPU buffer that the model writes its logits into (pass
 * {@link logitsOutput} as the model's `logits` fetch), and the head reads it in place. On 'cpu' it takes the
 * logits tensor the model returned (tests, Node). Not concurrency-safe: the caller serializes passes.
 */
export class ScoreHead {
  private readonly sessions = new Map<number, Promise<OrtSession>>();
  private logits: { tensor: OrtTensor; buffer: GpuBuffer; dims: string } | null = null;

  private constructor(
    private readonly ort: OrtModule,
    readonly device: 'webgpu' | 'cpu',
    readonly logitsType: LogitsType,
    private readonly gpu: GpuDevice | null,
  ) {}

  /**
   * On 'webgpu', `ort` must be the instance that created the model's session (its GPU device is the one the
   * buffer is allocated on, and its Tensor class is the one session.run accepts as a pre-allocated output).
   */
  static async create(ort: OrtModule, device: 'webgpu' | 'cpu', logitsType: LogitsType): Promise<ScoreHead> {
    if (device === 'cpu') return new ScoreHead(ort, device, logitsType, null);
    const gpu = (await ort.env.webgpu?.device) as GpuDevice | undefined;
    if (!gpu?.createBuffer || !ort.Tensor.fromGpuBuffer)
      throw new Error('this ORT build has no WebGPU device');
    return new ScoreHead(ort, device, logitsType, gpu);
  }

  /** The largest single binding the device allows (the logits buffer must fit); Infinity on the CPU. */
  get maxBindingBytes(): number {
    return this.gpu
      ? Math.min(this.gpu.limits.maxStorageBufferBindingSize, this.gpu.limits.maxBufferSize)
      : Infinity;
  }

  /** The model's `logits` fetch on WebGPU: a GPU buffer of exactly [B, S, V], replaced when the shape changes. */
  logitsOutput(dims: readonly [number, number, number]): OrtTensor {
    if (!this.gpu) throw new Error('logitsOutput is for the WebGPU head');
    const key = dims.join(',');
    if (this.logits?.dims === key) return this.logits.tensor;
    this.releaseLogits();
    const bytes = dims[0] * dims[1] * dims[2] * (this.logitsType === 'float16' ? 2 : 4);
    const buffer = this.gpu.createBuffer({
      size: Math.ceil(bytes / 16) * 16,
      usage: STORAGE | COPY_SRC | COPY_DST,
    });
    const tensor = this.ort.Tensor.fromGpuBuffer!(buffer, { dataType: this.logitsType, dims });
    this.logits = { tensor, buffer, dims: key };
    return tensor;
  }

  /** Reduces logits [B, S, V] (on the GPU: the {@link logitsOutput} tensor) against targets [B, S]. */
  async reduce(logits: OrtTensor, targets: BigInt64Array, k: number): Promise<HeadScores> {
    const [b, s, v] = logits.dims;
    const kk = Math.min(k, v); // TopK needs K ≤ V; the caller pads the rest like reduceRow
    const session = await this.session(kk);
    const out = await session.run({ logits, targets: new this.ort.Tensor('int64', targets, [b, s]) });
    try {
      return {
        logprob: out.logprob.data as Float32Array,
        rank: out.rank.data as BigInt64Array,
        entropy: out.entropy.data as Float32Array,
        topIds: out.top_ids.data as BigInt64Array,
        topLogprobs: out.top_logprobs.data as Float32Array,
        k: kk,
      };
    } finally {
      for (const t of Object.values(out)) if (t.location === 'gpu-buffer') t.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.releaseLogits();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map(async (p) => (await p.catch(() => null))?.release()));
  }

  private session(k: number): Promise<OrtSession> {
    let session = this.sessions.get(k);
    if (!session) {
      session = this.ort.InferenceSession.create(buildScoreHead({ k, logitsType: this.logitsType }), {
        executionProviders: [this.device],
        // Errors only, as transformers.js sets for its own sessions: at the default (warnings) ORT reports
        // through console.error that it placed the head's shape ops on the CPU, which it always does.
        logSeverityLevel: 3,
      });
      this.sessions.set(k, session);
    }
    return session;
  }

  private releaseLogits(): void {
    if (!this.logits) return;
    this.logits.tensor.dispose();
    this.logits.buffer.destroy();
    this.logits = null;
  }
}
