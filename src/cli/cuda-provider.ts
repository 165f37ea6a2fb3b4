/**
 * `--device cuda`: onnxruntime-node's CUDA execution provider is not in its npm package (too large for the
 * registry); its install script downloads it from NuGet, and this project's .npmrc skips that download
 * (onnxruntime-node-install=skip), so a checkout has no CUDA provider until the user installs it. Checked
 * before any model is loaded, so the message names what to install instead of an ORT load error.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CliError, EXIT } from './cli-error';

/** The libraries the install script's `cuda12` manifest puts beside onnxruntime-node's binding (Linux x64). */
const CUDA_LIBRARIES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];

export const CUDA_INSTALL =
  'node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12';

/** Why `--device cuda` cannot run here, or null when the provider's libraries are in place. */
export function cudaProviderProblem(
  platform: string = process.platform,
  arch: string = process.arch,
): CliError | null {
  if (platform !== 'linux' || arch !== 'x64')
    return new CliError(
      `--device cuda: onnxruntime-node's CUDA execution provider is installable on Linux x64 only (this is ${platform}/${arch})`,
      EXIT.usage,
      'Run with --device cpu (the default), sharded over more processes.',
    );
  const ortRoot = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  const bin = path.join(ortRoot, 'bin', 'napi-v6', 'linux', 'x64');
  const missing = CUDA_LIBRARIES.filter((f) => !existsSync(path.join(bin, f)));
  if (missing.length === 0) return null;
  return new CliError(
    `--device cuda: onnxruntime-node's CUDA execution provider is not installed (${missing.join(' and ')} missing from ${bin})`,
    EXIT.badInput,
    `Install it from the checkout (it downloads Microsoft.ML.OnnxRuntime.Gpu.Linux from NuGet; the machine needs an NVIDIA driver, CUDA 12 and cuDNN 9): ${CUDA_INSTALL}. Or run with --device cpu (the default).`,
  );
}
