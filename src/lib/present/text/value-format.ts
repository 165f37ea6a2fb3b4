/** Probabilities near 1 matter as much as those near 0 (ToEdit's p > 0.99), so show 1 − p when p > 0.99. */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p >= 0.99 && p < 1) return `1 − ${(1 - p).toExponential(1)}`;
  if (p >= 0.001) return p.toFixed(p >= 0.1 ? 3 : 4);
  if (p === 0) return '0';
  return p.toExponential(1);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 document", "2,000 documents": a count with its noun in the right number (`plural` for irregular ones). */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\r': '␍', '\t': '⇥' };

const escaped = (ch: string) => `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A token label with its whitespace and control characters made visible, so " the" and "the", or "\r\n"
 * and "\n", can be told apart in a tooltip.
 */
export function visibleToken(label: string): string {
  return label.replace(/[\s\p{Cc}]/gu, (ch) => VISIBLE[ch] ?? escaped(ch));
}

/** Running text with its control characters (other than line breaks and tabs) shown as \uXXXX. */
export function visibleControls(text: string): string {
  return text.replace(/[^\P{Cc}\n\r\t]/gu, escaped);
}
