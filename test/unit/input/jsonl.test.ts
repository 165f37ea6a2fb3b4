import { describe, expect, it } from 'vitest';
import {
  chooseDefaultField,
  type FieldCandidate,
  jsonErrorAt,
  listStringFields,
  parseJsonl,
  readField,
} from '../../../src/lib/input/jsonl';

describe('parseJsonl: good lines load, bad lines are reported by line', () => {
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
  const r = parseJsonl(text, 'data.jsonl');

  it('keeps the good records with their line numbers', () => {
    expect(r.records.map((x) => [x.line, x.value.text])).toEqual([
      [1, 'first'],
      [5, 'third'],
      [13, 'last'],
    ]);
  });

  it('reports each bad line, with the column where the engine gives one', () => {
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 20, 'line 3, column 20: not valid JSON — expected double-quoted property name'],
      [6, 2, "line 6, column 2: not valid JSON — expected property name or '}'"],
      [7, 18, 'line 7, column 18: not valid JSON — it ends inside a string (the closing quote is missing)'],
      [8, undefined, 'line 8: expected a JSON object ({…}) but found an array'],
      [9, undefined, 'line 9: expected a JSON object ({…}) but found a string'],
      [
        10,
        14,
        'line 10, column 14: not valid JSON — a string contains a raw control character such as a tab or line break',
      ],
      [11, 10, 'line 11, column 10: not valid JSON — there is more text after the end of the JSON value'],
      [12, 24, 'line 12, column 24: not valid JSON — expected double-quoted property name'],
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

describe('parseJsonl: line endings', () => {
  it.each([
    ['CRLF', '{"text":"a"}\r\n{"text":"b"}\r\n\r\n{"text":"c"}\r\n'],
    ['LF, no trailing newline', '{"text":"a"}\n{"text":"b"}\n\n{"text":"c"}'],
    ['CR only', '{"text":"a"}\r{"text":"b"}\r\r{"text":"c"}\r'],
  ])('%s: same records, same line numbers, no problems', (_name, text) => {
    const r = parseJsonl(text, 'x.jsonl');
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.line, x.value.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [4, 'c'],
    ]);
  });

  it('keeps CRLF inside string values as written', () => {
    const r = parseJsonl('{"text":"a\\r\\nb"}\r\n', 'x.jsonl');
    expect(r.records[0].value.text).toBe('a\r\nb');
  });

  it('reports columns in characters on a CRLF line with non-ASCII text', () => {
    const r = parseJsonl('{"text":"ok"}\r\n{"text": "日本語", oops}\r\n', 'x.jsonl');
    expect(r.problems[0]).toMatchObject({ line: 2, column: 17 });
  });
});

describe('parseJsonl: whole-file JSON instead of JSON Lines', () => {
  it('a JSON array is one problem with a conversion hint', () => {
    const r = parseJsonl('[\n  {"text": "a"},\n  {"text": "b"}\n]\n', 'data.json');
    expect(r.records).toEqual([]);
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'data.json',
        message: 'data.json is one JSON array (of 2 items), not JSON Lines (one object per line).',
        hint: "Convert it to one object per line, e.g. jq -c '.[]' in.json > out.jsonl.",
      },
    ]);
  });

  it('a pretty-printed object holding a list points at that list', () => {
    const r = parseJsonl('{\n  "data": [\n    {"text": "a"}\n  ]\n}\n', 'export.jsonl');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toBe(
      'export.jsonl is a single JSON object spread over 6 lines, not JSON Lines (one object per line).',
    );
    expect(r.problems[0].hint).toBe(
      "Put each record on its own line, e.g. jq -c '.data[]' in.json > out.jsonl.",
    );
  });

  it('broken pretty-printed JSON says so once, with where the JSON breaks', () => {
    const r = parseJsonl('{\n  "text": "a",\n  "n": 1\n}\n{\n  "text": "b",\n}\n', 'x.jsonl');
    expect(r.records).toEqual([]);
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'x.jsonl',
        line: 5,
        column: 1,
        message:
          'x.jsonl looks like pretty-printed JSON (records spread over several lines), not JSON Lines, and it is not valid JSON either: there is more text after the end of the JSON value (line 5, column 1).',
        hint: 'Fix the JSON, then put each record on its own line, e.g. jq -c . in.json > out.jsonl.',
      },
    ]);
  });

  it('a one-object file on one line is just a record', () => {
    expect(parseJsonl('{"text": "only"}', 'x.jsonl').records).toHaveLength(1);
  });
});

