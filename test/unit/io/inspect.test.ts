import { describe, expect, it } from 'vitest';
import { formatForName } from '../../../src/lib/io/stream-format';
import { HEAD_BYTES, inspectFile } from '../../../src/lib/io/inspect';
import { decodeUtf8 } from '../../../src/lib/io/utf8-decode';
import { MAX_RECORD_BYTES } from '../../../src/lib/io/lines';
import { utf8 } from './stream-support';

const blob = (x: string | number[]) => new Blob([typeof x === 'string' ? utf8(x) : new Uint8Array(x)]);

describe('inspectFile', () => {
  it.each([
    ['empty', blob(''), 'a.txt', /is empty \(0 bytes\)/],
    ['a PNG', blob([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'a.txt', /PNG/],
    ['UTF-16', blob([0xff, 0xfe, 0x61, 0, 0x62, 0]), 'a.txt', /UTF-16/],
    ['a JSON array', blob('[\n  {"text": "a"}\n]\n'), 'a.jsonl', /is one JSON array \(of 1 item\)/],
    [
      'an object over lines',
      blob('{\n  "rows": [{"text": "a"}]\n}\n'),
      'a.jsonl',
      /single JSON object spread over 3 lines/,
    ],
    ['no text field', blob('{"n": 1}\n{"n": 2}\n'), 'a.jsonl', /no field holds text/],
  ])('refuses %s with a reason', async (_what, file, name, message) => {
    const r = await inspectFile(file, name, formatForName(name));
    expect(r.resolved).toBeUndefined();
    expect(r.problems[0].message).toMatch(message);
  });

  it('refuses a Latin-1 .txt in the words the Text page uses for the whole file', async () => {
    // "Café crème" in Latin-1: 0xE9 is é there, and a truncated lead byte in UTF-8.
    const bytes = [...utf8('Menu\nCaf'), 0xe9, ...utf8(' cr'), 0xe8, ...utf8('me\n')];
    const r = await inspectFile(blob(bytes), 'menu.txt', { kind: 'txt' });
    expect(r.resolved).toBeUndefined();
    const whole = decodeUtf8(new Uint8Array(bytes), 'menu.txt');
    expect(whole.ok).toBe(false);
    expect(r.problems).toEqual([!whole.ok && whole.problem]);
    expect(r.problems[0].message).toMatch(/menu\.txt is not valid UTF-8: at byte 8 \(line 2, column 4/);
    expect(r.problems[0].hint).toMatch(/Windows-1252 or Latin-1.*é/);
  });

  it('checks a large .txt up to the last line break of its head, not inside a character', async () => {
    const line = 'naïve café — ok\n'; // multi-byte characters, so some head ends inside one
    const text = line.repeat(Math.ceil((HEAD_BYTES * 1.5) / utf8(line).length));
    for (let cut = 0; cut < 4; cut++) {
      const r = await inspectFile(blob(text.slice(cut)), 'big.txt', { kind: 'txt' });
      expect(r.problems).toEqual([]);
      expect(r.resolved).toEqual({ kind: 'txt', split: 'paragraph' });
    }
    const bad = [...utf8('x\n'), 0xe9, ...utf8(text)];
    const r = await inspectFile(blob(bad), 'big.txt', { kind: 'txt' });
    expect(r.problems[0].message).toMatch(/big\.txt is not valid UTF-8: at byte 2 \(line 2, column 1\)/);
  });

  it('picks the JSON Lines text field and lists the others', async () => {
    const r = await inspectFile(
      blob('{"id": "1", "content": "hello there"}\n{"id": "2", "content": "more"}\n'),
      'a.jsonl',
      {
        kind: 'jsonl',
      },
    );
    expect(r.resolved).toEqual({ kind: 'jsonl', field: 'content' });
    expect(r.fields.map((f) => f.name)).toEqual(['id', 'content']);
    expect(r.sampledRecords).toBe(2);
  });

  it('reads a first line longer than the 64 KiB head whole, to find its fields', async () => {
    const long = JSON.stringify({ id: '1', body: 'x '.repeat(60_000) });
    const r = await inspectFile(blob(`${long}\n{"id": "2", "body": "b"}\n`), 'a.jsonl', { kind: 'jsonl' });
    expect(r.resolved).toEqual({ kind: 'jsonl', field: 'body' });
  });

  it('refuses a file with no line break within the cap (minified JSON), without reading it all', async () => {
    const over = new Uint8Array(MAX_RECORD_BYTES + 10).fill(0x61);
    over.set(utf8('[{"text": "'));
    const r = await inspectFile(new Blob([over]), 'min.jsonl', { kind: 'jsonl' });
    expect(r.resolved).toBeUndefined();
    expect(r.problems[0].message).toBe(
      'min.jsonl has no line break in its first 64 MiB: it looks like one JSON array on a single line, so it cannot be read as JSON Lines (one record per line).',
    );
    over[0] = 0x7b; // {
    const r2 = await inspectFile(new Blob([over]), 'min.jsonl', { kind: 'jsonl' });
    expect(r2.problems[0].message).toMatch(/^min\.jsonl has no line break in its first 64 MiB, so it cannot/);
  });

  it('finds CSV columns and the delimiter, and checks a chosen column', async () => {
    const r = await inspectFile(blob('id\ttext\n1\thello\n'), 'a.tsv', { kind: 'csv' });
    expect(r.resolved).toEqual({ kind: 'csv', column: 'text', delimiter: '\t' });
    const bad = await inspectFile(blob('id,body\n1,x\n'), 'a.csv', { kind: 'csv', column: 'text' });
    expect(bad.problems[0].message).toBe('a.csv has no column "text" — its columns are: id, body');
  });

  it('reads text as paragraphs unless told lines', async () => {
    expect((await inspectFile(blob('a\n\nb'), 'a.txt', { kind: 'txt' })).resolved).toEqual({
      kind: 'txt',
      split: 'paragraph',
    });
    expect(formatForName('x.tsv')).toEqual({ kind: 'csv', delimiter: '\t' });
    expect(formatForName('notes')).toEqual({ kind: 'txt', split: 'paragraph' });
  });
});
