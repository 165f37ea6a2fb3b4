/**
 * `npm run bench -- --only cli`: the `semisynth` command as a user runs it, per model — tokens/s of one
 * `semisynth edit` process over a corpus (from its own JSON Lines progress: scoring and editing, after the
 * model is loaded), and the same corpus as two shard processes running at once (`--shard 0/2`, `1/2`), with
 * the wall time of each way from spawn to exit. The speed-up on this machine is what two processes give
 * over one; onnxruntime-node already runs one process on every core, so it says how much a second process
 * adds beside it, not how a cluster of separate machines scales (there it is one process per machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_DOCUMENTS } from '../testmodels/corpus';
import type { BenchOptions } from './options';
import { BENCH_MODELS, ensureModels } from './models';
import { emit, round, type Machine } from './report';
import { ROOT } from './paths';

const CLI = path.join(ROOT, 'bin/semisynth.js');

interface Done {
  tokens: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

/** Runs `semisynth edit`, resolving with its final progress event. */
function edit(model: string, input: string, output: string, shard?: string): Promise<Done> {
  const args = [CLI, 'edit', '--model', model, '--input', input, '--output', output, '--progress', 'json'];
  if (shard) args.push('--shard', shard);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const done = stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Done & { event: string })
        .find((e) => e.event === 'done');
      if (code === 0 && done) resolve(done);
      else reject(new Error(`semisynth edit exited ${code}: ${stderr.slice(-2000)}`));
    }),
  );
}

export async function runCliBench(options: BenchOptions, machine: Machine): Promise<void> {
  const names = options.models.filter((m) => m !== 'tiny-llama');
  ensureModels(names);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'semisynth-cli-bench-'));
  try {
    for (const name of names) {
      const model = BENCH_MODELS[name];
      // The bigram model scores ~60k tokens/s natively, the SmolLM2-shaped one a few hundred.
      const documents = (name === 'bigram' ? 2400 : 24) / (options.quick ? 4 : 1);
      const input = path.join(dir, `${name}.jsonl`);
      writeFileSync(
        input,
        Array.from({ length: documents }, (_, i) =>
          JSON.stringify({ text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] }),
        ).join('\n') + '\n',
      );
      const modelArg = name === 'smollm' ? path.join(model.dir, model.id) : model.id;
      let t = performance.now();
      const one = await edit(modelArg, input, path.join(dir, `${name}-1.jsonl`));
      const oneWall = (performance.now() - t) / 1000;
      t = performance.now();
      const two = await Promise.all(
        ['0/2', '1/2'].map((shard) => edit(modelArg, input, path.join(dir, `${name}-2.jsonl`), shard)),
      );
      const twoWall = (performance.now() - t) / 1000;
      const twoTokens = two[0].tokens + two[1].tokens;
      const twoScoring = Math.max(two[0].elapsedSeconds, two[1].elapsedSeconds);
      emit(
        'cli',
        {
          model: model.id,
          documents,
          tokens: one.tokens,
          oneProcess: {
            tokensPerSecond: one.tokensPerSecond,
            scoringSeconds: one.elapsedSeconds,
            wallSeconds: round(oneWall),
          },
          twoProcesses: {
            tokensPerSecondEach: two.map((d) => d.tokensPerSecond),
            tokensPerSecond: round(twoTokens / twoScoring),
            scoringSeconds: twoScoring,
            wallSeconds: round(twoWall),
          },
          speedup: round(twoTokens / twoScoring / one.tokensPerSecond),
          wallSpeedup: round(oneWall / twoWall),
        },
        machine,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
