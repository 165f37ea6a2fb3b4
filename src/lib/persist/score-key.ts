/**
 * What a score file holds scores of: the same text scored under the same key gives the same numbers, so the
 * key names everything that changes them. The device is part of it because WebGPU and WASM agree only to
 * about 1e-4, and a resumed run must equal an uninterrupted one bit for bit.
 */
import { hashHex } from './content-hash';

export interface ScoreKey {
  modelId: string;
  /** The model files' version: 'main' for the Hub (the branch loaded), 'bundled', or a hash of local files. */
  revision: string;
  dtype: string;
  device: string;
  /** Alternatives kept per token. */
  k: number;
}

/** One canonical text per key (field order fixed), stored in the file's header and compared on open. */
export function scoreKeyText(key: ScoreKey): string {
  const { modelId, revision, dtype, device, k } = key;
  return JSON.stringify({ modelId, revision, dtype, device, k });
}

/** A file name for the key's scores: readable where the model id allows, unique by a hash of the key. */
export async function scoreFileName(key: ScoreKey): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(scoreKeyText(key)));
  const readable = key.modelId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `${readable}-${hashHex(new Uint8Array(digest)).slice(0, 16)}.scores`;
}
