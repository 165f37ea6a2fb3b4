/** Scoring in this process with onnxruntime-node (TransformersPrior device 'cpu'), ORT's default threads. */
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { measure } from '../../src/bench/measure';
import type { Measurement } from '../../src/bench/protocol';
import type { BenchModel } from './models';

export async function runNode(
  model: BenchModel,
  spec: { warmupText: string; text: string; k: number },
): Promise<Measurement> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = model.dir + path.sep;
  const { prior, ...measured } = await measure(
    () => TransformersPrior.load(model.id, { device: 'cpu', dtype: 'fp32' }),
    spec,
  );
  await prior.dispose();
  return measured;
}
