/**
 * CSV/TSV as a stream of rows: lines are joined while a quoted value is open (an odd number of double
 * quotes so far), each complete row is parsed by papaparse, and the chosen column is the document. A quoted
 * value may hold line breaks, so a CSV file cannot be cut at arbitrary bytes: it is read by one worker, from
 * the start (blocks.ts).
 */
import Papa from 'papaparse';
import type { Problem } from '../corpus/types';
import { isBlankLine, joinLines, readLines } from './lines';
import { decodeRecord, listNames, type DocumentSink } from './documents';

const QUOTING_HINT =
  'A value containing the delimiter, a double quote or a line break must be wrapped in double quotes, ' +
  'with quotes inside it doubled: "she said ""hi""".';

/** Header cells made unique and non-empty, as the page's loader names them (src/lib/input/csv.ts). */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Set<string>();
  return cells.map((raw, i) => {
    let name = raw.trim() ? raw : `column ${i + 1}`;
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name} (${n})`)) n++;
      name = `${name} (${n})`;
    }
    seen.add(name);
    return name;
  });
}

/** One CSV row's cells, or the parser's complaint. */
export function parseRow(text: string, delimiter: string): { cells: string[] } | { error: string } {
  const parsed = Papa.parse<string[]>(text, { delimiter });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    return {
      error:
        e.code === 'MissingQuotes'
          ? 'a quoted value is never closed'
          : e.code === 'InvalidQuotes'
            ? 'a quoted value has other characters after its closing quote'
            : e.message.toLowerCase(),
    };
  }
  return { cells: parsed.data[0] ?? [] };
}

/** The first `max` non-blank rows of a CSV text (rows that fail to parse are skipped: the full read reports them). */
export function csvRows(text: string, delimiter: string, max: number): string[][] {
  const rows: string[][] = [];
  let open = false;
  let current: string[] = [];
  for (const line of text.split('\n')) {
    current.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    if ((line.split('"').length - 1) % 2 === 1) open = !open;
    if (open) continue;
    const row = current.join('\n');
    current = [];
    if (!row.trim()) continue;
    const r = parseRow(row, delimiter);
    if ('cells' in r && !r.cells.every((c) => !c.trim())) rows.push(r.cells);
    if (rows.length >= max) break;
  }
  return rows;
}

function quotes(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x22) n++;
  return n;
}

export interface CsvReadResult {
  lines: number;
  bytesRead: number;
  /** A problem with the whole file (no header, no such column): nothing was read. */
  refused?: Problem;
}

/** Reads every row of the file into documents from `column` (by header name). */
export async function readCsvDocuments(
  blob: Blob,
  column: string,
  delimiter: string,
  source: string,
  sink: DocumentSink,
  onBytes?: (bytes: number) => void,
): Promise<CsvReadResult> {
  let lines = 0;
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let open = false;
  let rowOffset = 0;
  let rowLine = 0;
  let header: string[] | null = null;
  let index = -1;
  let refused: Problem | undefined;

  const row = (): boolean => {
    const bytes = joinLines(parts, partBytes);
    const span = parts.length;
    parts = [];
    partBytes = 0;
    const record = { bytes, offset: rowOffset, line: rowLine, lines: span };
    const text = decodeRecord(record, source, sink);
    if (text === null || !text.trim()) return true;
    const parsed = parseRow(text, delimiter);
    if ('error' in parsed) {
      const where =
        span > 1
          ? `lines ${rowLine}–${rowLine + span - 1} were read as one row and skipped`
          : 'the row was skipped';
      sink.problem(
        {
          severity: 'error',
          source,
          line: rowLine,
          detail: `${parsed.error}, so ${where}`,
          hint: QUOTING_HINT,
        },
        true,
      );
      return true;
    }
    const cells = parsed.cells;
    if (cells.every((c) => c.trim() === '')) return true;
    if (!header) {
      header = headerNames(cells);
      index = header.indexOf(column);
      if (index < 0) {
        refused = {
          severity: 'error',
          source,
          field: column,
          message: `${source} has no column "${column}" — its columns are: ${listNames(header)}`,
          hint: 'Choose one of these columns.',
        };
        return false;
      }
      return true;
    }
    const at2 = { source, line: rowLine, byteOffset: rowOffset, field: column };
    if (cells.length <= index) {
      sink.problem(
        {
          severity: 'error',
          ...at2,
          detail: `${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${header.length} columns — "${column}" is missing; skipped`,
          hint: `Check this line for a missing delimiter. ${QUOTING_HINT}`,
        },
        true,
      );
      return true;
    }
    if (cells.length !== header.length) {
      sink.problem(
        {
          severity: 'warning',
          ...at2,
          detail: `${cells.length} value${cells.length === 1 ? '' : 's'} but the header has ${header.length} columns; the row was kept`,
          hint: QUOTING_HINT,
        },
        false,
      );
    }
    const cell = cells[index];
    if (!cell.trim()) {
      sink.problem(
        {
          severity: 'warning',
          ...at2,
          detail: `column "${column}" ${cell ? 'contains only whitespace' : 'is empty'}; skipped`,
        },
        true,
      );
      return true;
    }
    sink.document({ text: cell, byteOffset: rowOffset, line: rowLine });
    return true;
  };

  const result = await readLines(
    blob.stream(),
    0,
    (raw, offset) => {
      lines++;
      let bytes = raw;
      if (offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        offset = 3;
      }
      if (parts.length === 0) {
        if (isBlankLine(bytes)) return true;
        rowOffset = offset;
        rowLine = lines;
      }
      parts.push(bytes.slice());
      partBytes += bytes.length;
      if (quotes(bytes) % 2 === 1) open = !open;
      if (open) return true;
      return row();
    },
    onBytes,
  );
  if (!refused && parts.length > 0) row(); // an unclosed quote at the end: papaparse reports it
  if (!refused && !header) {
    refused = { severity: 'error', source, message: `${source} has no header row and no data.` };
  }
  return refused ? { lines, bytesRead: result.bytesRead, refused } : { lines, bytesRead: result.bytesRead };
}
