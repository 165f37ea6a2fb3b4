import { describe, expect, it } from 'vitest';
import { MAX_LISTED_PROBLEMS } from '../../../src/lib/io/corpus-file';
import { readField } from '../../../src/lib/io/json-values';
import { MAX_RECORD_BYTES } from '../../../src/lib/io/lines';
import { readCorpus, type CorpusBatch, type CorpusReadOptions } from '../../../src/lib/io/read-corpus';
import { bytes } from './bytes';

/** Reads a file as the Text page's worker does; documents as the page builds them from the batches. */
async function read(name: string, data: Uint8Array | string, options: CorpusReadOptions = {}) {
  const batches: CorpusBatch[] = [];
  const file = new Blob([(typeof data === 'string' ? bytes(data) : data) as Uint8Array<ArrayBuffer>]);
  const result = await readCorpus(file, name, options, (b) => void batches.push(b));
  const documents = batches.flatMap((b): { text: unknown; line?: number; record?: object }[] =>
    b.kind === 'text'
      ? [{ text: b.text }]
      : b.records.map((r) => ({ text: readField(r.record, b.field)?.value, line: r.line, record: r.record })),
  );
  return { result, documents, batches };
}

describe('a file that cannot be read at all is one clear problem, and no documents', () => {
  const cases: [name: string, data: Uint8Array, message: string][] = [
    ['empty.txt', bytes(), 'empty.txt is empty (0 bytes) — there is nothing to read.'],
    ['blank.jsonl', bytes(' \n\r\n\t'), 'blank.jsonl contains only whitespace — there is nothing to read.'],
    ['blank.txt', bytes(' \n\r\n\t'), 'blank.txt contains only whitespace — there is nothing to read.'],
    [
      'photo.png',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'photo.png looks like a PNG image, not text; Semisynth reads .txt, .jsonl, .csv and .parquet files (also as .gz, .zst or in a .zip).',
    ],
    [
      'sheet.csv',
      bytes([0xff, 0xfe, 0x61, 0, 0x2c, 0]),
      'sheet.csv is UTF-16 (little-endian) text; Semisynth reads UTF-8 only.',
    ],
    [
      'latin1.txt',
      bytes('caf', [0xe9], '\n'),
      'latin1.txt is not valid UTF-8: at byte 3 (line 1, column 4, after "caf"), the 3-byte character starting with 0xE9 is cut short: 0x0A is not a continuation byte.',
    ],
    [
      'data.json',
      bytes('[{"text": "a"}]'),
      'data.json is one JSON array (of 1 item), not JSON Lines (one object per line).',
    ],
    [
      'nums.jsonl',
      bytes('{"a": 1}\n{"a": 2}\n'),
      'nums.jsonl: no field holds text in its first 2 records — there is nothing to read.',
    ],
    ['d.csv', bytes(''), 'd.csv is empty (0 bytes) — there is nothing to read.'],
    ['h.csv', bytes('\n,,\n ,\n'), 'h.csv has no header row and no data.'],
  ];
  it.each(cases)('%s', async (name, data, message) => {
    const { result, documents } = await read(name, data);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'error', source: name, message });
    expect(result.documents).toBe(0);
    expect(documents).toEqual([]);
  });
});

