/** The Cache Storage bucket transformers.js keeps downloaded model files in (its env.cacheKey default). */
export const MODEL_CACHE = 'transformers-cache';

/** Bytes this site stores (all of Cache Storage, IndexedDB…), or null where the browser does not say. */
export async function storageUsage(): Promise<number | null> {
  const estimate = await navigator.storage?.estimate?.();
  return estimate?.usage ?? null;
}

/** Deletes every downloaded model file; the next load downloads again. */
export async function clearModelCache(): Promise<boolean> {
  return (await globalThis.caches?.delete(MODEL_CACHE)) ?? false;
}
