import type { DocumentScores } from '../scores';

/** A fixed sentence scored on WebGPU and on WASM when a model is first loaded with a dtype. */
export const SELF_TEST_SENTENCE =
  'Semisynth checks its numbers: the quick brown fox jumps over the lazy dog, 12 times in 2025.';

/**
 * How far WebGPU may drift from WASM. fp32 kernels differ only in summation order; quantised and float16
 * graphs legitimately differ more, but the bugs seen in the wild (NaN from fp16 overflow, q8 gibberish)
 * are far larger than these bounds.
 */
export function selfTestTolerance(dtype: string): number {
  return dtype === 'fp32' ? 1e-3 : 0.05;
}

export interface SelfTestVerdict {
  ok: boolean;
  /** Largest |Δ log p| over the sentence's tokens (Infinity if either side produced NaN). */
  maxDiff: number;
  tolerance: number;
  tokens: number;
  message: string;
}

export function compareBackends(gpu: DocumentScores, wasm: DocumentScores, dtype: string): SelfTestVerdict {
  const tolerance = selfTestTolerance(dtype);
  const tokens = gpu.tokenIds.length;
  if (tokens !== wasm.tokenIds.length || gpu.tokenIds.some((id, i) => id !== wasm.tokenIds[i])) {
    return {
      ok: false,
      maxDiff: Infinity,
      tolerance,
      tokens,
      message: 'WebGPU and WASM tokenized the test sentence differently.',
    };
  }
  let maxDiff = 0;
  for (let i = 0; i < tokens; i++) {
    const a = gpu.logprob[i];
    const b = wasm.logprob[i];
    if (Number.isNaN(a) !== Number.isNaN(b)) maxDiff = Infinity;
    else if (!Number.isNaN(a)) maxDiff = Math.max(maxDiff, Math.abs(a - b));
  }
  const ok = maxDiff <= tolerance;
  const shown = Number.isFinite(maxDiff) ? maxDiff.toExponential(1) : 'NaN';
  return {
    ok,
    maxDiff,
    tolerance,
    tokens,
    message: ok
      ? `WebGPU agrees with WASM (largest |Δ log p| ${shown} over ${tokens} tokens).`
      : `WebGPU disagrees with WASM: largest |Δ log p| ${shown} over ${tokens} tokens (allowed ${tolerance}). ` +
        `This ${dtype} model may compute wrong numbers on this GPU; prefer WASM or another precision.`,
  };
}
