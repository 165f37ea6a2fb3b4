import { describe, expect, it } from 'vitest';
import {
  MAX_WASM_THREADS,
  threadOptions,
  wasmThreads,
} from '../../../src/lib/scoring/transformers/wasm-threads';

const isolated = (hardwareConcurrency: number) => ({ crossOriginIsolated: true, hardwareConcurrency });

describe('WASM threads', () => {
  it.each([
    [isolated(2), 'auto', 2],
    [isolated(4), 'auto', 4],
    [isolated(16), 'auto', MAX_WASM_THREADS],
    [isolated(0), 'auto', 1], // the browser does not say
    [isolated(4), 2, 2],
    [isolated(4), 32, MAX_WASM_THREADS],
    [isolated(4), 0, 1],
    [{ crossOriginIsolated: false, hardwareConcurrency: 16 }, 'auto', 1],
    [{ crossOriginIsolated: false, hardwareConcurrency: 16 }, 4, 1],
  ] as const)('%j, %j: %i', (env, choice, threads) => {
    expect(wasmThreads(choice, env).threads).toBe(threads);
  });

  it('says why a page without isolation runs one thread', () => {
    expect(wasmThreads('auto', { crossOriginIsolated: false, hardwareConcurrency: 8 }).note).toMatch(
      /not cross-origin isolated/,
    );
    expect(wasmThreads('auto', isolated(8)).note).toBe('');
  });

  it.each([
    [1, [1]],
    [2, [1, 2]],
    [6, [1, 2, 4, 6]],
    [8, [1, 2, 4, 8]],
    [64, [1, 2, 4, 8]],
  ])('offers %i cores as %j', (cores, options) => {
    expect(threadOptions(isolated(cores))).toEqual(options);
  });
});
