import { describe, expect, it } from 'vitest';
import type { RecordProblem } from '../../../src/lib/io/problem';
import { readCsvDocuments } from '../../../src/lib/io/csv-documents';
import {
  jsonlRecord,
  txtRecord,
  type DocumentSink,
  type StreamDocument,
} from '../../../src/lib/io/documents';
import { readLineRecords } from '../../../src/lib/io/records';
import { utf8 } from './stream-support';

function collector() {
  const documents: StreamDocument[] = [];
  const problems: (RecordProblem & { skipped: boolean })[] = [];
  const sink: DocumentSink = {
    document: (d) => documents.push(d),
    problem: (p, skipped) => problems.push({ ...p, skipped }),
  };
  return { documents, problems, sink };
}

async function jsonl(text: string | Uint8Array, field = 'text') {
  const c = collector();
  const blob = new Blob([(typeof text === 'string' ? utf8(text) : text) as Uint8Array<ArrayBuffer>]);
  await readLineRecords(blob, { start: 0, end: blob.size }, (r) => jsonlRecord(r, field, 'f.jsonl', c.sink));
  return c;
}

describe('JSON Lines documents', () => {
  it('keeps the good records and reports each bad one by line, skipped', async () => {
    const { documents, problems } = await jsonl(
      [
        '{"text": "one"}',
        '{"text": "two", }',
        '[1, 2]',
        '{"body": "x", "id": 3}',
        '{"text": 42}',
        '{"text": "   "}',
        '',
        '  {"text": "seven"}',
      ].join('\n'),
    );
    expect(documents.map((d) => [d.text, d.line])).toEqual([
      ['one', 1],
      ['seven', 8],
    ]);
    expect(documents[1].byteOffset).toBe(
      utf8(
        '{"text": "one"}\n{"text": "two", }\n[1, 2]\n{"body": "x", "id": 3}\n{"text": 42}\n{"text": "   "}\n\n',
      ).length,
    );
    expect(problems.map((p) => [p.line, p.severity, p.skipped])).toEqual([
      [2, 'error', true],
      [3, 'error', true],
      [4, 'error', true],
      [5, 'error', true],
      [6, 'warning', true],
    ]);
    expect(problems[0].detail).toMatch(/^not valid JSON — /);
    expect(problems[0].column).toBeGreaterThan(0);
    expect(problems[1].detail).toBe('expected a JSON object ({…}) but found an array; skipped');
    expect(problems[2].detail).toBe('field "text" is missing — this record has: body, id; skipped');
    expect(problems[3].detail).toBe('field "text" is a number (42), not text; skipped');
    expect(problems[4].detail).toBe('field "text" contains only whitespace; skipped');
  });

  it('reads a nested field', async () => {
    const { documents } = await jsonl('{"meta": {"body": "deep"}}', 'meta.body');
    expect(documents.map((d) => d.text)).toEqual(['deep']);
  });

  it('skips a line of broken UTF-8 with its byte offset, keeping its neighbours', async () => {
    const bytes = new Uint8Array([...utf8('{"text": "a"}\n{"text": "'), 0xff, ...utf8('"}\n{"text": "c"}')]);
    const { documents, problems } = await jsonl(bytes);
    expect(documents.map((d) => d.text)).toEqual(['a', 'c']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, column: 11, byteOffset: 24, skipped: true });
    expect(problems[0].detail).toBe(
      'not valid UTF-8 at byte 24, after "{"text": "": byte 0xFF never occurs in UTF-8; skipped',
    );
    expect(problems[0].hint).toMatch(/^It may be Windows-1252 or Latin-1 rather than UTF-8/);
  });

  it('skips a line over the cap, saying which and how long, and reads on', async () => {
    const c = collector();
    const text = '{"text": "a"}\n{"text": "' + 'x'.repeat(100) + '"}\n{"text": "c"}\n';
    const blob = new Blob([utf8(text)]);
    await readLineRecords(
      blob,
      { start: 0, end: blob.size },
      (r) => jsonlRecord(r, 'text', 'f.jsonl', c.sink),
      undefined,
      64,
    );
    expect(c.documents.map((d) => d.text)).toEqual(['a', 'c']);
    expect(c.problems).toEqual([
      {
        severity: 'error',
        source: 'f.jsonl',
        line: 2,
        byteOffset: 14,
        detail: 'this line is 112 bytes, more than one record may hold (64 MiB); skipped',
        hint: 'Split it into smaller records, one per line; a file with no line breaks at all (minified JSON, a binary dump) cannot be read record by record.',
        skipped: true,
      },
    ]);
  });
});

