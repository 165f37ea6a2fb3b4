/** What token-level editing needs from the prior's tokenizer. */
export interface Vocabulary {
  /** The exact bytes a token stands for in text (may be part of a UTF-8 character). */
  bytes(id: number): Uint8Array;
  /** Special/control tokens: never drawn as replacements. */
  special(id: number): boolean;
}

/**
 * Every vocabulary entry's exact bytes in one buffer (id i is bytes[offsets[i], offsets[i+1])), plus which
 * ids are special. Three typed arrays, so a 150k-entry vocabulary crosses from the worker by transfer.
 */
export interface PackedVocabulary {
  bytes: Uint8Array;
  offsets: Uint32Array;
  special: Uint8Array;
}

export function packVocabulary(
  size: number,
  entries: Iterable<readonly [id: number, bytes: Uint8Array]>,
  specialIds: Iterable<number>,
): PackedVocabulary {
  const byId: (Uint8Array | undefined)[] = new Array(size);
  for (const [id, bytes] of entries) if (id >= 0 && id < size) byId[id] = bytes;
  const offsets = new Uint32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = offsets[i] + (byId[i]?.length ?? 0);
  const bytes = new Uint8Array(offsets[size]);
  byId.forEach((b, i) => b && bytes.set(b, offsets[i]));
  const special = new Uint8Array(size);
  for (const id of specialIds) if (id >= 0 && id < size) special[id] = 1;
  return { bytes, offsets, special };
}

/** The editing engine's view of a packed vocabulary (ids without an entry have no bytes). */
export function vocabularyOf(packed: PackedVocabulary): Vocabulary {
  return {
    bytes: (id) => packed.bytes.subarray(packed.offsets[id], packed.offsets[id + 1]),
    special: (id) => packed.special[id] === 1,
  };
}

export function packedTransferables(packed: PackedVocabulary): ArrayBuffer[] {
  return [packed.bytes.buffer, packed.offsets.buffer, packed.special.buffer] as ArrayBuffer[];
}
