import { describe, expect, it } from 'vitest';
import { isBlankLine, joinLines, readLines } from '../../../src/lib/io/lines';
import { allLines, chunked, utf8 } from './stream-support';

describe('readLines', () => {
  const text = 'first\r\nsecond\n\nünïcödé 日本\nlast without LF';
  const expected: [string, number][] = [
    ['first', 0],
    ['second', 7],
    ['', 14],
    ['ünïcödé 日本', 15],
    ['last without LF', 15 + utf8('ünïcödé 日本\n').length],
  ];

  it.each([1, 2, 3, 5, 64, 1 << 16])(
    'splits on LF with exact byte offsets, chunks of %i bytes',
    async (size) => {
      expect(await allLines(chunked(utf8(text), size))).toEqual(expected);
    },
  );

  it('has no lines in an empty stream, and no empty last line after a final LF', async () => {
    expect(await allLines(chunked(new Uint8Array(0), 4))).toEqual([]);
    expect(await allLines(chunked(utf8('a\nb\n'), 1))).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
  });

  it('stops when the visitor says so, and counts the bytes read', async () => {
    const seen: string[] = [];
    const r = await readLines(chunked(utf8('a\nbb\nccc\n'), 2), 100, (b, offset) => {
      seen.push(`${new TextDecoder().decode(b!)}@${offset}`);
      return seen.length < 2;
    });
    expect(seen).toEqual(['a@100', 'bb@102']);
    expect(r).toEqual({ bytesRead: 5, stopped: true });
  });
});

describe('readLines: lines over the cap', () => {
  const text = 'short\n' + 'x'.repeat(20) + '\nok\r\n' + 'y'.repeat(11) + '\r\n' + 'z'.repeat(30);

  it.each([1, 3, 7, 64])('are visited as null with their length, chunks of %i bytes', async (size) => {
    expect(await allLines(chunked(utf8(text), size), { maxLineBytes: 10 })).toEqual([
      ['short', 0],
      [null, 6, 20],
      ['ok', 27],
      [null, 31, 11],
      [null, 44, 30],
    ]);
  });

  it('keep a line of exactly the cap, CR LF or not', async () => {
    expect(await allLines(chunked(utf8('abcd\r\nefgh\nijklm'), 2), { maxLineBytes: 4 })).toEqual([
      ['abcd', 0],
      ['efgh', 6],
      [null, 11, 5],
    ]);
  });

  it('say whether a line ended in CR LF', async () => {
    const ends: boolean[] = [];
    await readLines(chunked(utf8('a\r\nb\nc\r\n'), 1), 0, (_b, _o, info) => void ends.push(info.crlf));
    expect(ends).toEqual([true, false, true]);
  });

  it('never buffers more than the cap: 64 MiB without a line break, read with a 1 MiB cap', async () => {
    const chunk = new Uint8Array(1 << 16).fill(0x78);
    let sent = 0;
    const total = 64 << 20;
    let peak = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        if (sent >= total) return controller.close();
        controller.enqueue(chunk); // the same bytes again: only the reader's own copies allocate
        sent += chunk.length;
      },
    });
    const before = process.memoryUsage().arrayBuffers;
    const lines = await allLines(stream, { maxLineBytes: 1 << 20 });
    expect(lines).toEqual([[null, 0, total]]);
    // What the reader copies stays near the cap, never the 64 MiB.
    expect(peak - before).toBeLessThan(8 << 20);
  });
});

describe('isBlankLine', () => {
  it.each([
    ['', true],
    [' \t\r', true],
    ['\u00a0\u3000', true],
    [' x ', false],
    ['日', false],
    ['\u200b', false], // zero-width space is not whitespace in JS
  ])('%j → %s', (s, blank) => expect(isBlankLine(utf8(s))).toBe(blank));
});

describe('joinLines', () => {
  it.each([[[]], [['one']], [['a', '', 'ü 日本']], [['', '']]])('%j joins with LF', (lines: string[]) => {
    const parts = lines.map(utf8);
    const total = parts.reduce((n, p) => n + p.length, 0);
    expect(new TextDecoder().decode(joinLines(parts, total))).toBe(lines.join('\n'));
  });
});