describe('.txt and other text', () => {
  it('a .txt file is one document, CRLF and all', async () => {
    const { result, documents } = await read('essay.txt', 'Line one.\r\nLine two.\r\n');
    expect(result).toMatchObject({ kind: 'txt', hadBom: false, documents: 1, problems: [] });
    expect(documents).toEqual([{ text: 'Line one.\r\nLine two.\r\n' }]);
  });

  it('a BOM is left out of the text and reported', async () => {
    const { result, documents } = await read('bom.txt', bytes([0xef, 0xbb, 0xbf], 'hi'));
    expect(result.hadBom).toBe(true);
    expect(documents).toEqual([{ text: 'hi' }]);
  });

  it('an unfamiliar extension is read as text, with a warning', async () => {
    const { result, documents } = await read('notes.md', '# Title\n\nBody.');
    expect(result.kind).toBe('txt');
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        source: 'notes.md',
        message: 'notes.md has an unfamiliar extension (.md); it was read as plain text, as one document.',
        hint: 'If it holds one record per line, rename it to .jsonl or .csv to read it that way.',
      },
    ]);
    expect(documents).toHaveLength(1);
  });

  it('no extension, JSON-looking content: suggests .jsonl', async () => {
    const { result } = await read('dump', '{"text": "a"}\n');
    expect(result.problems[0].message).toBe(
      'dump has no extension; it was read as plain text, as one document.',
    );
    expect(result.problems[0].hint).toBe(
      'It looks like JSON Lines; rename it to .jsonl to read one record per line.',
    );
  });

  it(`a .txt over ${MAX_RECORD_BYTES / 2 ** 20} MiB is refused without being read`, async () => {
    // The size alone refuses it: a file this large is never decoded whole.
    const big = new Blob([new Uint8Array(MAX_RECORD_BYTES + 1024).fill(0x61)]);
    const result = await readCorpus(big, 'big.txt', {}, () => {
      throw new Error('no batch expected');
    });
    expect(result.problems[0].message).toBe(
      'big.txt is 64 MiB; a text file is read as one document here, and one document may hold at most 64 MiB.',
    );
    expect(result.problems[0].hint).toMatch(/JSON Lines with one document per line/);
  });
});

describe('JSON Lines to documents', () => {
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

  it('good records become documents, keeping record and line; fields are counted over the whole file', async () => {
    const { result, documents } = await read('data.jsonl', text);
    expect(documents).toEqual([
      { text: 'alpha', line: 1, record: { id: 1, text: 'alpha' } },
      { text: 'beta', line: 2, record: { id: 2, text: 'beta', extra: 1 } },
      { text: 'omega', line: 10, record: { id: 9, text: 'omega' } },
    ]);
    expect(result).toMatchObject({ kind: 'jsonl', field: 'text', defaultField: 'text', documents: 3 });
    expect(result.fields.map((f) => [f.name, f.count])).toEqual([
      ['text', 3],
      ['body', 1],
      ['text.content', 1],
    ]);
  });

  it('records without usable text are problems naming the line and field', async () => {
    const { result } = await read('data.jsonl', text);
    expect(result.problems.map((p) => [p.severity, p.line, p.field, p.message])).toEqual([
      ['error', 3, undefined, expect.stringMatching(/^line 3(, column \d+)?: not valid JSON — /)],
      ['warning', 5, 'text', 'line 5: field "text" contains only whitespace; skipped'],
      ['error', 6, 'text', 'line 6: field "text" is a number (42), not text; skipped'],
      ['error', 7, 'text', 'line 7: field "text" is missing — this record has: id, body; skipped'],
      ['error', 8, 'text', 'line 8: field "text" is missing — this record is empty ({}); skipped'],
      ['error', 9, 'text', 'line 9: field "text" is an object, not text; skipped'],
    ]);
    expect(result.problems.find((p) => p.line === 9)?.hint).toBe(
      'The text may be in "text.content"; choose that field instead.',
    );
  });

  it('a nested field can be chosen', async () => {
    const { documents } = await read('data.jsonl', text, { field: 'text.content' });
    expect(documents.map((d) => [d.text, d.line])).toEqual([['deep', 9]]);
  });

  it('a field no record has is one problem, not one per record', async () => {
    const { result, documents } = await read('data.jsonl', text, { field: 'txt' });
    expect(documents).toEqual([]);
    // The broken line is still its own problem; the eight missing fields are one.
    expect(result.problems.map((p) => p.message)).toEqual([
      'field "txt" is missing from all 8 records of data.jsonl — text fields there: text, body, text.content',
      expect.stringMatching(/^line 3(, column \d+)?: not valid JSON/),
    ]);
  });

  it('a file with CR-only line breaks (classic Mac) reads line by line', async () => {
    const { result, documents } = await read('mac.jsonl', '{"text":"a"}\r{"text":"b"}\r\r{"text":"c"}\r');
    expect(result.problems).toEqual([]);
    expect(documents.map((d) => [d.text, d.line])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 4],
    ]);
  });
});

