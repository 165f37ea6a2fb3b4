/**
 * The one CSV/TSV parser, as a stream of lines: lines are joined while a quoted value is open, with their
 * own line breaks (LF or CRLF) kept inside the value; each complete row
 * is split into cells by papaparse; the first non-blank row is the header. Both pages, the statistics
 * engine and the lab's verifier files read CSV through it, so a file reads the same everywhere and its
 * problems are worded once.
 */
import Papa from 'papaparse';
import type { RecordProblem } from './problem';
import { formatBytes, isBlankLine, MAX_RECORD_BYTES, type LineInfo } from './lines';

export const QUOTING_HINT =
  'A value containing the delimiter, a double quote or a line break must be wrapped in double quotes, ' +
  'with quotes inside it doubled: "she said ""hi""".';

/** A row's bytes (its lines joined with their own breaks) and where it starts. */
export interface CsvRowBytes {
  /** Null when the row is longer than the cap (`size` says how long). */
  bytes: Uint8Array | null;
  size: number;
  line: number;
  /** Lines it spans. */
  lines: number;
  offset: number;
}

const QUOTE = 0x22;

/**
 * Whether a quoted value is still open at the end of `line`, given whether one was open at its start. As in
 * papaparse, a quote opens a value only at the start of a field (5'11" inside a plain value is a character,
 * not the start of a quoted value), and "" inside a quoted value is an escaped quote.
 */
export function endsInQuotes(line: Uint8Array, delimiter: number, open: boolean): boolean {
  let fieldStart = !open;
  for (let i = 0; i < line.length; i++) {
    const b = line[i];
    if (open) {
      if (b !== QUOTE) continue;
      if (line[i + 1] === QUOTE) i++;
      else open = false;
    } else if (b === delimiter) {
      fieldStart = true;
      continue;
    } else if (b === QUOTE && fieldStart) {
      open = true;
    }
    fieldStart = false;
  }
  return open;
}

/** Joins a file's lines into CSV rows (a quoted value may span lines); blank lines between rows are skipped. */
export class CsvRowAssembler {
  private parts: Uint8Array[] = [];
  private breaks: boolean[] = [];
  private bytes = 0;
  private open = false;
  private row: Omit<CsvRowBytes, 'bytes' | 'size'> = { line: 0, lines: 0, offset: 0 };
  /** The row being taken passed the cap: its bytes were not kept. */
  private over = false;

  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly maxBytes = MAX_RECORD_BYTES,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Feeds the line numbered `line` (null: longer than the cap by itself); returns the row it completes.
   * `crlf` keeps a CR LF break inside a quoted value as it was.
   */
  push(raw: Uint8Array | null, info: LineInfo, line: number, offset: number): CsvRowBytes | null {
    if (this.row.lines === 0) {
      if (raw !== null && isBlankLine(raw)) return null;
      this.row = { line, lines: 0, offset };
    }
    this.row.lines++;
    const size = this.bytes + (this.row.lines > 1 ? 1 : 0) + info.length;
    if (raw === null || size > this.maxBytes) {
      // Too long to be a row: most likely a quote that is never closed. Give the row up at this line rather
      // than hold the rest of the file; the next line starts a new row.
      this.over = true;
      this.bytes = size;
      return this.take();
    }
    this.parts.push(raw.slice());
    this.breaks.push(info.crlf); // the break after this line, kept if the row goes on
    this.bytes = size;
    this.open = endsInQuotes(raw, this.delimiter, this.open);
    return this.open ? null : this.take();
  }

  /** At the end of the file: the row an unclosed quote left open, if any (papaparse then says so). */
  finish(): CsvRowBytes | null {
    return this.row.lines > 0 ? this.take() : null;
  }

