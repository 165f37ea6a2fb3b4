import type { Problem } from '../corpus/types';

/** A parsed record and the 1-based line (JSONL) or row-start line (CSV) it came from. */
export interface SourceRecord<T extends Record<string, unknown> = Record<string, unknown>> {
  line: number;
  value: T;
}

/** A field (JSONL key, "a.b" for one level of nesting, or CSV column) and how many records have non-empty text in it. */
export interface FieldCandidate {
  name: string;
  count: number;
  /** Every non-empty value looks like a number (ids, scores, 0/1 labels): never the default text field. */
  numeric?: boolean;
}

export interface JsonlParse {
  records: SourceRecord[];
  /** Most common first; ties in the order first seen. */
  fields: FieldCandidate[];
  defaultField: string | undefined;
  problems: Problem[];
}

/** Names that usually hold the text, in order of preference. */
const PREFERRED_FIELDS = ['text', 'content', 'response', 'completion', 'output', 'body'];

export function parseJsonl(text: string, source: string): JsonlParse {
  const records: SourceRecord[] = [];
  const problems: Problem[] = [];
  const lines = splitLines(text);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const json = raw.trim();
    if (!json) return;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (err) {
      problems.push(lineError(err, raw, json, line, source));
      return;
    }
    if (isPlainObject(value)) {
      records.push({ line, value });
      return;
    }
    problems.push({
      severity: 'error',
      source,
      line,
      message: `line ${line}: expected a JSON object ({…}) but found ${describeValue(value)}`,
      hint: 'Each line must be one JSON object, e.g. {"text": "…"}.',
    });
  });
  if (problems.length > 0) {
    // Lines of pretty-printed JSON may parse on their own by accident; those records are not real either.
    const whole = wholeFileProblem(text, lines, source);
    if (whole) return { records: [], fields: [], defaultField: undefined, problems: [whole] };
  }
  const fields = listStringFields(records.map((r) => r.value));
  return { records, fields, defaultField: chooseDefaultField(fields), problems };
}

// LF or CRLF; a file with only CR (classic Mac) is split on CR so its line numbers still mean something.
function splitLines(text: string): string[] {
  if (text.includes('\n')) return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  return text.split('\r');
}

function lineError(err: unknown, raw: string, json: string, line: number, source: string): Problem {
  const at = jsonErrorAt(err, json);
  const problem: Problem = { severity: 'error', source, line, message: '', hint: jsonHint(at.detail) };
  let where = '';
  if (at.column !== undefined) {
    // Columns are reported against the untrimmed line, which is what an editor shows.
    const lead = [...raw.slice(0, raw.length - raw.trimStart().length)].length;
    problem.column = lead + at.column;
    where = `, column ${problem.column}`;
  }
  problem.message = `line ${line}${where}: not valid JSON — ${at.detail}`;
  return problem;
}

/**
 * A file that is one JSON document (an array, or a pretty-printed object) rather than JSON Lines gets one
 * problem with a conversion hint instead of a problem per line.
 */
function wholeFileProblem(text: string, lines: string[], source: string): Problem | undefined {
  const nonBlank = lines.filter((l) => l.trim());
  let doc: unknown;
  try {
    doc = JSON.parse(text.trim());
  } catch (err) {
    // A line holding only "{" or "[" never occurs in JSON Lines, so this is broken pretty-printed JSON.
    const first = nonBlank[0]?.trim();
    if (first !== '{' && first !== '[') return undefined;
    const at = jsonErrorAt(err, text.trim());
    const where = at.line === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    return {
      severity: 'error',
      source,
      message: `${source} looks like pretty-printed JSON (records spread over several lines), not JSON Lines, and it is not valid JSON either: ${at.detail}${where}.`,
      hint: 'Fix the JSON, then put each record on its own line, e.g. jq -c . in.json > out.jsonl.',
      ...(at.line === undefined ? {} : { line: at.line, column: at.column }),
    };
  }
  if (Array.isArray(doc)) {
    return {
      severity: 'error',
      source,
      message: `${source} is one JSON array (of ${doc.length} item${doc.length === 1 ? '' : 's'}), not JSON Lines (one object per line).`,
      hint: `Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.`,
    };
  }
  if (isPlainObject(doc) && nonBlank.length > 1) {
    const obj = doc;
    const listKey = Object.keys(obj).find((k) => Array.isArray(obj[k]) && obj[k].some(isPlainObject));
    const path = listKey && (/^[A-Za-z_]\w*$/.test(listKey) ? `.${listKey}` : `.["${listKey}"]`);
    return {
      severity: 'error',
      source,
      message: `${source} is a single JSON object spread over ${lines.length} lines, not JSON Lines (one object per line).`,
      hint: `Put each record on its own line, e.g. ${path ? `jq -c '${path}[]'` : 'jq -c .'} in.json > out.jsonl.`,
    };
  }
  return undefined;
}

