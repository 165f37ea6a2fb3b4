import { describe, expect, it } from 'vitest';
import {
  MAX_LISTED_PROBLEMS,
  corpusKindOf,
  fromPastedText,
  readCorpusFile,
  toDocuments,
  type ParsedCorpus,
} from '../../../src/lib/input/corpus-file';
import { bytes } from './bytes';

const read = (name: string, ...parts: (string | number[])[]) => readCorpusFile(name, bytes(...parts));

describe('readCorpusFile refuses what it cannot read, with one clear problem', () => {
  const cases: [name: string, data: Uint8Array, kind: ParsedCorpus['kind'], message: string][] = [
    ['empty.txt', bytes(), 'txt', 'empty.txt is empty (0 bytes) — nothing to score.'],
    ['blank.jsonl', bytes(' \n\r\n\t'), 'jsonl', 'blank.jsonl contains only whitespace — nothing to score.'],
    [
      'photo.png',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'txt',
      'photo.png looks like a PNG image, not text; Semisynth reads .txt, .jsonl and .csv files.',
    ],
    [
      'sheet.csv',
      bytes([0xff, 0xfe, 0x61, 0, 0x2c, 0]),
      'csv',
      'sheet.csv is UTF-16 (little-endian) text; Semisynth reads UTF-8 only.',
    ],
    [
      'latin1.jsonl',
      bytes('{"text": "caf', [0xe9], '"}\n'),
      'jsonl',
      'latin1.jsonl is not valid UTF-8: at byte 13 (line 1, column 14, after "{"text": "caf"), the 3-byte character starting with 0xE9 is cut short: 0x22 is not a continuation byte.',
    ],
  ];
  it.each(cases)('%s', (name, data, kind, message) => {
    const parsed = readCorpusFile(name, data);
    expect(parsed.kind).toBe(kind);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ severity: 'error', source: name, message });
    expect(toDocuments(parsed)).toEqual({ documents: [], problems: [] });
  });
});

describe('.txt and other text', () => {
  it('a .txt file is one document, CRLF and all', () => {
    const parsed = read('essay.txt', 'Line one.\r\nLine two.\r\n');
    expect(parsed).toMatchObject({ kind: 'txt', hadBom: false, problems: [] });
    expect(toDocuments(parsed, undefined, 5).documents).toEqual([
      { index: 5, text: 'Line one.\r\nLine two.\r\n', origin: { source: 'essay.txt' } },
    ]);
  });

  it('a BOM is left out of the text and reported', () => {
    const parsed = read('bom.txt', [0xef, 0xbb, 0xbf], 'hi');
    expect(parsed).toMatchObject({ kind: 'txt', hadBom: true, text: 'hi' });
  });

  it('an unfamiliar extension is read as text, with a warning', () => {
    const parsed = read('notes.md', '# Title\n\nBody.');
    expect(parsed.kind).toBe('txt');
    expect(parsed.problems).toEqual([
      {
        severity: 'warning',
        source: 'notes.md',
        message: 'notes.md has an unfamiliar extension (.md); it was read as plain text, as one document.',
        hint: 'If it holds one record per line, rename it to .jsonl or .csv to read it that way.',
      },
    ]);
    expect(toDocuments(parsed).documents).toHaveLength(1);
  });

  it('no extension, JSON-looking content: suggests .jsonl', () => {
    const parsed = read('dump', '{"text": "a"}\n');
    expect(parsed.problems[0].message).toBe(
      'dump has no extension; it was read as plain text, as one document.',
    );
    expect(parsed.problems[0].hint).toBe(
      'It looks like JSON Lines; rename it to .jsonl to read one record per line.',
    );
  });

  it.each([
    ['a.txt', 'txt'],
    ['A.TEXT', 'txt'],
    ['dir/x.jsonl', 'jsonl'],
    ['x.ndjson', 'jsonl'],
    ['x.json', 'jsonl'],
    ['x.csv', 'csv'],
    ['x.tsv', 'csv'],
    ['x.md', undefined],
    ['.jsonl', undefined],
    ['x.constructor', undefined],
  ])('corpusKindOf(%s) = %s', (name, kind) => {
    expect(corpusKindOf(name)).toBe(kind);
  });
});