  private take(): CsvRowBytes {
    let bytes: Uint8Array | null = null;
    if (!this.over) {
      const crlfs = this.breaks.slice(0, -1).filter(Boolean).length;
      bytes = new Uint8Array(this.bytes + crlfs);
      let at = 0;
      this.parts.forEach((p, i) => {
        if (i > 0) {
          if (this.breaks[i - 1]) bytes![at++] = 0x0d;
          bytes![at++] = 0x0a;
        }
        bytes!.set(p, at);
        at += p.length;
      });
    }
    const out: CsvRowBytes = { bytes, size: bytes?.length ?? this.bytes, ...this.row };
    this.parts = [];
    this.breaks = [];
    this.bytes = 0;
    this.open = false;
    this.over = false;
    this.row = { line: 0, lines: 0, offset: 0 };
    return out;
  }
}

/** One row's cells, or papaparse's complaint in plain words. */
export function parseCsvRow(text: string, delimiter: string): { cells: string[] } | { error: string } {
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
  // A quoted value holding a line break is one row; papaparse never splits it.
  return { cells: parsed.data[0] ?? [] };
}

const DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter the header row (the first non-blank line outside quotes) uses most: comma, tab, semicolon or bar. */
export function guessDelimiter(text: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let seen = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (seen) break;
    } else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    if (ch.trim()) seen = true;
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

type Where = Pick<RecordProblem, 'source' | 'line' | 'byteOffset'>;

/** Why a row was skipped: broken quoting, or too long to be a row. */
export function rowProblem(row: CsvRowBytes, source: string, error?: string): RecordProblem {
  const where: Where = { source, line: row.line, byteOffset: row.offset };
  const span =
    row.lines > 1 ? `lines ${row.line}–${row.line + row.lines - 1} were read as one row and skipped` : '';
  if (row.bytes === null) {
    return {
      severity: 'error',
      ...where,
      detail:
        `this row is over ${formatBytes(MAX_RECORD_BYTES)}, the most one record may hold (probably a quoted value ` +
        `that is never closed), so ${span || 'it was skipped'}`,
      hint: QUOTING_HINT,
    };
  }
  return {
    severity: 'error',
    ...where,
    detail: `${error}, so ${span || 'the row was skipped'}`,
    hint: QUOTING_HINT,
  };
}

/**
 * The header's cells made unique and non-empty ("column 2", "text (2)"), with a warning for each renamed
 * column so the user knows what the names in the field list refer to.
 */
export function headerNames(
  cells: readonly string[],
  where?: { source: string; line: number },
  warn?: (p: RecordProblem) => void,
): string[] {
  const seen = new Set<string>();
  return cells.map((raw, i) => {
    let name = raw;
    if (!name.trim()) {
      name = `column ${i + 1}`;
      if (where && warn) {
        warn({
          severity: 'warning',
          ...where,
          detail: `column ${i + 1} has no name in the header row; it is called "${name}" here`,
        });
      }
    }
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name} (${n})`)) n++;
      if (where && warn) {
        warn({
          severity: 'warning',
          ...where,
          field: name,
          detail: `the header names column "${name}" more than once; column ${i + 1} is called "${name} (${n})" here`,
        });
      }
      name = `${name} (${n})`;
    }
    seen.add(name);
    return name;
  });
}

/** A data row as a record: column → cell, with cells a short row lacks left out (not empty). */
export function csvRecord(columns: readonly string[], cells: readonly string[]): Record<string, string> {
  const value: Record<string, string> = {};
  columns.forEach((name, i) => {
    if (i < cells.length) value[name] = cells[i];
  });
  return value;
}

/** A row with more or fewer cells than the header has columns (kept: the warning says what happened). */
export function raggedProblem(
  count: number,
  columns: readonly string[],
  where: Where,
): RecordProblem | undefined {
  if (count === columns.length) return undefined;
  const has = `${count} value${count === 1 ? '' : 's'} but the header has ${columns.length} columns`;
  if (count < columns.length) {
    const missing = columns.slice(count);
    return {
      severity: 'warning',
      ...where,
      detail: `${has} — ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
      hint: `Check this line for a missing delimiter. ${QUOTING_HINT}`,
    };
  }
  const extra = count - columns.length;
  return {
    severity: 'warning',
    ...where,
    detail: `${has} — the extra ${extra === 1 ? 'value was' : `${extra} values were`} ignored`,
    hint: QUOTING_HINT,
  };
}
