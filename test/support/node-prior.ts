import path from 'node:path';
import { env } from '@huggingface/transformers';
import { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';

export const MODELS_DIR = path.resolve(import.meta.dirname, '../../public/models');

/** Loads a generated test model in Node (onnxruntime-node) with remote loading switched off. */
export function loadNodePrior(id: string): Promise<TransformersPrior> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = MODELS_DIR + path.sep;
  return TransformersPrior.load(id, { device: 'cpu', dtype: 'fp32' });
}
