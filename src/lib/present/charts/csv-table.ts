/**
 * CSV of a chart's data (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * a quote, a line break or leading/trailing space, with quotes doubled. Numbers are written in full
 * precision (shortest round-trip form); NaN, undefined and null are empty cells, ±Infinity is written out.
 *
 * Hand-written rather than papaparse's unparse: these dozen lines are the whole need, and the number and
 * formula-prefix rules below are ours to state (papaparse's escapeFormulae would also quote "-0.5").
 */
export type Cell = string | number | boolean | null | undefined;

export interface Table {
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

/**
 * Spreadsheet programs run a text cell that starts with = + - @ (or a tab / CR) as a formula; prefixing it
 * with ' keeps an n-gram like "=cmd" or "@user" text. Numbers are never prefixed (−0.5 stays a number).
 */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  const text = typeof value === 'boolean' ? String(value) : neutralise(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: Table): string {
  const width = table.columns.length;
  const lines = [table.columns.map(csvCell).join(',')];
  for (const [i, row] of table.rows.entries()) {
    if (row.length !== width)
      throw new RangeError(`row ${i + 1} has ${row.length} cells for ${width} columns`);
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name from a chart title: lower case, runs of anything but letters and digits become one dash. */
export function exportFileName(title: string, extension: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'chart'}.${extension}`;
}
