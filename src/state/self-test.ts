import { compareBackends, SELF_TEST_SENTENCE, type SelfTestVerdict } from '../lib/prior/self-test';
import type { ModelSource } from '../lib/model/source';
import { PriorClient } from './prior-client';

const STORAGE_PREFIX = 'semisynth.selftest.v1:';

/** The loaded model itself failed on the test sentence; its worker was recreated, so the model is gone. */
export class LoadedModelFailed extends Error {}

/** Remembered per model and dtype: the test loads the model a second time, so it runs once. */
export function rememberedVerdict(key: string): SelfTestVerdict | null {
  try {
    const raw = localStorage.getItem(STORAGE_PREFIX + key);
    return raw ? (JSON.parse(raw) as SelfTestVerdict) : null;
  } catch {
    return null;
  }
}

/**
 * Scores a fixed sentence with the loaded WebGPU model and with the same model on WASM in a short-lived
 * second worker, and compares the log-probs (fp16/q8 numeric bugs on some GPUs give NaN or gibberish).
 */
export async function runSelfTest(
  key: string,
  source: ModelSource,
  dtype: string,
  gpu: PriorClient,
): Promise<SelfTestVerdict> {
  const wasm = new PriorClient();
  try {
    const [onGpu] = await gpu.scoreBatch([SELF_TEST_SENTENCE], 1).catch((error: unknown) => {
      throw new LoadedModelFailed(error instanceof Error ? error.message : String(error));
    });
    await wasm.load(source, 'wasm', dtype, () => {});
    const [onWasm] = await wasm.scoreBatch([SELF_TEST_SENTENCE], 1);
    const verdict = compareBackends(onGpu, onWasm, dtype);
    // JSON has no Infinity: a NaN-producing model is remembered as a huge difference.
    const stored = {
      ...verdict,
      maxDiff: Number.isFinite(verdict.maxDiff) ? verdict.maxDiff : Number.MAX_VALUE,
    };
    try {
      localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(stored));
    } catch {
      // Storage full or disabled: the test simply runs again next time.
    }
    return verdict;
  } finally {
    wasm.dispose();
  }
}
