const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A readable label for a vocabulary entry's bytes. Tokens that hold part of a multi-byte character
 * (byte-level BPE pieces, byte-fallback `<0xNN>` pieces) cannot be shown as text; they are shown as their
 * bytes (e.g. "\xE2\x80") instead of as U+FFFD.
 */
export function tokenDisplay(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Array.from(bytes, (b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}
