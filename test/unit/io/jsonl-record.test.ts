import { describe, expect, it } from 'vitest';
import { renderProblem, type Problem } from '../../../src/lib/io/problem';
import { jsonDocumentProblem } from '../../../src/lib/io/jsonl-record';
import { jsonlValue } from '../../../src/lib/io/documents';
import { readLineRecords } from '../../../src/lib/io/records';
import { blob } from './stream-support';

/** A JSON Lines text read the way every page reads one: line by line through the one record parser. */
async function readJsonl(text: string) {
  const file = blob(text);
  const records: { line: number; value: Record<string, unknown> }[] = [];
  const problems: Problem[] = [];
  await readLineRecords(file, { start: 0, end: file.size }, (r) => {
    const value = jsonlValue(r, 'data.jsonl', { problem: (p) => problems.push(renderProblem(p)) });
    if (value) records.push({ line: r.line, value });
  });
  return { records, problems };
}

describe('JSON Lines records: good lines load, bad lines are reported by line', async () => {
  const text = [
    '{"text": "first"}', //               1
    '', //                                 2 blank
    '{"text": "second", }', //            3 trailing comma
    '   ', //                              4 whitespace only
    '{"text": "third"}', //               5
    "{'text': 'single quotes'}", //       6
    '{"text": "cut off', //               7
    '["an", "array"]', //                 8
    '"just a string"', //                 9
    '{"text": "tab\there"}', //          10 raw tab inside a string
    '{"a": 1} {"b": 2}', //               11 two objects on one line
    '  {"text": "indented", x}', //       12
    '{"text": "last"}', //               13
    '', // trailing newline
  ].join('\n');
  const r = await readJsonl(text);

  it('keeps the good records with their line numbers', () => {
    expect(r.records.map((x) => [x.line, x.value.text])).toEqual([
      [1, 'first'],
      [5, 'third'],
      [13, 'last'],
    ]);
  });

  it('reports each bad line, with the column where the engine gives one', () => {
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 20, 'line 3, column 20: not valid JSON — expected double-quoted property name; skipped'],
      [6, 2, "line 6, column 2: not valid JSON — expected property name or '}'; skipped"],
      [
        7,
        18,
        'line 7, column 18: not valid JSON — it ends inside a string (the closing quote is missing); skipped',
      ],
      [8, undefined, 'line 8: expected a JSON object ({…}) but found an array; skipped'],
      [9, undefined, 'line 9: expected a JSON object ({…}) but found a string; skipped'],
      [
        10,
        14,
        'line 10, column 14: not valid JSON — a string contains a raw control character such as a tab or line break; skipped',
      ],
      [
        11,
        10,
        'line 11, column 10: not valid JSON — there is more text after the end of the JSON value; skipped',
      ],
      [12, 24, 'line 12, column 24: not valid JSON — expected double-quoted property name; skipped'],
    ]);
    expect(r.problems.every((p) => p.severity === 'error' && p.source === 'data.jsonl')).toBe(true);
  });

  it('gives a hint that fits the mistake', () => {
    const hint = (line: number) => r.problems.find((p) => p.line === line)?.hint;
    expect(hint(3)).toBe('Keys must be in double quotes, and there must be no comma before the closing }.');
    expect(hint(7)).toMatch(/^Each record must be complete on one line/);
    expect(hint(8)).toBe('Each line must be one JSON object, e.g. {"text": "…"}.');
    expect(hint(10)).toBe('A tab or line break inside a string must be written as \\t or \\n.');
    expect(hint(11)).toBe('Put only one JSON object on each line.');
  });
});

describe('JSON Lines records: line endings', () => {
  it.each([
    ['CRLF', '{"text":"a"}\r\n{"text":"b"}\r\n\r\n{"text":"c"}\r\n'],
    ['LF, no trailing newline', '{"text":"a"}\n{"text":"b"}\n\n{"text":"c"}'],
  ])('%s: same records, same line numbers, no problems', async (_name, text) => {
    const r = await readJsonl(text);
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.line, x.value.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [4, 'c'],
    ]);
  });

  it('keeps CRLF inside string values as written', async () => {
    const r = await readJsonl('{"text":"a\\r\\nb"}\r\n');
    expect(r.records[0].value.text).toBe('a\r\nb');
  });

  it('reports columns in characters on a CRLF line with non-ASCII text', async () => {
    const r = await readJsonl('{"text":"ok"}\r\n{"text": "日本語", oops}\r\n');
    expect(r.problems[0]).toMatchObject({ line: 2, column: 17 });
  });
});

describe('a whole JSON document instead of JSON Lines', () => {
  it('a JSON array is one problem with a conversion hint', () => {
    expect(jsonDocumentProblem('[\n  {"text": "a"},\n  {"text": "b"}\n]\n', 'data.json')).toEqual({
      severity: 'error',
      source: 'data.json',
      message: 'data.json is one JSON array (of 2 items), not JSON Lines (one object per line).',
      hint: "Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.",
    });
  });

  it('a pretty-printed object holding a list points at that list', () => {
    const p = jsonDocumentProblem('{\n  "data": [\n    {"text": "a"}\n  ]\n}\n', 'export.jsonl');
    expect(p?.message).toBe(
      'export.jsonl is a single JSON object spread over 5 lines, not JSON Lines (one object per line).',
    );
    expect(p?.hint).toBe("Put each record on its own line, e.g. jq -c '.data[]' in.json > out.jsonl.");
  });

  it('broken pretty-printed JSON says so once, with where the JSON breaks', () => {
    expect(jsonDocumentProblem('{\n  "text": "a",\n  "n": 1\n}\n{\n  "text": "b",\n}\n', 'x.jsonl')).toEqual({
      severity: 'error',
      source: 'x.jsonl',
      line: 5,
      column: 1,
      message:
        'x.jsonl looks like pretty-printed JSON (records spread over several lines), not JSON Lines, and it is not valid JSON either: there is more text after the end of the JSON value (line 5, column 1).',
      hint: 'Fix the JSON, then put each record on its own line, e.g. jq -c . in.json > out.jsonl.',
    });
  });

  it('a broken array on one line (a cut-off download) says so', () => {
    expect(jsonDocumentProblem('[{"text": "a"}, {"text": "b"', 'cut.json')?.message).toMatch(
      /^cut\.json looks like one JSON array, not JSON Lines, and it is not valid JSON either: .* \(line 1, column \d+\)\.$/,
    );
  });

  it('JSON Lines, even of one record, is not a document', () => {
    expect(jsonDocumentProblem('{"text": "only"}', 'x.jsonl')).toBeUndefined();
    expect(jsonDocumentProblem('{"text": "a"}\n{"text": "b"}\n', 'x.jsonl')).toBeUndefined();
  });
});