describe('text documents', () => {
  it('are the records as they are', async () => {
    const c = collector();
    const blob = new Blob([utf8('α\n\nβ γ\n')]);
    await readLineRecords(blob, { start: 0, end: blob.size }, (r) => txtRecord(r, 'f.txt', c.sink));
    expect(c.documents).toEqual([
      { text: 'α', byteOffset: 0, line: 1 },
      { text: 'β γ', byteOffset: 4, line: 3 },
    ]);
  });
});

async function csv(text: string, column = 'text', delimiter = ',') {
  const c = collector();
  const r = await readCsvDocuments(new Blob([utf8(text)]), column, delimiter, 'f.csv', c.sink);
  return { ...c, result: r };
}

describe('CSV documents', () => {
  it('reads the column, quoted line breaks included, with each row’s first line', async () => {
    const { documents, problems, result } = await csv(
      '\ufeffid,text\n1,plain\n2,"two\nlines, with ""quotes"""\n\n3,after\n',
    );
    expect(documents.map((d) => [d.text, d.line])).toEqual([
      ['plain', 2],
      ['two\nlines, with "quotes"', 3],
      ['after', 6],
    ]);
    expect(problems).toEqual([]);
    expect(result.lines).toBe(6);
  });

  it('keeps ragged rows that still have the column, skips those that do not', async () => {
    const { documents, problems } = await csv('text,id\nfine,1\nextra,2,3\nshort\n,4\n');
    expect(documents.map((d) => d.text)).toEqual(['fine', 'extra', 'short']);
    expect(problems.map((p) => [p.line, p.severity, p.skipped])).toEqual([
      [3, 'warning', false],
      [4, 'warning', false],
      [5, 'warning', true],
    ]);
    const { documents: d2, problems: p2 } = await csv('id,text\n1\n2,ok\n');
    expect(d2.map((d) => d.text)).toEqual(['ok']);
    expect(p2[0]).toMatchObject({ line: 2, severity: 'error', skipped: true });
    expect(p2[0].detail).toMatch(/"text" is missing/);
  });

  it('refuses a file without the column, naming the columns it has', async () => {
    const { result } = await csv('a,b\n1,2\n', 'text');
    expect(result.refused?.message).toBe('f.csv has no column "text" — its columns are: a, b');
  });

  it('reports a quote never closed', async () => {
    const { documents, problems } = await csv('text\nok\n"never closed\nmore\n');
    expect(documents.map((d) => d.text)).toEqual(['ok']);
    expect(problems[0].detail).toMatch(/^a quoted value is never closed, so lines 3–4 were read as one row/);
  });

  it('a quote inside a plain value is a character, not the start of a quoted value', async () => {
    const { documents, problems } = await csv('id,text\n1,He is 5\'11" tall\n2,next\n3,"a ""b"" c"\n');
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.text, d.line])).toEqual([
      ['He is 5\'11" tall', 2],
      ['next', 3],
      ['a "b" c', 4],
    ]);
  });

  it("keeps CR LF inside a quoted value, and keeps each row's record", async () => {
    const { documents } = await csv('text,n\r\n"a\r\nb",1\r\nc,2\r\n');
    expect(documents.map((d) => [d.text, d.line, d.record])).toEqual([
      ['a\r\nb', 2, { text: 'a\r\nb', n: '1' }],
      ['c', 4, { text: 'c', n: '2' }],
    ]);
  });

  it('reads tab-separated values', async () => {
    const { documents } = await csv('id\ttext\n1\ta, b\n', 'text', '\t');
    expect(documents.map((d) => d.text)).toEqual(['a, b']);
  });
});
