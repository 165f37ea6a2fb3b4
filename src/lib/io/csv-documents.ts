/**
 * CSV/TSV files as streams of records (src/lib/io/csv-rows.ts joins lines into rows and splits cells),
 * and of documents from one column. A quoted value may hold line breaks, so a CSV file cannot be cut at
 * arbitrary bytes: it is read by one worker, from the start (blocks.ts).
 */
import type { Problem, RecordProblem } from './problem';
import {
  csvRecord,
  CsvRowAssembler,
  headerNames,
  parseCsvRow,
  raggedProblem,
  rowProblem,
  type CsvRowBytes,
} from './csv-rows';
import type { FieldCandidate } from './fields';
import { listNames, recordText } from './record-text';
import { decodeRecord, type DocumentSink } from './documents';
import { readLines } from './lines';

export interface CsvRecordVisitor {
  /** The header's column names (made unique); return false to stop. */
  header(columns: string[]): boolean | void;
  /** A data row: its record, how many cells it had, where it starts; return false to stop. */
  row(record: Record<string, string>, cells: number, row: CsvRowBytes): boolean | void;
  /** `skipped`: the row was dropped because of it. */
  problem(p: RecordProblem, skipped: boolean): void;
}

export interface CsvReadResult {
  lines: number;
  bytesRead: number;
  /** The header, when the file has one. */
  columns?: string[];
}

/** Reads every row of a CSV file: the header, then records (blank and all-empty rows skipped). */
export async function readCsvRecords(
  blob: Blob,
  delimiter: string,
  source: string,
  visit: CsvRecordVisitor,
  onBytes?: (bytes: number) => void | Promise<void>,
): Promise<CsvReadResult> {
  let lines = 0;
  let columns: string[] | undefined;
  const rows = new CsvRowAssembler(delimiter);
  const sink: DocumentSink = { document: () => {}, problem: (p, skipped) => visit.problem(p, skipped) };

  const take = (row: CsvRowBytes): boolean | void => {
    const text = decodeRecord(row, source, sink);
    if (text === null) return true; // decodeRecord reported it
    if (!text.trim()) return true;
    const parsed = parseCsvRow(text, delimiter);
    if ('error' in parsed) {
      visit.problem(rowProblem(row, source, parsed.error), true);
      return true;
    }
    const cells = parsed.cells;
    // Excel pads sheets with ",,,": rows of empty cells hold nothing.
    if (cells.every((c) => c.trim() === '')) return true;
    if (!columns) {
      columns = headerNames(cells, { source, line: row.line }, (p) => visit.problem(p, false));
      return visit.header(columns);
    }
    return visit.row(csvRecord(columns, cells), cells.length, row);
  };

  const result = await readLines(
    blob.stream(),
    0,
    (raw, offset, info) => {
      lines++;
      let bytes = raw;
      if (offset === 0 && bytes && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        offset = 3;
        info.length -= 3;
      }
      const row = rows.push(bytes, info, lines, offset);
      if (row === null) return true;
      if (row.bytes === null) {
        visit.problem(rowProblem(row, source), true);
        return true;
      }
      return take(row);
    },
    { onChunk: onBytes },
  );
  if (!result.stopped) {
    // A quote never closed leaves the last row open; papaparse then says so.
    const last = rows.finish();
    if (last?.bytes === null) visit.problem(rowProblem(last, source), true);
    else if (last) take(last);
  }
  return { lines, bytesRead: result.bytesRead, ...(columns && { columns }) };
}

/** No header at all: the whole-file problem. */
export function noHeaderProblem(source: string): Problem {
  return { severity: 'error', source, message: `${source} has no header row and no data.` };
}

/** The chosen column is not in the header. */
export function noColumnProblem(source: string, column: string, columns: readonly string[]): Problem {
  return {
    severity: 'error',
    source,
    field: column,
    message: `${source} has no column "${column}" — its columns are: ${listNames(columns)}`,
    hint: 'Choose one of these columns.',
  };
}

export interface CsvDocumentsResult {
  lines: number;
  bytesRead: number;
  /** The header, when the file has one. */
  columns?: string[];
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
  onBytes?: (bytes: number) => void | Promise<void>,
  fields?: readonly FieldCandidate[],
): Promise<CsvDocumentsResult> {
  let refused: Problem | undefined;
  let header: string[] = [];
  const r = await readCsvRecords(
    blob,
    delimiter,
    source,
    {
      header(columns) {
        header = columns;
        if (columns.includes(column)) return true;
        refused = noColumnProblem(source, column, columns);
        return false;
      },
      row(record, cells, row) {
        sink.record?.(record);
        const where = { source, line: row.line, byteOffset: row.offset };
        const found = recordText(record, column, { columns: header, fields });
        if (!found.ok) {
          sink.problem({ ...where, ...found.problem }, true);
          return true;
        }
        // A short or long row that still has the column is kept; say what was missing or ignored.
        const ragged = raggedProblem(cells, header, where);
        if (ragged) sink.problem(ragged, false);
        sink.document({ text: found.text, byteOffset: row.offset, line: row.line, record });
        return true;
      },
      problem: (p, skipped) => sink.problem(p, skipped),
    },
    onBytes,
  );
  if (!refused && !r.columns) refused = noHeaderProblem(source);
  return refused ? { ...r, refused } : r;
}

/** The first `max` rows (header included) of a CSV file or its head, for inspection and examples. */
export async function csvHeadRows(blob: Blob, delimiter: string, max: number): Promise<string[][]> {
  const rows: string[][] = [];
  await readCsvRecords(blob, delimiter, '', {
    header(columns) {
      rows.push(columns);
      return rows.length < max;
    },
    row(record) {
      rows.push(Object.values(record));
      return rows.length < max;
    },
    problem() {},
  });
  return rows;
}