describe('JSONL to documents', () => {
  const text = [
    '{"id": 1, "text": "alpha"}', //           1
    '{"id": 2, "text": "beta", "extra": 1}', // 2
    'not json', //                              3
    '', //                                      4
    '{"id": 4, "text": "   "}', //             5
    '{"id": 5, "text": 42}', //                 6
    '{"id": 6, "body": "no text here"}', //    7
    '{}', //                                    8
    '{"id": 8, "text": {"content": "deep"}}', // 9
    '{"id": 9, "text": "omega"}', //           10
  ].join('\n');
  const parsed = read('data.jsonl', text);

  it('parses, with candidates and a default', () => {
    if (parsed.kind !== 'jsonl') throw new Error('kind');
    expect(parsed.records).toHaveLength(8);
    expect(parsed.defaultField).toBe('text');
    expect(parsed.fields.map((f) => [f.name, f.count])).toEqual([
      ['text', 3],
      ['body', 1],
      ['text.content', 1],
    ]);
    expect(parsed.problems.map((p) => p.line)).toEqual([3]);
  });

  it('good records become documents, numbered on from startIndex, keeping record and line', () => {
    const { documents } = toDocuments(parsed, undefined, 100);
    expect(documents).toEqual([
      {
        index: 100,
        text: 'alpha',
        origin: { source: 'data.jsonl', line: 1 },
        record: { id: 1, text: 'alpha' },
      },
      {
        index: 101,
        text: 'beta',
        origin: { source: 'data.jsonl', line: 2 },
        record: { id: 2, text: 'beta', extra: 1 },
      },
      {
        index: 102,
        text: 'omega',
        origin: { source: 'data.jsonl', line: 10 },
        record: { id: 9, text: 'omega' },
      },
    ]);
  });

  it('records without usable text are problems naming the line and field', () => {
    const { problems } = toDocuments(parsed);
    expect(problems.map((p) => [p.severity, p.line, p.field, p.message])).toEqual([
      ['warning', 5, 'text', 'line 5: field "text" contains only whitespace; skipped'],
      ['error', 6, 'text', 'line 6: field "text" is a number (42), not text'],
      ['error', 7, 'text', 'line 7: field "text" is missing — this record has: id, body'],
      ['error', 8, 'text', 'line 8: field "text" is missing — this record is empty ({})'],
      ['error', 9, 'text', 'line 9: field "text" is an object, not text'],
    ]);
    expect(problems.find((p) => p.line === 9)?.hint).toBe(
      'The text may be in "text.content"; choose that field instead.',
    );
  });

  it('a nested field can be chosen', () => {
    expect(toDocuments(parsed, 'text.content').documents.map((d) => [d.text, d.origin.line])).toEqual([
      ['deep', 9],
    ]);
  });

  it('a field no record has is one problem, not one per record', () => {
    expect(toDocuments(parsed, 'txt')).toEqual({
      documents: [],
      problems: [
        {
          severity: 'error',
          source: 'data.jsonl',
          field: 'txt',
          message:
            'field "txt" is missing from all 8 records of data.jsonl — text fields there: text, body, text.content',
        },
      ],
    });
  });

  it('records with no text field at all', () => {
    const p = read('nums.jsonl', '{"a": 1}\n{"a": 2}\n');
    expect(toDocuments(p).problems).toEqual([
      {
        severity: 'error',
        source: 'nums.jsonl',
        message: 'nums.jsonl: no field has any text in it (2 records) — nothing to score.',
        hint: 'Each record needs a field holding the text as a string, e.g. {"text": "…"}.',
      },
    ]);
  });

  it('a .json file holding an array is explained', () => {
    const p = read('data.json', '[{"text": "a"}]');
    expect(p.problems[0].message).toBe(
      'data.json is one JSON array (of 1 item), not JSON Lines (one object per line).',
    );
  });
});

describe('CSV to documents', () => {
  it('reads rows, uses the default column, and reports missing and empty cells', () => {
    const parsed = read('d.csv', 'id,text\n1,"hello, world"\n2\n3,\n4,"multi\nline"\n');
    const { documents, problems } = toDocuments(parsed);
    expect(documents.map((d) => [d.index, d.text, d.origin.line, d.record])).toEqual([
      [0, 'hello, world', 2, { id: '1', text: 'hello, world' }],
      [1, 'multi\nline', 5, { id: '4', text: 'multi\nline' }],
    ]);
    expect(problems.map((p) => [p.severity, p.line, p.message])).toEqual([
      ['error', 3, 'line 3: column "text" is missing — this row has only 1 of 2 values'],
      ['warning', 4, 'line 4: column "text" is empty; skipped'],
    ]);
  });

  it('a column that does not exist', () => {
    expect(toDocuments(read('d.csv', 'id,body\n1,x\n'), 'text').problems[0].message).toBe(
      'd.csv has no column "text" — its columns are: id, body',
    );
  });

  it('.tsv is tab-separated even when the header has commas', () => {
    const parsed = read('d.tsv', 'a, b\ttext\n1\thello, there\n');
    expect(parsed.kind === 'csv' && parsed.delimiter).toBe('\t');
    expect(toDocuments(parsed).documents[0].text).toBe('hello, there');
  });
});

describe('problem lists stay readable', () => {
  it(`lists at most ${MAX_LISTED_PROBLEMS} and counts the rest`, () => {
    const lines = Array.from({ length: 250 }, (_, i) => (i % 2 ? `{"text": "ok ${i}"}` : `{bad ${i}`));
    const parsed = read('big.jsonl', lines.join('\n'));
    expect(parsed.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(parsed.problems[MAX_LISTED_PROBLEMS]).toEqual({
      severity: 'error',
      source: 'big.jsonl',
      message: '…and 25 more problems in big.jsonl, not listed',
      hint: 'Fix the ones above first; many problems in one file usually share one cause.',
    });
    expect(toDocuments(parsed).documents).toHaveLength(125);
  });
});

describe('fromPastedText', () => {
  it('is one document', () => {
    expect(fromPastedText('  Some text.\n', 3)).toEqual({
      documents: [{ index: 3, text: '  Some text.\n', origin: { source: 'pasted text' } }],
      problems: [],
    });
  });
  it.each([
    ['', 'The pasted text is empty — nothing to score.'],
    [' \n\t ', 'The pasted text contains only whitespace — nothing to score.'],
  ])('%j is a problem', (text, message) => {
    expect(fromPastedText(text)).toEqual({
      documents: [],
      problems: [{ severity: 'error', source: 'pasted text', message }],
    });
  });
});
