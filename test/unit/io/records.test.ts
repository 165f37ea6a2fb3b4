import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/lib/math/seeded';
import { readLineRecords, readParagraphRecords, type ByteRange } from '../../../src/lib/io/records';
import { utf8 } from './stream-support';

type Read = typeof readLineRecords;
interface Rec {
  text: string;
  offset: number;
  line: number;
  lines: number;
}

/** Records of every range of size `block`, with lines renumbered as merging does. */
async function readInBlocks(
  read: Read,
  blob: Blob,
  block: number,
): Promise<{ records: Rec[]; lines: number }> {
  const records: Rec[] = [];
  let lines = 0;
  for (let start = 0; start < blob.size; start += block) {
    const range: ByteRange = { start, end: Math.min(blob.size, start + block) };
    const before = lines;
    const r = await read(blob, range, (x) =>
      records.push({
        text: new TextDecoder().decode(x.bytes!),
        offset: x.offset,
        line: x.line + before,
        lines: x.lines,
      }),
    );
    lines += r.lines;
  }
  return { records, lines };
}

/** Seeded text: paragraphs of lines, blank lines of spaces/NBSP, CRLF, long lines and multi-byte words. */
function messyText(seed: number): string {
  const rng = seededRng(seed);
  const words = ['a', 'bb', 'ccc', 'ünï', '日本語', '😀', 'word'];
  let text = rng() < 0.5 ? '\ufeff' : '';
  for (let p = 0; p < 30; p++) {
    const lines = 1 + Math.floor(rng() * 4);
    for (let l = 0; l < lines; l++) {
      const n = 1 + Math.floor(rng() * (rng() < 0.1 ? 200 : 8));
      text += Array.from({ length: n }, () => words[Math.floor(rng() * words.length)]).join(' ');
      text += rng() < 0.3 ? '\r\n' : '\n';
    }
    text += ['\n', '   \n', '\u00a0\n', '\n\n'][Math.floor(rng() * 4)];
  }
  return rng() < 0.5 ? text : text.trimEnd();
}

describe.each([
  ['lines', readLineRecords],
  ['paragraphs', readParagraphRecords],
])('%s by byte range', (_name, read) => {
  it.each([1, 2, 3, 7, 50, 333, 4096])(
    'every record is read exactly once, with its offset and line, in ranges of %i bytes',
    async (block) => {
      // Tiny ranges mean thousands of reads: one text for them, three for the rest.
      for (const seed of block < 7 ? [1] : [1, 2, 3]) {
        const blob = new Blob([utf8(messyText(seed))]);
        const whole = await readInBlocks(read, blob, blob.size);
        const parts = await readInBlocks(read, blob, block);
        expect(parts.records).toEqual(whole.records);
        expect(parts.lines).toBe(whole.lines);
      }
    },
  );
});

describe('records', () => {
  const text = '\ufeffone\r\ntwo\n  \nthree\nfour\n\u00a0\nfive';
  const blob = new Blob([utf8(text)]);

  it('lines: non-blank lines with the BOM cut off, blank ones counted', async () => {
    const got: [string, number, number][] = [];
    const r = await readLineRecords(blob, { start: 0, end: blob.size }, (x) =>
      got.push([new TextDecoder().decode(x.bytes!), x.offset, x.line]),
    );
    expect(got).toEqual([
      ['one', 3, 1],
      ['two', 8, 2],
      ['three', 15, 4],
      ['four', 21, 5],
      ['five', 29, 7],
    ]);
    expect(r.lines).toBe(7);
  });

  it('paragraphs: runs of non-blank lines, joined by LF, from the line they start on', async () => {
    const got: [string, number, number, number][] = [];
    await readParagraphRecords(blob, { start: 0, end: blob.size }, (x) =>
      got.push([new TextDecoder().decode(x.bytes!), x.offset, x.line, x.lines]),
    );
    expect(got).toEqual([
      ['one\ntwo', 3, 1, 2],
      ['three\nfour', 15, 4, 2],
      ['five', 29, 7, 1],
    ]);
  });

  it('a range inside a paragraph leaves it to the range where it starts', async () => {
    const got: string[] = [];
    await readParagraphRecords(blob, { start: 17, end: blob.size }, (x) =>
      got.push(new TextDecoder().decode(x.bytes!)),
    );
    expect(got).toEqual(['five']);
  });
});

describe('records over the cap', () => {
  const text = 'one\n' + 'x'.repeat(30) + '\ntwo\nthree\n\nfour\n' + 'y'.repeat(12) + '\nfive\n\nsix\n';
  const file = new Blob([utf8(text)]);
  const describe = (x: { bytes: Uint8Array | null; size: number; line: number; lines: number }) =>
    x.bytes === null
      ? `${x.size} bytes over, line ${x.line} (${x.lines})`
      : new TextDecoder().decode(x.bytes);

  it('a line over the cap arrives with its size and line, and the lines after it are read', async () => {
    const got: string[] = [];
    await readLineRecords(
      file,
      { start: 0, end: file.size },
      (x) => void got.push(describe(x)),
      undefined,
      10,
    );
    expect(got).toEqual([
      'one',
      '30 bytes over, line 2 (1)',
      'two',
      'three',
      'four',
      '12 bytes over, line 7 (1)',
      'five',
      'six',
    ]);
  });

  it('a paragraph over the cap arrives once, with all its lines counted', async () => {
    const got: string[] = [];
    await readParagraphRecords(
      file,
      { start: 0, end: file.size },
      (x) => void got.push(describe(x)),
      undefined,
      20,
    );
    // "one" + the long line (35 bytes with the LF between them); "four" + 12 y's + "five" (22 bytes).
    expect(got).toEqual(['44 bytes over, line 1 (4)', '22 bytes over, line 6 (3)', 'six']);
  });
});
