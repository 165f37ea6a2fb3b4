/**
 * The one JSON Lines record parser: a line of a .jsonl file → its object, or what is wrong with it (column
 * and what to do). Both pages, the lab's verifier files and the statistics engine read records through it.
 * Also the one check that a "JSON Lines" file is in fact a single JSON document (an array, or an object
 * spread over lines), which gets one problem with a conversion hint instead of one per line.
 */
import type { Problem } from './problem';
import { describeValue, isPlainObject, jsonErrorAt } from './json-values';

const ONE_OBJECT = 'Each line must be one complete JSON object, e.g. {"text": "…"}.';

export type JsonlRecord =
  | { ok: true; value: Record<string, unknown> }
  /** `column`: 1-based, in characters of the untrimmed line (what an editor shows). */
  | { ok: false; column?: number; detail: string; hint: string };

/** Parses one non-blank line; problems are worded "not valid JSON — …; skipped" (the caller adds where). */
export function parseJsonlRecord(raw: string): JsonlRecord {
  const json = raw.trim();
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    const at = jsonErrorAt(err, json);
    const problem: JsonlRecord = {
      ok: false,
      detail: `not valid JSON — ${at.detail}; skipped`,
      hint: jsonHint(at.detail),
    };
    if (at.column !== undefined) {
      const lead = [...raw.slice(0, raw.length - raw.trimStart().length)].length;
      problem.column = lead + at.column;
    }
    return problem;
  }
  if (isPlainObject(value)) return { ok: true, value };
  return {
    ok: false,
    detail: `expected a JSON object ({…}) but found ${describeValue(value)}; skipped`,
    hint: 'Each line must be one JSON object, e.g. {"text": "…"}.',
  };
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
  return ONE_OBJECT;
}

/**
 * Whether a file whose first line is not a JSON Lines record should be read as one JSON document: its first
 * non-blank line opens an array or object without being a complete object itself.
 */
export function mayBeJsonDocument(firstLine: string): boolean {
  const t = firstLine.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  return !parseJsonlRecord(t).ok;
}

/**
 * A file that is one JSON document (an array, or a pretty-printed object) rather than JSON Lines: one
 * problem with a conversion hint. Undefined when `text` is not such a document (read it line by line).
 */
export function jsonDocumentProblem(text: string, source: string): Problem | undefined {
  const trimmed = text.trim();
  const nonBlank = trimmed.split('\n').filter((l) => l.trim());
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch (err) {
    // A line holding only "{", or starting with "[", never occurs in JSON Lines: this is broken JSON.
    const first = nonBlank[0]?.trim() ?? '';
    if (first !== '{' && !first.startsWith('[')) return undefined;
    const at = jsonErrorAt(err, trimmed);
    const where = at.line === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    const what =
      nonBlank.length === 1 ? 'one JSON array' : 'pretty-printed JSON (records spread over several lines)';
    return {
      severity: 'error',
      source,
      message: `${source} looks like ${what}, not JSON Lines, and it is not valid JSON either: ${at.detail}${where}.`,
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
      message: `${source} is a single JSON object spread over ${nonBlank.length} lines, not JSON Lines (one object per line).`,
      hint: `Put each record on its own line, e.g. ${path ? `jq -c '${path}[]'` : 'jq -c .'} in.json > out.jsonl.`,
    };
  }
  return undefined;
}

/** For a file too large to parse whole: it looks like one JSON document, which JSON Lines is not. */
export function largeJsonDocumentProblem(source: string): Problem {
  return {
    severity: 'error',
    source,
    message: `${source} looks like one JSON document (an array, or an object spread over several lines), not JSON Lines (one object per line).`,
    hint: `Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.`,
  };
}
