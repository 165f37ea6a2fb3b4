/** Test helper: concatenates UTF-8-encoded strings and raw byte lists into one Uint8Array. */
export function bytes(...parts: (string | number[])[]): Uint8Array {
  const enc = new TextEncoder();
  return new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...enc.encode(p)] : p)));
}
