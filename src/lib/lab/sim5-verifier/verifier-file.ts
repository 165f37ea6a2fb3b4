/**
 * Reading a verifier file for Sim 5: one row (CSV) or one JSON object per line (JSONL) per candidate, with
 *  - `correct`: true/false, 1/0 or yes/no — or a number for a continuous quality (e.g. ROUGE), which the
 *    lab binarises with a threshold;
 *  - `keep` (true/false, 1/0, yes/no: the verifier's decision) and/or `score` (a number: kept when it is
 *    at or above a threshold).
 * Column names are matched without regard to case or surrounding spaces; other columns are ignored.
 * Any unreadable value refuses the whole file — dropping rows would bias φ̂ and ψ̂ — with messages that
 * name the file, the line and the column and say what to write instead. CSV goes through the app's CSV
 * reader (papaparse, delimiter detection, quoting errors with line numbers), JSONL through its JSONL reader,
 * the same ones that read the Text and Statistics pages' files.
 */
import { renderProblem, type Problem } from '../../io/problem';
import { guessDelimiter } from '../../io/csv-rows';
import { describeValue } from '../../io/json-values';
import { jsonDocumentProblem } from '../../io/jsonl-record';
import { noHeaderProblem, readCsvRecords } from '../../io/csv-documents';
import { jsonlValue } from '../../io/documents';
import { readLineRecords } from '../../io/records';

export interface VerifierData {
  /** Where the candidates came from (a file name, or the toy). */
  source: string;
  /** Per candidate: 1/0, or a quality score when `quality` is true. */
  correct: Float64Array;
  /** `correct` holds a continuous quality (some value other than 0 or 1), to be thresholded. */
  quality: boolean;
  /** The verifier's keep decisions, 1/0, when the file has a `keep` column. */
  keep?: Uint8Array;
  /** The verifier's scores, when the file has a `score` column. */
  score?: Float64Array;
}

export type VerifierParse =
  { ok: true; data: VerifierData; notes: string[] } | { ok: false; errors: string[] };

/** Value errors listed before the rest are summarised (a broken column would otherwise list every line). */
const MAX_LISTED = 5;

const TRUE_WORDS = ['true', 'yes', '1', 'y', 't'];
const FALSE_WORDS = ['false', 'no', '0', 'n', 'f'];
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

interface Row {
  line: number;
  get(column: string): unknown;
}

export async function parseVerifierFile(text: string, fileName: string): Promise<VerifierParse> {
  const lower = fileName.toLowerCase();
  const jsonl =
    /\.(jsonl|ndjson|json)$/.test(lower) ||
    (!/\.(csv|tsv|txt)$/.test(lower) && text.trimStart().startsWith('{'));
  const read = jsonl ? await readJsonl(text, fileName) : await readCsv(text, fileName);
  if ('errors' in read) return { ok: false, errors: read.errors };
  const { rows, columns } = read;
  const find = (name: string) => columns.find((c) => c.trim().toLowerCase() === name);
  const correctCol = find('correct');
  const keepCol = find('keep');
  const scoreCol = find('score');
  const found = columns.length ? columns.map((c) => `'${c}'`).join(', ') : 'none';
  const where = jsonl ? 'key' : 'column';
  if (!correctCol) {
    return {
      ok: false,
      errors: [
        `${fileName} has no ${where} 'correct' (found: ${found}). Add a ${where} 'correct' saying whether each candidate is right (true/false or 1/0, or a quality score such as ROUGE).`,
      ],
    };
  }
  if (!keepCol && !scoreCol) {
    return {
      ok: false,
      errors: [
        `${fileName} has no ${where} 'keep' or 'score' (found: ${found}). Add the verifier's decision as 'keep' (true/false or 1/0) or its score as 'score' (a number; the lab keeps scores at or above a threshold).`,
      ],
    };
  }
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [`${fileName} has no candidates: add one ${jsonl ? 'line' : 'row'} per candidate.`],
    };
  }

  const errors: string[] = [];
  let more = 0;
  const fail = (message: string) => (errors.length < MAX_LISTED ? errors.push(message) : more++);
  const n = rows.length;
  const correct = new Float64Array(n);
  const keep = keepCol ? new Uint8Array(n) : undefined;
  const score = scoreCol ? new Float64Array(n) : undefined;
  let numericCorrect: { line: number; value: number } | null = null;
  let wordCorrect: { line: number; text: string } | null = null;

  rows.forEach((row, i) => {
    const at = `${fileName} line ${row.line}: ${where} '${correctCol}'`;
    const c = readValue(row.get(correctCol));
    if (c.kind === 'bool') {
      correct[i] = c.value ? 1 : 0;
      if (c.word) wordCorrect ??= { line: row.line, text: c.text };
    } else if (c.kind === 'number') {
      correct[i] = c.value;
      numericCorrect ??= { line: row.line, value: c.value };
    } else fail(`${at} ${describe(c)}; use true/false or 1/0 (or a number for a quality score).`);

    if (keepCol && keep) {
      const k = readValue(row.get(keepCol));
      if (k.kind === 'bool') keep[i] = k.value ? 1 : 0;
      else fail(`${fileName} line ${row.line}: ${where} '${keepCol}' ${describe(k)}; use true/false or 1/0.`);
    }
    if (scoreCol && score) {
      const s = readValue(row.get(scoreCol));
      if (s.kind === 'number' || (s.kind === 'bool' && !s.word)) score[i] = Number(s.value);
      else
        fail(
          `${fileName} line ${row.line}: ${where} '${scoreCol}' ${describe(s)}; use a number (the verifier keeps scores at or above the threshold).`,
        );
    }
  });

  // A quality column holds numbers other than 0/1; then words like "yes" in it are ambiguous.
  const numeric = numericCorrect as { line: number; value: number } | null;
  const word = wordCorrect as { line: number; text: string } | null;
  if (numeric && word) {
    fail(
      `${fileName} line ${word.line}: ${where} '${correctCol}' is ${word.text}, but line ${numeric.line} has the quality score ${numeric.value}; use numbers throughout (or only true/false).`,
    );
  }
  if (errors.length > 0) {
    if (more > 0) errors.push(`…and ${more} more value${more === 1 ? '' : 's'} like these.`);
    return { ok: false, errors };
  }
  const notes: string[] = [];
  if (keep && score) notes.push(`${fileName} has both 'keep' and 'score'; choose which the verifier uses.`);
  return {
    ok: true,
    data: {
      source: fileName,
      correct,
      quality: numeric !== null,
      ...(keep ? { keep } : {}),
      ...(score ? { score } : {}),
    },
    notes,
  };
}

