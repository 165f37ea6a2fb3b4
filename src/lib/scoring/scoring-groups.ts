import { utf8Length } from './tokens/utf8-length';

/**
 * Documents go to the worker in groups: large enough for the worker to batch forward passes, small enough
 * (about 16 KB of text) that pause and cancel take effect within a fraction of a second on WASM.
 */
export function scoringGroups<T extends { text: string }>(
  docs: readonly T[],
  maxBytes = 16_384,
  maxDocs = 32,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = utf8Length(doc.text);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxDocs)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
