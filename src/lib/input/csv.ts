import Papa, { type ParseError } from 'papaparse';
import type { Problem } from '../corpus/types';
import { chooseDefaultField, FieldTally, type FieldCandidate, type SourceRecord } from './jsonl';

export interface CsvParse {
  /** One per data row; `value` maps column name → cell, with cells a short row lacks left out. */
  records: SourceRecord<Record<string, string>>[];
  /** Column names from the header row, made unique and non-empty. */
  columns: string[];
  /** Every column with its count of non-empty cells, most filled first. */
  fields: FieldCandidate[];
  defaultField: string | undefined;
  delimiter: string;
  problems: Problem[];
}

const QUOTING_HINT =
  'A value containing the delimiter, a double quote or a line break must be wrapped in double quotes, ' +
  'with quotes inside it doubled: "she said ""hi""".';

/**
 * Parses CSV/TSV whose first non-blank row is the header. Rows with broken quoting are skipped (as
 * errors); rows with too few or too many cells are kept (as warnings). `delimiter` defaults to the one
 * the header row uses most (comma, tab, semicolon or bar).
 */
export function parseCsv(text: string, source: string, opts: { delimiter?: string } = {}): CsvParse {
  const delimiter = opts.delimiter ?? guessDelimiter(text);
  const records: SourceRecord<Record<string, string>>[] = [];
  const problems: Problem[] = [];
  const lines = lineCounter(text);
  let columns: string[] | undefined;
  let rowStart = 0;

  Papa.parse<string[]>(text, {
    delimiter,
    // Each step ends at meta.cursor, just past the row's line break, so the next row starts there.
    step: (result) => {
      const start = rowStart;
      rowStart = result.meta.cursor;
      const cells = result.data;
      const line = lines.at(start);
      if (result.errors.length > 0) {
        problems.push(quoteProblem(result.errors, line, lines.at(Math.max(start, rowStart - 1)), source));
        return;
      }
      // Blank and all-empty rows (Excel pads sheets with ",,,") hold nothing to score.
      if (cells.every((c) => c.trim() === '')) return;
      if (!columns) {
        columns = headerNames(cells, line, source, problems);
        return;
      }
      if (cells.length !== columns.length) problems.push(raggedProblem(cells.length, columns, line, source));
      const value: Record<string, string> = {};
      columns.forEach((name, i) => {
        if (i < cells.length) value[name] = cells[i];
      });
      records.push({ line, value });
    },
  });

  const cols = columns ?? [];
  if (!columns) {
    problems.push({ severity: 'error', source, message: `${source} has no header row and no data.` });
  } else if (records.length === 0) {
    problems.push({
      severity: 'error',
      source,
      message: `${source} has a header row (${cols.join(', ')}) but no data rows — nothing to score.`,
      hint: 'The first row is read as column names; the texts go in the rows below it.',
    });
  }
  const tally = new FieldTally();
  for (const name of cols) tally.see(name, ''); // every column is a candidate, even an empty one
  for (const r of records) for (const [name, cell] of Object.entries(r.value)) tally.see(name, cell);
  const fields = tally.result();
  return { records, columns: cols, fields, defaultField: chooseDefaultField(fields), problems, delimiter };
}

const DELIMITERS = [',', '\t', ';', '|'];

// Only the header row is trusted for this: data rows are prose that may be full of commas.
function guessDelimiter(text: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Maps character offsets to 1-based line numbers; offsets must not decrease between calls. */
function lineCounter(text: string) {
  let pos = 0;
  let line = 1;
  return {
    at(offset: number): number {
      for (; pos < offset && pos < text.length; pos++) {
        const ch = text.charCodeAt(pos);
        if (ch === 10 || (ch === 13 && text.charCodeAt(pos + 1) !== 10)) line++;
      }
      return line;
    },
  };
}

function headerNames(cells: string[], line: number, source: string, problems: Problem[]): string[] {
  const seen = new Set<string>();
  return cells.map((raw, i) => {
    let name = raw;
    if (!name.trim()) {
      name = `column ${i + 1}`;
      problems.push({
        severity: 'warning',
        source,
        line,
        column: i + 1,
        message: `line ${line}: column ${i + 1} has no name in the header row; it is called "${name}" here`,
      });
    }
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name} (${n})`)) n++;
      problems.push({
        severity: 'warning',
        source,
        line,
        column: i + 1,
        field: name,
        message: `line ${line}: the header names column "${name}" more than once; column ${i + 1} is called "${name} (${n})" here`,
      });
      name = `${name} (${n})`;
    }
    seen.add(name);
    return name;
  });
}

function raggedProblem(count: number, columns: string[], line: number, source: string): Problem {
  const has = `line ${line}: ${count} value${count === 1 ? '' : 's'} but the header has ${columns.length} columns`;
  if (count < columns.length) {
    const missing = columns.slice(count);
    return {
      severity: 'warning',
      source,
      line,
      message: `${has} — ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
      hint: `Check this line for a missing delimiter. ${QUOTING_HINT}`,
    };
  }
  const extra = count - columns.length;
  return {
    severity: 'warning',
    source,
    line,
    message: `${has} — the extra ${extra === 1 ? 'value was' : `${extra} values were`} ignored`,
    hint: QUOTING_HINT,
  };
}

function quoteProblem(errors: ParseError[], line: number, endLine: number, source: string): Problem {
  const span =
    endLine > line ? `lines ${line}–${endLine} were read as one row and skipped` : 'the row was skipped';
  const unclosed = errors.some((e) => e.code === 'MissingQuotes');
  const what = unclosed
    ? 'a quoted value is never closed'
    : errors.some((e) => e.code === 'InvalidQuotes')
      ? 'a quoted value has other characters after its closing quote'
      : errors[0].message.toLowerCase();
  return {
    severity: 'error',
    source,
    line,
    message: `line ${line}: ${what}, so ${span}`,
    hint: QUOTING_HINT,
  };
}
