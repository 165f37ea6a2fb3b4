import { describe, expect, it } from 'vitest';
import { compressionOf, decompress } from '../../../src/lib/io/compressed-file';
import { joinEntries, openInputs, type InputFile } from '../../../src/lib/io/open-inputs';
import { naturalSort } from '../../../src/lib/io/natural-order';
import { gzip, utf8, zip, zstd, zstdFrame } from '../../support/input-fixtures';

const blob = (data: Uint8Array | string) =>
  new Blob([(typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>]);
const file = (name: string, data: Uint8Array | string): InputFile => ({ name, blob: blob(data) });

const JSONL =
  ['{"text": "first document"}', '{"text": "second document"}', '{"text": "third"}'].join('\n') + '\n';

describe('compressed files are decompressed as they stream, whatever format they hold', () => {
  it('names: the last extension says the compression, the rest the format', () => {
    expect(compressionOf('corpus.jsonl.gz')).toEqual({ compression: 'gzip', inner: 'corpus.jsonl' });
    expect(compressionOf('shards/part-1.csv.ZST')).toEqual({
      compression: 'zstd',
      inner: 'shards/part-1.csv',
    });
    expect(compressionOf('corpus.jsonl')).toBeUndefined();
  });

  it('gzip and zstd give back the plain bytes exactly', async () => {
    const text = 'héllo wörld\n'.repeat(50_000); // several chunks and several 128 KiB zstd blocks
    for (const [name, packed] of [
      ['a.txt.gz', gzip(text)],
      ['a.txt.zst', zstd(text)],
    ] as const) {
      const out = await decompress(blob(packed), name, compressionOf(name)!.compression);
      expect(out.ok).toBe(true);
      if (out.ok) expect(await out.blob.text()).toBe(text);
    }
  });

  it('a zstd frame of raw and RLE blocks decodes to both', async () => {
    const frame = zstdFrame(utf8('ab'), { byte: 0x78, count: 1000 }, utf8('cd'));
    const out = await decompress(blob(frame), 'x.txt.zst', 'zstd');
    expect(out.ok && (await out.blob.text())).toBe(`ab${'x'.repeat(1000)}cd`);
  });

  it('a truncated stream is named as truncated; nothing is read from it', async () => {
    const gz = gzip(JSONL.repeat(100));
    const zs = zstd(JSONL.repeat(100));
    const cut = [
      ['corpus.jsonl.gz', gz.subarray(0, gz.length - 20), 'gzip'],
      ['corpus.jsonl.zst', zs.subarray(0, zs.length - 20), 'zstd'],
    ] as const;
    for (const [name, data, compression] of cut) {
      const out = await decompress(blob(data), name, compression);
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.problem.message).toMatch(
          new RegExp(
            `^${name.replace(/\./g, '\\.')} is truncated: the ${compression} stream ends before its end marker`,
          ),
        );
        expect(out.problem.hint).toMatch(/cut off/);
      }
    }
  });

  it('a file named .gz that is not gzip, or gzip corrupted inside, says which', async () => {
    const plain = await decompress(blob(JSONL), 'corpus.jsonl.gz', 'gzip');
    expect(!plain.ok && plain.problem.message).toBe(
      'corpus.jsonl.gz is not gzip data: it does not start with the gzip signature, though its name ends in a gzip extension.',
    );
    const gz = gzip('some text that compresses '.repeat(200));
    gz.fill(0xff, 20, 40); // the deflate data itself is broken
    const broken = await decompress(blob(gz), 'b.txt.gz', 'gzip');
    expect(!broken.ok && broken.problem.message).toMatch(
      /^b\.txt\.gz is corrupt: its gzip data could not be decompressed/,
    );
  });
});

