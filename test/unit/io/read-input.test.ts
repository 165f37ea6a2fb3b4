import { describe, expect, it } from 'vitest';
import { FieldTally } from '../../../src/lib/io/fields';
import { readField } from '../../../src/lib/io/json-values';
import { openInputs } from '../../../src/lib/io/open-inputs';
import { parquetToJsonl } from '../../../src/lib/io/parquet-records';
import { readInput, type InputBatch } from '../../../src/lib/io/read-input';
import type { CorpusReadOptions } from '../../../src/lib/io/read-corpus';
import { gzip, numericParquet, parquet, utf8, zip, zstd } from '../../support/input-fixtures';

const blob = (data: Uint8Array | string) =>
  new Blob([(typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>]);

/** Reads as the Text page's worker does; documents as the page builds them from the batches. */
async function read(name: string, data: Uint8Array | string, options: CorpusReadOptions = {}) {
  const batches: InputBatch[] = [];
  const result = await readInput(blob(data), name, options, (b) => void batches.push(b));
  const documents = batches.flatMap((b): { text: unknown; source?: string; line?: number }[] =>
    b.kind === 'opening'
      ? []
      : b.kind === 'text'
        ? [{ text: b.text, source: b.source }]
        : b.records.map((r) => ({
            text: readField(r.record, b.field)?.value,
            source: b.source,
            line: r.line,
          })),
  );
  return { result, documents, batches };
}

const ROWS = [
  {
    id: 1,
    text: 'The first document.',
    messages: [
      { role: 'user', content: 'Hi there.' },
      { role: 'assistant', content: 'Hello!' },
    ],
  },
  { id: 2, text: 'The second document.', messages: [{ role: 'user', content: 'Count to two.' }] },
  { id: 3, text: 'The third document.', messages: [] },
  {
    id: 4,
    text: 'The fourth document.',
    messages: [
      { role: 'user', content: 'Bye.' },
      { role: 'assistant', content: 'Goodbye.' },
    ],
  },
  { id: 5, text: 'The fifth document.', messages: [{ role: 'user', content: 'Five.' }] },
];
const JSONL = ROWS.map((r) => JSON.stringify({ id: r.id, text: r.text })).join('\n') + '\n';
const TEXTS = ROWS.map((r) => r.text);

describe('Parquet: rows read a row group at a time into JSON Lines records, columns as fields', () => {
  it('lists every column, nested ones as fields, and which hold text', async () => {
    const out = await parquetToJsonl(blob(parquet(ROWS, 2)), 'chat.parquet');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.rows).toBe(5);
    expect(out.rowGroups).toBe(3);
    expect(out.columns).toEqual([
      { field: 'id', type: 'INT64', text: false },
      { field: 'text', type: 'UTF8', text: true },
      { field: 'messages[].role', type: 'UTF8', text: true },
      { field: 'messages[].content', type: 'UTF8', text: true },
    ]);
    const lines = (await out.blob.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toEqual({ id: 1, text: ROWS[0].text, messages: ROWS[0].messages });
  });

  it('reads the text column by default, with the same documents as the JSON Lines it came from', async () => {
    const fromParquet = await read('train.parquet', parquet(ROWS, 2));
    const fromJsonl = await read('train.jsonl', JSONL);
    expect(fromParquet.documents.map((d) => d.text)).toEqual(TEXTS);
    expect(fromParquet.documents.map((d) => d.text)).toEqual(fromJsonl.documents.map((d) => d.text));
    expect(fromParquet.result).toMatchObject({
      kind: 'jsonl',
      field: 'text',
      defaultField: 'text',
      documents: 5,
      problems: [],
    });
    expect(fromParquet.result.fields.map((f) => f.name)).toEqual([
      'text',
      'messages[].role',
      'messages[].content',
      'messages[role=user].content',
      'messages[role=assistant].content',
    ]);
  });

  it('messages[].content: each row one document, its turns a blank line apart; a row with none is named', async () => {
    const { documents, result } = await read('chat.parquet', parquet(ROWS, 2), {
      field: 'messages[].content',
    });
    expect(documents.map((d) => d.text)).toEqual([
      'Hi there.\n\nHello!',
      'Count to two.',
      'Bye.\n\nGoodbye.',
      'Five.',
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'line 3: field "messages[].content" is empty; skipped',
    ]);
  });

  it('a column that is not text is refused with the text columns there', async () => {
    const { documents, result } = await read('chat.parquet', parquet(ROWS), { field: 'id' });
    expect(documents).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'column "id" of chat.parquet holds INT64 values, not text — text columns there: text, messages[].role, messages[].content.',
    ]);
  });

  it('pages compressed with gzip are read; a codec it cannot read is named', async () => {
    const gz = await read('gz.parquet', parquet(ROWS, 2, 'GZIP'));
    expect(gz.documents.map((d) => d.text)).toEqual(TEXTS);
    const brotli = await read('br.parquet', parquet(ROWS, 2, 'BROTLI'));
    expect(brotli.result.problems.map((p) => p.message)).toEqual([
      'br.parquet is compressed with BROTLI, which this app cannot read (it reads Snappy, zstd, gzip and uncompressed Parquet).',
    ]);
  });

  it('a file with no text column, and one whose footer is cut off, each get their own message', async () => {
    const numbers = await read('scores.parquet', numericParquet([1, 2, 3]));
    expect(numbers.result.problems.map((p) => p.message)).toEqual([
      'scores.parquet has no text column — its columns are score (DOUBLE).',
    ]);
    const whole = parquet(ROWS);
    const cut = await read('cut.parquet', whole.subarray(0, whole.length - 10));
    expect(cut.result.problems.map((p) => p.message)).toEqual([
      'cut.parquet has no valid Parquet footer (a Parquet file ends with its metadata and the marker "PAR1"; this one does not) — it is truncated, or not a Parquet file.',
    ]);
    const broken = whole.slice();
    broken.fill(0x07, broken.length - 60, broken.length - 8); // the metadata, not the marker
    const corrupt = await read('corrupt.parquet', broken);
    expect(corrupt.result.problems[0].message).toMatch(
      /^corrupt\.parquet has a corrupt Parquet footer: its metadata could not be read/,
    );
    expect(corrupt.documents).toEqual([]);
  });
});

