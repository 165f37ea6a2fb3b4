/**
 * Editable byte ranges: the parts of a text the editor may flag and change (an instruction record's
 * responses), in UTF-8 bytes of the text, sorted and disjoint. Everything else is context: scored, so the
 * response is conditioned on it, but never flagged. A token straddling a range's edge is context too, so a
 * prompt byte can never change.
 */
export interface ByteRange {
  start: number;
  end: number;
}

/** Whether the token spanning [start, end) lies wholly inside one of `ranges` (null: the whole text is editable). */
export function insideRanges(ranges: readonly ByteRange[] | null, start: number, end: number): boolean {
  if (ranges === null) return true;
  // Binary search for the last range starting at or before `start`.
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start <= start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && end <= ranges[found].end;
}

/** Why `ranges` cannot be editable ranges of a text of `textBytes` bytes, or null. */
export function checkRanges(ranges: readonly ByteRange[], textBytes: number): string | null {
  let previousEnd = 0;
  for (let i = 0; i < ranges.length; i++) {
    const { start, end } = ranges[i];
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      start < previousEnd ||
      end < start ||
      end > textBytes
    )
      return `editable range ${i} [${start}, ${end}) is out of order or outside the text's ${textBytes} bytes`;
    previousEnd = end;
  }
  return null;
}

/**
 * Where `ranges` of the original text lie in the edited text, given each changed token's original span and
 * the length of what replaced it (0 for a deletion). Changed tokens lie wholly inside ranges, so a range's
 * edges move by the changes before them.
 */
export function shiftRanges(
  ranges: readonly ByteRange[],
  changes: readonly { byteStart: number; byteEnd: number; newLength: number }[],
): ByteRange[] {
  const out: ByteRange[] = [];
  let shift = 0;
  let c = 0;
  const advance = (to: number) => {
    for (; c < changes.length && changes[c].byteEnd <= to; c++)
      shift += changes[c].newLength - (changes[c].byteEnd - changes[c].byteStart);
  };
  for (const r of ranges) {
    advance(r.start);
    const start = r.start + shift;
    advance(r.end);
    out.push({ start, end: r.end + shift });
  }
  return out;
}
