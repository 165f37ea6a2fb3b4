import { describe, expect, it } from 'vitest';
import { chooseDefaultField, listStringFields, type FieldCandidate } from '../../../src/lib/io/fields';
import { jsonErrorAt, readField } from '../../../src/lib/io/json-values';

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
