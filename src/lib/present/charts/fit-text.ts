/**
 * Text that must fit a chart's width before it can be measured (SVG is laid out first): lengths are in
 * characters, the caller converting from pixels at its font size. A narrow chart (a phone) wraps its title
 * and shortens a legend label rather than letting them run out of the picture.
 */

/** `text` broken at spaces into lines of at most `maxChars` (a longer word keeps a line to itself). */
export function wrapWords(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && [...line].length + 1 + [...word].length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** `text` cut to `maxChars` characters, the last one an ellipsis, when it is longer. */
export function ellipsize(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}