function jsonHint(detail: string): string {
  if (/property name/i.test(detail)) {
    return 'Keys must be in double quotes, and there must be no comma before the closing }.';
  }
  if (/control character/i.test(detail)) {
    return 'A tab or line break inside a string must be written as \\t or \\n.';
  }
  if (/ends before|ends inside|unterminated string/i.test(detail)) {
    return 'Each record must be complete on one line; was a record split across lines, or the file cut off?';
  }
  if (/token '''/i.test(detail)) return 'JSON needs double quotes ("…"), not single quotes.';
  if (/after the end of the JSON/i.test(detail)) return 'Put only one JSON object on each line.';
  return 'Each line must be one complete JSON object, e.g. {"text": "…"}.';
}

/**
 * JSON.parse's error, cleaned of engine-specific position text, with the 1-based line and column
 * (in characters) when the engine gave a position. Handles V8, Firefox and Safari message styles.
 */
export function jsonErrorAt(err: unknown, text: string): { detail: string; line?: number; column?: number } {
  let msg = err instanceof Error ? err.message : String(err);
  let pos: number | undefined;
  let line: number | undefined;
  let column: number | undefined;
  const lc = /\s*\(?(?:at )?line (\d+) column (\d+)(?: of the JSON data)?\)?/.exec(msg);
  if (lc) {
    [line, column] = [Number(lc[1]), Number(lc[2])];
    msg = msg.replace(lc[0], '');
  }
  const p = / (?:in JSON )?at position (\d+)/.exec(msg);
  if (p) {
    pos = Number(p[1]);
    msg = msg.replace(p[0], '');
  }
  msg = msg
    .replace(/^JSON\.parse: /, '')
    .replace(/^JSON Parse error: /, '')
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  // Engines phrase "the input stopped early" many ways; say it one way.
  const atEnd = pos !== undefined && pos >= text.trimEnd().length;
  if (/unexpected end of (JSON input|data)/i.test(msg) || (atEnd && !/unterminated string/i.test(msg))) {
    msg = 'it ends before the JSON value is complete';
    pos ??= text.length;
  } else if (atEnd) {
    msg = 'it ends inside a string (the closing quote is missing)';
  } else if (/non-whitespace character after/i.test(msg)) {
    msg = 'there is more text after the end of the JSON value';
  } else if (/bad control character in string/i.test(msg)) {
    msg = 'a string contains a raw control character such as a tab or line break';
  }
  if (pos !== undefined && line === undefined) {
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    line = before.split('\n').length;
    column = [...before.slice(nl + 1)].length + 1;
  }
  const detail = msg.charAt(0).toLowerCase() + msg.slice(1);
  return line === undefined ? { detail } : { detail, line, column };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "an array", "a number (42)", … for messages about values of the wrong kind. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
      return `a number (${v})`;
    case 'boolean':
      return `${v}`;
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** Keys with string values, top-level and one level down as "a.b", counting records where the text is non-empty. */
export function listStringFields(records: Iterable<Record<string, unknown>>): FieldCandidate[] {
  const tally = new FieldTally();
  for (const rec of records) {
    for (const [k, v] of Object.entries(rec)) {
      if (isPlainObject(v)) for (const [k2, v2] of Object.entries(v)) tally.see(`${k}.${k2}`, v2);
      else tally.see(k, v);
    }
  }
  return tally.result();
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?\s*$/i;

/** Counts non-empty string values per field, in first-seen order, noting fields whose values are all numbers. */
export class FieldTally {
  private readonly counts = new Map<string, { count: number; numeric: boolean }>();

  see(name: string, v: unknown): void {
    if (typeof v !== 'string') return;
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { count: 0, numeric: true }));
    if (!v.trim()) return;
    c.count++;
    if (c.numeric && !NUMBER.test(v)) c.numeric = false;
  }

  /** Most filled first; Array.prototype.sort is stable, so ties stay in first-seen order. */
  result(): FieldCandidate[] {
    return [...this.counts]
      .map(([name, { count, numeric }]) =>
        count > 0 && numeric ? { name, count, numeric } : { name, count },
      )
      .sort((a, b) => b.count - a.count);
  }
}

/**
 * A conventional name ("text", "content", "response", …) if one is reasonably well filled,
 * otherwise the field with the most non-empty text; all-numeric fields only when there is nothing else.
 */
export function chooseDefaultField(fields: readonly FieldCandidate[]): string | undefined {
  const withText = fields.filter((f) => f.count > 0);
  const words = withText.filter((f) => !f.numeric);
  const filled = words.length > 0 ? words : withText;
  if (filled.length === 0) return undefined;
  const max = Math.max(...filled.map((f) => f.count));
  for (const want of PREFERRED_FIELDS) {
    // Half the best count: a "text" field present in only a few records shouldn't win over a full one.
    const f = filled.find((c) => c.name.trim().toLowerCase() === want && c.count * 2 >= max);
    if (f) return f.name;
  }
  return filled.reduce((best, f) => (f.count > best.count ? f : best)).name;
}

/** The value at `name`: an own key first, then "a.b" as key b of object a. */
export function readField(rec: Record<string, unknown>, name: string): { value: unknown } | undefined {
  if (Object.hasOwn(rec, name)) return { value: rec[name] };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const parent = rec[name.slice(0, dot)];
    const key = name.slice(dot + 1);
    if (isPlainObject(parent) && Object.hasOwn(parent, key)) return { value: parent[key] };
  }
  return undefined;
}