describe('field candidates and the default field', () => {
  it('counts records with non-empty text per field, including one level of nesting', () => {
    const records = [
      { id: 1, text: 'a', meta: { title: 'T', n: 3 } },
      { id: 2, text: '', meta: { title: 'U' } },
      { id: 3, text: 'c', body: 'x', tags: ['not', 'strings'] },
    ];
    expect(listStringFields(records)).toEqual([
      { name: 'text', count: 2 },
      { name: 'meta.title', count: 2 },
      { name: 'body', count: 1 },
    ]);
  });

  it('marks fields whose values are all numbers', () => {
    expect(listStringFields([{ id: '17', score: '-0.5e3', pct: '12%', text: '42 apples' }])).toEqual([
      { name: 'id', count: 1, numeric: true },
      { name: 'score', count: 1, numeric: true },
      { name: 'pct', count: 1, numeric: true },
      { name: 'text', count: 1 },
    ]);
  });

  it('parseJsonl fills fields and defaultField', () => {
    const r = parseJsonl('{"prompt":"p","response":"r"}\n{"prompt":"q","response":"s"}\n', 'x.jsonl');
    expect(r.fields).toEqual([
      { name: 'prompt', count: 2 },
      { name: 'response', count: 2 },
    ]);
    expect(r.defaultField).toBe('response');
  });

  const defaults: [string, FieldCandidate[], string | undefined][] = [
    [
      '"text" wins',
      [
        { name: 'body', count: 9 },
        { name: 'text', count: 9 },
      ],
      'text',
    ],
    [
      'then "content"',
      [
        { name: 'title', count: 9 },
        { name: 'content', count: 9 },
      ],
      'content',
    ],
    [
      'then "response"',
      [
        { name: 'prompt', count: 9 },
        { name: 'response', count: 9 },
      ],
      'response',
    ],
    [
      'case and spaces are ignored',
      [
        { name: 'id', count: 9 },
        { name: ' Text ', count: 9 },
      ],
      ' Text ',
    ],
    [
      'a barely filled "text" loses',
      [
        { name: 'story', count: 100 },
        { name: 'text', count: 3 },
      ],
      'story',
    ],
    [
      'otherwise the most common',
      [
        { name: 'a', count: 2 },
        { name: 'b', count: 7 },
      ],
      'b',
    ],
    [
      'ties go to the first seen',
      [
        { name: 'a', count: 5 },
        { name: 'b', count: 5 },
      ],
      'a',
    ],
    ['only empty fields: none', [{ name: 'text', count: 0 }], undefined],
    ['no fields: none', [], undefined],
    [
      'numbers-as-strings lose to words',
      [
        { name: 'id', count: 9, numeric: true },
        { name: 'story', count: 4 },
      ],
      'story',
    ],
    ['…unless there is nothing else', [{ name: 'id', count: 9, numeric: true }], 'id'],
  ];
  it.each(defaults)('%s', (_name, fields, expected) => {
    expect(chooseDefaultField(fields)).toBe(expected);
  });

  it('readField finds own keys first, then "a.b"', () => {
    expect(readField({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toEqual({ value: 1 });
    expect(readField({ a: { b: 2 } }, 'a.b')).toEqual({ value: 2 });
    expect(readField({ a: { c: 2 } }, 'a.b')).toBeUndefined();
    expect(readField({ text: null }, 'text')).toEqual({ value: null });
  });
});

describe('jsonErrorAt understands each engine', () => {
  const text = '{\n  "a": 1,\n}';
  it.each([
    ['V8 (Node 20, Chrome)', 'Expected double-quoted property name in JSON at position 12', 3, 1],
    ['V8 (newer)', 'Expected double-quoted property name in JSON at position 12 (line 3 column 1)', 3, 1],
    ['Firefox', 'JSON.parse: expected double-quoted property name at line 3 column 1 of the JSON data', 3, 1],
  ])('%s', (_engine, message, line, column) => {
    expect(jsonErrorAt(new SyntaxError(message), text)).toEqual({
      detail: 'expected double-quoted property name',
      line,
      column,
    });
  });
  it('Safari (no position)', () => {
    expect(jsonErrorAt(new SyntaxError("JSON Parse error: Expected '}'"), text)).toEqual({
      detail: "expected '}'",
    });
  });
  it('V8 "Unexpected token" drops the echoed input', () => {
    expect(
      jsonErrorAt(new SyntaxError(`Unexpected token 'o', ..."", "b": nope}" is not valid JSON`), ''),
    ).toEqual({
      detail: "unexpected token 'o'",
    });
  });
});
