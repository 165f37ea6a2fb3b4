/**
 * `--model` for the command line: a model folder on disk, a bundled test model id, or a Hub id already in
 * the Hugging Face cache (as `huggingface-cli download` leaves it), loaded by the same
 * TransformersPrior the page's worker runs, here on onnxruntime-node. Nothing is downloaded: remote loading
 * is switched off before every load, so a model that is not on disk is refused, never fetched.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { TransformersPrior } from '../lib/scoring/transformers/transformers-prior';
import type { Device } from '../lib/scoring/prior';
import { BUNDLED_MODELS } from '../lib/scoring/models/source';
import { checkModelFolder, type FolderEntry } from '../lib/scoring/models/folder';
import { CliError, EXIT } from './cli-error';
import { formatProblem } from './cli-messages';

/** Where `npm run models` writes the bundled test models. */
export const BUNDLED_DIR = path.resolve(import.meta.dirname, '../../public/models');

export const DTYPES = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;

/**
 * Every file under `dir` (hidden ones too: the folder check leaves them out and says nothing). Links are
 * followed: a Hugging Face cache snapshot is a folder of links into its blobs.
 */
function listFiles(dir: string, prefix: string): FolderEntry[] {
  const out: FolderEntry[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = `${prefix}/${name}`;
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) out.push(...listFiles(full, rel));
    else if (stat?.isFile()) out.push({ path: rel, size: stat.size });
  }
  return out;
}

/** The Hugging Face cache `huggingface-cli download` fills (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub). */
export function hubCacheDir(environment: NodeJS.ProcessEnv): string {
  if (environment.HF_HUB_CACHE) return environment.HF_HUB_CACHE;
  if (environment.HF_HOME) return path.join(environment.HF_HOME, 'hub');
  return path.join(environment.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'huggingface', 'hub');
}

/** The cached snapshot of Hub model `id` at `revision` (a branch in refs/, or a commit), or null. */
export function cachedSnapshot(cache: string, id: string, revision = 'main'): string | null {
  const repo = path.join(cache, `models--${id.replace('/', '--')}`);
  const ref = path.join(repo, 'refs', revision);
  const commit = existsSync(ref) ? readFileSync(ref, 'utf8').trim() : revision;
  const snapshot = path.join(repo, 'snapshots', commit);
  return existsSync(snapshot) ? snapshot : null;
}

/** Where a `--model` value points: the folder transformers.js reads and the id it is given. */
async function locate(spec: string, dtype: string): Promise<{ root: string; id: string }> {
  if (BUNDLED_MODELS.some((m) => m.id === spec)) {
    if (!existsSync(path.join(BUNDLED_DIR, spec, 'config.json')))
      throw new CliError(
        `the bundled test model ${spec} has not been generated (${path.join(BUNDLED_DIR, spec)} is missing)`,
        EXIT.badInput,
        'Run `npm run models` once in the Semisynth checkout.',
      );
    return { root: BUNDLED_DIR, id: spec };
  }
  if (!existsSync(spec)) {
    const hubId = /^[\w.-]+\/[\w.-]+$/.test(spec);
    const snapshot = hubId ? cachedSnapshot(hubCacheDir(process.env), spec) : null;
    if (snapshot) return locateFolder(snapshot, dtype, spec);
    throw new CliError(
      `--model ${spec}: no such folder, and not a bundled model (${BUNDLED_MODELS.map((m) => m.id).join(', ')})`,
      EXIT.badInput,
      hubId
        ? `It is not in the Hugging Face cache either (${hubCacheDir(process.env)}). Download it once with \`huggingface-cli download ${spec}\` (into that cache; or --local-dir DIR and pass DIR): the command line never downloads.`
        : 'Pass a folder holding config.json, tokenizer.json, tokenizer_config.json and onnx/model*.onnx.',
    );
  }
  return locateFolder(path.resolve(spec), dtype, spec);
}

async function locateFolder(
  folder: string,
  dtype: string,
  spec: string,
): Promise<{ root: string; id: string }> {
  if (!statSync(folder).isDirectory())
    throw new CliError(
      `--model ${spec} is a file; a model is a folder`,
      EXIT.badInput,
      'Pass the folder that holds config.json, tokenizer.json and onnx/.',
    );
  const name = path.basename(folder);
  const check = await checkModelFolder(listFiles(folder, name), (e) =>
    Promise.resolve(readFileSync(path.join(folder, e.path.slice(name.length + 1)), 'utf8')),
  );
  if (check.problems.length > 0)
    throw new CliError(
      `the model folder ${spec} cannot be loaded:\n${check.problems.map((p) => '  ' + formatProblem(p)).join('\n')}`,
    );
  if (!check.dtypes.some((d) => d.dtype === dtype))
    throw new CliError(
      `the model folder ${spec} has no ${dtype} weights (onnx/model${dtype === 'fp32' ? '' : '_' + dtype}.onnx)`,
      EXIT.badInput,
      `It has: ${check.dtypes.map((d) => `${d.dtype} (${d.file})`).join(', ') || 'no weights'}; pass one with --dtype.`,
    );
  return { root: path.dirname(folder), id: name };
}

/**
 * Loads `--model` through onnxruntime-node, on the CPU or (its provider installed: cuda-provider.ts) CUDA;
 * the recipe names it as given.
 */
export async function loadCliModel(
  spec: string,
  dtype: string,
  device: 'cpu' | 'cuda' = 'cpu',
): Promise<TransformersPrior> {
  const { root, id } = await locate(spec, dtype);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root + path.sep;
  try {
    // transformers.js takes 'cuda' on Node; the page's Device type leaves it out, as no page runs it.
    const prior = await TransformersPrior.load(id, { device: device as Device, dtype });
    // The recipe carries the id the user gave (a bundled id, or the folder as typed).
    Object.assign(prior.info, { modelId: spec });
    return prior;
  } catch (error) {
    throw new CliError(
      `--model ${spec} (${dtype}, ${device}) could not be loaded: ${(error as Error).message}`,
      EXIT.badInput,
    );
  }
}