type Value =
  | { kind: 'bool'; value: boolean; word: boolean; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'empty'; missing: boolean }
  | { kind: 'bad'; text: string };

/** A cell or JSON value as a boolean (true/false, yes/no, 1/0), a number, empty, or unreadable. */
function readValue(v: unknown): Value {
  if (typeof v === 'boolean') return { kind: 'bool', value: v, word: true, text: String(v) };
  if (typeof v === 'number') {
    if (v === 0 || v === 1) return { kind: 'bool', value: v === 1, word: false, text: String(v) };
    return Number.isFinite(v)
      ? { kind: 'number', value: v, text: String(v) }
      : { kind: 'bad', text: String(v) };
  }
  if (v === undefined) return { kind: 'empty', missing: true };
  if (v === null) return { kind: 'empty', missing: false };
  if (typeof v !== 'string') return { kind: 'bad', text: describeValue(v) };
  const t = v.trim();
  if (t === '') return { kind: 'empty', missing: false };
  const lower = t.toLowerCase();
  if (NUMBER.test(t)) {
    const x = Number(t);
    if (x === 0 || x === 1) return { kind: 'bool', value: x === 1, word: false, text: `'${t}'` };
    return { kind: 'number', value: x, text: `'${t}'` };
  }
  if (TRUE_WORDS.includes(lower)) return { kind: 'bool', value: true, word: true, text: `'${t}'` };
  if (FALSE_WORDS.includes(lower)) return { kind: 'bool', value: false, word: true, text: `'${t}'` };
  return { kind: 'bad', text: `'${t.length > 30 ? `${t.slice(0, 30)}…` : t}'` };
}

function describe(v: Value): string {
  if (v.kind === 'empty') return v.missing ? 'is missing' : 'is empty';
  return `is ${v.text}`;
}

function problemText(p: Problem, fileName: string): string {
  const message = p.message.startsWith(fileName) ? p.message : `${fileName} ${p.message}`;
  return p.hint ? `${message} ${p.hint}` : message;
}

async function readCsv(
  text: string,
  fileName: string,
): Promise<{ rows: Row[]; columns: string[] } | { errors: string[] }> {
  const errors: Problem[] = [];
  const rows: Row[] = [];
  // A header-only file is reported by the caller as "no candidates" once the columns are known to be right.
  const read = await readCsvRecords(new Blob([text]), guessDelimiter(text), fileName, {
    header() {},
    row(record, _cells, row) {
      rows.push({ line: row.line, get: (c: string) => record[c] });
    },
    problem(p) {
      if (p.severity === 'error') errors.push(renderProblem(p));
    },
  });
  if (!read.columns) errors.unshift(noHeaderProblem(fileName));
  if (errors.length > 0) return { errors: errors.slice(0, MAX_LISTED).map((p) => problemText(p, fileName)) };
  return { columns: read.columns ?? [], rows };
}

async function readJsonl(
  text: string,
  fileName: string,
): Promise<{ rows: Row[]; columns: string[] } | { errors: string[] }> {
  const blob = new Blob([text]);
  const errors: Problem[] = [];
  const records: { line: number; value: Record<string, unknown> }[] = [];
  await readLineRecords(blob, { start: 0, end: blob.size }, (r) => {
    const value = jsonlValue(r, fileName, { problem: (p) => errors.push(renderProblem(p)) });
    if (value) records.push({ line: r.line, value });
  });
  if (errors.length > 0) {
    const whole = jsonDocumentProblem(text, fileName);
    return { errors: (whole ? [whole] : errors.slice(0, MAX_LISTED)).map((p) => problemText(p, fileName)) };
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r.value)) {
      const key = k.trim().toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(k);
      }
    }
  }
  return {
    columns,
    // Keys are matched by name case-insensitively on every line (one line may write "Correct", another "correct").
    rows: records.map((r) => ({
      line: r.line,
      get: (c: string) => {
        const want = c.trim().toLowerCase();
        const key = Object.keys(r.value).find((k) => k.trim().toLowerCase() === want);
        return key === undefined ? undefined : r.value[key];
      },
    })),
  };
}