describe('CSV to documents', () => {
  it('reads rows, uses the default column, and reports missing and empty cells', async () => {
    const { result, documents } = await read('d.csv', 'id,text\n1,"hello, world"\n2\n3,\n4,"multi\nline"\n');
    expect(documents).toEqual([
      { text: 'hello, world', line: 2, record: { id: '1', text: 'hello, world' } },
      { text: 'multi\nline', line: 5, record: { id: '4', text: 'multi\nline' } },
    ]);
    expect(result.problems.map((p) => [p.severity, p.line, p.message])).toEqual([
      ['error', 3, 'line 3: column "text" is missing — this row has only 1 of 2 values; skipped'],
      ['warning', 4, 'line 4: column "text" is empty; skipped'],
    ]);
    expect(result.fields).toEqual([
      { name: 'id', count: 4, numeric: true },
      { name: 'text', count: 2 },
    ]);
  });

  it('a column that does not exist', async () => {
    const { result } = await read('d.csv', 'id,body\n1,x\n', { field: 'text' });
    expect(result.problems.map((p) => p.message)).toEqual([
      'd.csv has no column "text" — its columns are: id, body',
    ]);
  });

  it('.tsv is tab-separated even when the header has commas', async () => {
    const { documents } = await read('d.tsv', 'a, b\ttext\n1\thello, there\n');
    expect(documents[0].text).toBe('hello, there');
  });

  it('a header with no rows: nothing to read', async () => {
    const { result } = await read('only-header.csv', 'id,text\n');
    expect(result.problems).toEqual([
      {
        severity: 'error',
        source: 'only-header.csv',
        message: 'only-header.csv has a header row (id, text) but no data rows — there is nothing to read.',
        hint: 'The first row is read as column names; the texts go in the rows below it.',
      },
    ]);
  });
});

describe('large files', () => {
  it(`lists at most ${MAX_LISTED_PROBLEMS} problems and counts the rest`, async () => {
    const lines = Array.from({ length: 250 }, (_, i) => (i % 2 ? `{"text": "ok ${i}"}` : `{bad ${i}`));
    const { result, documents } = await read('big.jsonl', lines.join('\n'));
    expect(result.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(result.problems[MAX_LISTED_PROBLEMS]).toEqual({
      severity: 'error',
      source: 'big.jsonl',
      message: '…and 25 more problems in big.jsonl, not listed',
      hint: 'Fix the ones above first; many problems in one file usually share one cause.',
    });
    expect(documents).toHaveLength(125);
  });

  it('hands documents over in batches of about batchBytes, in order', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ text: `document ${i} `.repeat(5) }),
    );
    const { batches, documents } = await read('many.jsonl', lines.join('\n'), { batchBytes: 4096 });
    expect(batches.length).toBeGreaterThan(10);
    expect(documents.map((d) => d.line)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(batches.at(-1)?.bytesRead).toBe(new TextEncoder().encode(lines.join('\n')).length);
  });

  it('waits for each batch before handing over the next (a slow consumer is never sent the file at once)', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ text: `document ${i} `.repeat(5) }),
    );
    const file = new Blob([lines.join('\n')]);
    let inFlight = 0;
    let most = 0;
    const firstLines: number[] = [];
    await readCorpus(file, 'many.jsonl', { batchBytes: 4096 }, async (b) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (b.kind === 'records') firstLines.push(b.records[0].line);
      await new Promise((resolve) => setTimeout(resolve, 1)); // a consumer slower than the reader
      inFlight--;
    });
    expect(firstLines.length).toBeGreaterThan(30);
    expect(most).toBe(1);
    expect(firstLines).toEqual([...firstLines].sort((a, b) => a - b));
  });
});
