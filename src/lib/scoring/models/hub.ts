import type { Problem } from '../../io/problem';
import { dataFileName, dtypeOfModelFile, dtypeOrder, type ModelDtype } from './dtype-files';

export const DEFAULT_HUB_HOST = 'https://huggingface.co/';

/** A dtype a Hub repository offers and the bytes its weights download (model file plus external data). */
export interface HubDtype {
  dtype: ModelDtype;
  file: string;
  bytes: number;
}

/** Hub ids are "owner/name" (letters, digits, '-', '_', '.'), as transformers.js requires for remote loading. */
const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

export function checkHubId(id: string): Problem | undefined {
  if (HUB_ID.test(id)) return undefined;
  return {
    severity: 'error',
    source: 'Hugging Face model id',
    field: id,
    message: `"${id}" is not a Hub model id.`,
    hint: 'Use the form owner/name, e.g. HuggingFaceTB/SmolLM2-135M-Instruct.',
  };
}

/** Reads the Hub's listing of a repository's onnx/ folder ({path, size} entries) into dtypes and sizes. */
export function hubDtypes(files: readonly { path: string; size: number }[]): HubDtype[] {
  const sizes = new Map(files.map((f) => [f.path, f.size]));
  const out: HubDtype[] = [];
  for (const { path, size } of files) {
    const dtype = dtypeOfModelFile(path);
    if (!dtype) continue;
    let bytes = size;
    for (let i = 0; sizes.has(dataFileName(path, i)); i++) bytes += sizes.get(dataFileName(path, i))!;
    out.push({ dtype, file: path, bytes });
  }
  return out.sort((a, b) => dtypeOrder(a.dtype, b.dtype));
}

/**
 * Asks the Hub which dtypes a model offers and how large each download is, before downloading anything.
 * Only the model host is contacted, and only with the model id.
 */
export async function fetchHubDtypes(
  id: string,
  host: string,
  fetchFn: typeof fetch = fetch,
): Promise<{ dtypes: HubDtype[] } | { problem: Problem }> {
  const invalid = checkHubId(id);
  if (invalid) return { problem: invalid };
  const url = new URL(`api/models/${id}/tree/main/onnx`, host);
  const source = `Hugging Face model ${id}`;
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (error) {
    return {
      problem: {
        severity: 'error',
        source,
        message: `Could not reach ${url.host}: ${String(error)}.`,
        hint: 'Check the connection, or load a model folder from disk instead.',
      },
    };
  }
  if (response.status === 404) {
    return {
      problem: {
        severity: 'error',
        source,
        message: `${id} has no onnx/ folder on ${url.host}, or the model does not exist (or is private).`,
        hint: 'transformers.js needs ONNX weights: look for a version under onnx-community/ or Xenova/.',
      },
    };
  }
  if (!response.ok) {
    return {
      problem: {
        severity: 'error',
        source,
        message: `${url.host} answered ${response.status} ${response.statusText}.`,
      },
    };
  }
  const listing = (await response.json()) as { path: string; size: number; type?: string }[];
  const dtypes = hubDtypes(listing.filter((f) => f.type !== 'directory'));
  if (dtypes.length === 0) {
    return {
      problem: {
        severity: 'error',
        source,
        message: `${id}/onnx has no model*.onnx file that transformers.js can load.`,
      },
    };
  }
  return { dtypes };
}