describe('zip archives: each readable file is an entry, in natural order; others are named and skipped', () => {
  it('takes out the readable files, passes over folders and hidden files, warns of the rest', async () => {
    const archive = zip({
      'data/part-10.jsonl': '{"text": "ten"}\n',
      'data/part-2.jsonl.gz': gzip('{"text": "two"}\n'),
      'data/part-1.jsonl': '{"text": "one"}\n',
      'notes.docx': 'not a corpus',
      '.DS_Store': 'x',
      '__MACOSX/data/._part-1.jsonl': 'x',
    });
    const opened = await openInputs([file('shards.zip', archive)]);
    expect(opened.entries.map((e) => e.name)).toEqual([
      'shards.zip/data/part-1.jsonl',
      'shards.zip/data/part-2.jsonl.gz',
      'shards.zip/data/part-10.jsonl',
    ]);
    expect(await Promise.all(opened.entries.map((e) => e.blob.text()))).toEqual([
      '{"text": "one"}\n',
      '{"text": "two"}\n',
      '{"text": "ten"}\n',
    ]);
    expect(opened.problems.map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        'shards.zip/notes.docx is a .docx file, which this app does not read; it was skipped and the rest of shards.zip was read.',
      ],
    ]);
  });

  it('an entry compressed with a method it cannot unpack is skipped with why; the others are read', async () => {
    const archive = zip({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    // Mark b.txt's local header as LZMA (method 14): the streaming reader reads the local headers.
    const view = new DataView(archive.buffer);
    let offset = 0;
    for (let n = 0; n < 2; n++) {
      const nameLength = view.getUint16(offset + 26, true);
      const extraLength = view.getUint16(offset + 28, true);
      if (n === 1) view.setUint16(offset + 8, 14, true);
      offset += 30 + nameLength + extraLength + view.getUint32(offset + 18, true);
    }
    const opened = await openInputs([file('mixed.zip', archive)]);
    expect(opened.entries.map((e) => e.name)).toEqual(['mixed.zip/a.txt']);
    expect(opened.problems[0].message).toBe(
      'mixed.zip/b.txt is compressed with LZMA, which this app cannot unpack (only stored and deflated entries). It was skipped.',
    );
  });

  it('a truncated archive keeps the entries before the cut and names the one cut', async () => {
    const archive = zip({ 'a.txt': 'alpha '.repeat(10), 'b.txt': 'beta '.repeat(5000) });
    const opened = await openInputs([file('cut.zip', archive.subarray(0, archive.length - 400))]);
    expect(opened.entries.map((e) => e.name)).toEqual(['cut.zip/a.txt']);
    expect(opened.problems.map((p) => p.message)).toContain(
      'cut.zip is truncated: entry b.txt stops before its end. The entries before it were read.',
    );
  });
});

describe('a selection of files is one corpus in natural order of their paths', () => {
  it('natural order: shard-2 before shard-10, ties broken by code units', () => {
    const paths = ['d/shard-10.jsonl', 'd/shard-2.jsonl', 'd/shard-1.jsonl', 'd/Shard-1.jsonl'];
    expect(naturalSort(paths, (p) => p)).toEqual(naturalSort([...paths].reverse(), (p) => p));
    expect(naturalSort(paths, (p) => p).filter((p) => p.includes('shard'))).toEqual([
      'd/shard-1.jsonl',
      'd/shard-2.jsonl',
      'd/shard-10.jsonl',
    ]);
  });

  it('a folder: shards joined in order, notes passed over, a bad shard named while the rest load', async () => {
    const opened = await openInputs([
      file('data/train-10.jsonl.zst', zstd('{"text": "c"}\n')),
      file('data/train-2.jsonl.gz', gzip('{"text": "b"}')),
      file('data/train-3.jsonl.gz', gzip('{"text": "lost"}\n').subarray(0, 12)),
      file('data/train-1.jsonl', '{"text": "a"}\n'),
      file('data/README.md', '# card'),
      file('data/.gitattributes', '*.parquet filter=lfs'),
    ]);
    expect(opened.problems.map((p) => p.source)).toEqual(['data/README.md', 'data/train-3.jsonl.gz']);
    expect(opened.problems[1].message).toMatch(/^data\/train-3\.jsonl\.gz is truncated/);
    const joined = await joinEntries(opened, 'data/');
    expect(joined.ok).toBe(true);
    if (joined.ok) {
      expect(joined.format).toEqual({ kind: 'jsonl' });
      expect(await joined.blob.text()).toBe('{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n');
    }
  });

  it('text shards are joined with a blank line, so no paragraph spans two files', async () => {
    const joined = await joinEntries(
      await openInputs([file('b.txt', 'two'), file('a.txt', 'one')]),
      '2 files',
    );
    expect(joined.ok && (await joined.blob.text())).toBe('one\n\ntwo');
  });

  it('mixed formats, or several CSV headers, cannot be one stream: one problem says why', async () => {
    const mixed = await joinEntries(
      await openInputs([file('a.jsonl', JSONL), file('b.csv', 'text\nx\n')]),
      'two',
    );
    expect(!mixed.ok && mixed.problems[0].message).toBe(
      'two mixes formats (a.jsonl is jsonl, b.csv is csv); one corpus is read in one format.',
    );
    const csvs = await joinEntries(
      await openInputs([file('a.csv', 'text\nx\n'), file('b.csv', 'text\ny\n')]),
      'csvs',
    );
    expect(!csvs.ok && csvs.problems[0].message).toMatch(
      /^csvs holds 2 CSV files; each has its own header row/,
    );
  });
});
