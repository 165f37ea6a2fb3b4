import {
  compareBackends,
  SELF_TEST_SENTENCE,
  type SelfTestVerdict,
} from '../lib/scoring/transformers/backend-agreement';
import type { ModelSource } from '../lib/scoring/models/source';
import type { PriorWorkerApi } from '../lib/scoring/prior-worker-api';
import type { WorkerConnection } from '../lib/worker/worker-connection';
import { PriorClient } from './prior-client';
import type { PriorService } from './prior-service';

const STORAGE_PREFIX = 'semisynth.selftest.v1:';

/** Remembered per model and dtype: the test loads the model a second time, so it runs once. */
export function rememberedVerdict(key: string): SelfTestVerdict | null {
  try {
    const raw = localStorage.getItem(STORAGE_PREFIX + key);
    return raw ? (JSON.parse(raw) as SelfTestVerdict) : null;
  } catch {
    return null;
  }
}

export interface SelfTestRun {
  /** The page's prior, holding the WebGPU model under test (of `epoch`). */
  prior: PriorService;
  epoch: number;
  /** Starts the short-lived second worker that runs the same model on WASM. */
  spawn: () => WorkerConnection<PriorWorkerApi>;
  /** Aborting ends the second worker at once (e.g. another model is being loaded). */
  signal: AbortSignal;
}

/**
 * Scores a fixed sentence with the loaded WebGPU model and with the same model on WASM in a short-lived
 * second worker, and compares the log-probs (fp16/q8 numeric bugs on some GPUs give NaN or gibberish).
 * The first scoring is for `run.epoch`'s model only: if another model is loaded meanwhile it rejects.
 */
export async function runSelfTest(
  key: string,
  source: ModelSource,
  dtype: string,
  run: SelfTestRun,
): Promise<SelfTestVerdict> {
  const { signal } = run;
  const wasm = new PriorClient({ spawn: run.spawn });
  try {
    const { value: onGpu } = await run.prior.score([SELF_TEST_SENTENCE], 1, { epoch: run.epoch, signal });
    await wasm.load(source, 'wasm', dtype, () => {}, signal);
    const [onWasm] = await wasm.score([SELF_TEST_SENTENCE], 1, { signal });
    const verdict = compareBackends(onGpu[0], onWasm, dtype);
    // JSON has no Infinity: a NaN-producing model is remembered as a huge difference.
    const stored = {
      ...verdict,
      maxDiff: Number.isFinite(verdict.maxDiff) ? verdict.maxDiff : Number.MAX_VALUE,
    };
    try {
      localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(stored));
    } catch {
      // Storage full, disabled or absent: the test simply runs again next time.
    }
    return verdict;
  } finally {
    wasm.dispose();
  }
}
