/** The models the benchmark scores, where each lives on disk and on the bench server, and its text length. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeTestModels } from '../make-test-models';
import type { ModelName } from './options';
import { BENCH_MODELS_DIR, TEST_MODELS_DIR } from './paths';
import { SMOLLM_EMBEDDINGS, SMOLLM_ID, ensureSmolModel } from './smollm-model';

export interface BenchModel {
  name: ModelName;
  id: string;
  vocab: number;
  /** env.localModelPath in Node. */
  dir: string;
  /** env.localModelPath in the bench worker (a path on the bench server). */
  urlRoot: string;
  /**
   * Tokens to score per timed run on the CPU backends (node, WASM) and on WebGPU, which SwiftShader makes
   * the slowest by far; --quick takes a quarter.
   */
  tokens: { cpu: number; webgpu: number };
  note?: string;
}

export const BENCH_MODELS: Record<ModelName, BenchModel> = {
  'tiny-llama': {
    name: 'tiny-llama',
    id: 'semisynth-test/tiny-llama',
    vocab: 320,
    dir: TEST_MODELS_DIR,
    urlRoot: '/models/',
    tokens: { cpu: 4000, webgpu: 1000 },
  },
  bigram: {
    name: 'bigram',
    id: 'semisynth-test/bigram',
    vocab: 320,
    dir: TEST_MODELS_DIR,
    urlRoot: '/models/',
    tokens: { cpu: 4000, webgpu: 1000 },
  },
  smollm: {
    name: 'smollm',
    id: SMOLLM_ID,
    vocab: 49152,
    dir: BENCH_MODELS_DIR,
    urlRoot: '/bench-models/',
    tokens: { cpu: 256, webgpu: 16 },
    note: `SmolLM2-135M dimensions, random weights, ${SMOLLM_EMBEDDINGS} embeddings, 320-token tokenizer`,
  },
};

/** Generates what is missing: the test models (fast) and, when asked for, the SmolLM2-shaped one (once). */
export function ensureModels(names: readonly ModelName[]): { generatedSeconds: number } {
  let generatedSeconds = 0;
  const testModels = ['tiny-llama', 'bigram'].map((m) =>
    path.join(TEST_MODELS_DIR, 'semisynth-test', m, 'onnx/model.onnx'),
  );
  if (!testModels.every((f) => existsSync(f))) {
    const started = performance.now();
    writeTestModels();
    generatedSeconds += (performance.now() - started) / 1000;
  }
  if (names.includes('smollm')) generatedSeconds += ensureSmolModel().seconds;
  return { generatedSeconds };
}