describe('compressed and zipped inputs on the Text page: the same documents as the plain file', () => {
  it('.jsonl.gz, .jsonl.zst and .parquet.gz read like the plain files', async () => {
    for (const [name, data] of [
      ['a.jsonl.gz', gzip(JSONL)],
      ['a.jsonl.zst', zstd(JSONL)],
      ['a.parquet.gz', gzip(parquet(ROWS))],
    ] as const) {
      const { documents, result } = await read(name, data);
      expect(
        documents.map((d) => d.text),
        name,
      ).toEqual(TEXTS);
      expect(result.problems, name).toEqual([]);
    }
  });

  it('a .tsv.gz keeps its tab delimiter', async () => {
    const { documents } = await read('a.tsv.gz', gzip('id\ttext\n1\tone, two\n2\tthree\n'));
    expect(documents.map((d) => d.text)).toEqual(['one, two', 'three']);
  });

  it('a zip: its files in natural order, one field for all, each batch naming its entry', async () => {
    const archive = zip({
      'part-10.jsonl': '{"text": "ten"}\n',
      'part-2.parquet': parquet([{ id: 2, text: 'two' }]),
      'part-1.jsonl.gz': gzip('{"id": 1, "text": "one"}\n'),
      'intro.txt': 'An introduction.',
    });
    const { documents, result } = await read('corpus.zip', archive);
    expect(documents).toEqual([
      { text: 'An introduction.', source: 'corpus.zip/intro.txt' },
      { text: 'one', source: 'corpus.zip/part-1.jsonl.gz', line: 1 },
      { text: 'two', source: 'corpus.zip/part-2.parquet', line: 1 },
      { text: 'ten', source: 'corpus.zip/part-10.jsonl', line: 1 },
    ]);
    expect(result).toMatchObject({ field: 'text', documents: 4, problems: [] });
  });

  it('a truncated .gz is one problem and no documents; the page keeps working', async () => {
    const gz = gzip(JSONL);
    const { documents, result } = await read('a.jsonl.gz', gz.subarray(0, gz.length - 12));
    expect(documents).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^a\.jsonl\.gz is truncated: the gzip stream ends before its end marker/),
    ]);
  });

  it('progress: opening the file, then reading it, counts up to the picked file size, never back', async () => {
    const packed = gzip(JSONL.repeat(2000));
    const { batches } = await read('a.jsonl.gz', packed, { batchBytes: 1000 });
    const opening = batches.filter((b) => b.kind === 'opening');
    expect(opening.length).toBeGreaterThan(0);
    expect(opening.at(-1)?.bytesRead).toBe(Math.round(packed.length / 2));
    const progress = batches.map((b) => b.bytesRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(packed.length);
  });

  it('a plain file has no opening phase: progress is its bytes read', async () => {
    const { batches } = await read('a.jsonl', JSONL.repeat(200), { batchBytes: 1000 });
    expect(batches.some((b) => b.kind === 'opening')).toBe(false);
    expect(batches.at(-1)?.bytesRead).toBe(utf8(JSONL.repeat(200)).length);
  });
});

describe('nested fields in JSON records: lists as "a[]" and "a[].b"', () => {
  const rec = {
    conversations: [
      { from: 'human', value: 'Q?' },
      { from: 'gpt', value: 'A.' },
    ],
    tags: ['x', 'y'],
    n: [1, 2],
  };

  it('readField joins the items’ texts, or gives the list when one is not text', () => {
    expect(readField(rec, 'conversations[].value')).toEqual({ value: 'Q?\n\nA.' });
    expect(readField(rec, 'tags[]')).toEqual({ value: 'x\n\ny' });
    expect(readField(rec, 'n[]')).toEqual({ value: [1, 2] });
    expect(readField(rec, 'conversations[].missing')).toBeUndefined();
    expect(readField(rec, 'absent[].value')).toBeUndefined();
  });

  it('the field tally offers the text keys of a list of objects', () => {
    const tally = new FieldTally();
    tally.seeRecord(rec);
    // A list of strings (tags) is not offered, though it can be named; each speaker's turns are.
    expect(tally.result().map((f) => f.name)).toEqual([
      'conversations[].from',
      'conversations[].value',
      'conversations[from=human].value',
      'conversations[from=gpt].value',
    ]);
  });

  it('opened entries keep the picked order when nothing needs opening', async () => {
    const opened = await openInputs([{ name: 'one.txt', blob: blob('x') }]);
    expect(opened.entries.map((e) => [e.name, e.formatName, e.format.kind])).toEqual([
      ['one.txt', 'one.txt', 'txt'],
    ]);
  });
});
