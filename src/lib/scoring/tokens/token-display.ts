import { byteLevelToBytes } from './byte-alphabet';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A readable label for a vocabulary entry. Byte-level tokens that hold part of a multi-byte character
 * cannot be shown as text; they are shown as their bytes (e.g. "\xE2\x80") instead of as U+FFFD.
 */
export function tokenDisplay(token: string, literal: boolean): string {
  if (literal) return token;
  const bytes = byteLevelToBytes(token);
  if (bytes === null) return token;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Array.from(bytes, (b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}
