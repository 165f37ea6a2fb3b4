/**
 * `--device cuda` where onnxruntime-node's CUDA execution provider is not installed (any checkout: the
 * project's .npmrc skips its download): refused before a model loads, with what to install and how.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUDA_INSTALL, cudaProviderProblem } from '../../src/cli/cuda-provider';
import { runCli } from '../support/run-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-device-'));
  writeFileSync(path.join(dir, 'c.jsonl'), '{"text":"a document"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--device cuda', () => {
  it('names what to install when the CUDA execution provider is missing', async () => {
    const problem = cudaProviderProblem();
    // This project's checkouts never hold the provider (npm ci skips it): the message is what users see.
    expect(problem?.message).toMatch(
      /libonnxruntime_providers_cuda\.so and libonnxruntime_providers_shared\.so missing/,
    );
    const r = await runCli([
      'edit',
      '-m',
      'semisynth-test/bigram',
      '-i',
      path.join(dir, 'c.jsonl'),
      '-o',
      path.join(dir, 'out.jsonl'),
      '--device',
      'cuda',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("onnxruntime-node's CUDA execution provider is not installed");
    expect(r.stderr).toContain(CUDA_INSTALL);
    expect(r.stderr).toMatch(/CUDA 12 and cuDNN 9/);

    expect(cudaProviderProblem('darwin', 'arm64')?.message).toMatch(
      /Linux x64 only \(this is darwin\/arm64\)/,
    );
    const other = await runCli([
      'score',
      '-m',
      'semisynth-test/bigram',
      '-i',
      'x',
      '-o',
      'y',
      '--device',
      'tpu',
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--device tpu: expected cpu or cuda');
  }, 60_000);
});
