import { describe, expect, it } from 'vitest';
import { isBlankLine, joinLines, readLines } from '../../../src/lib/stream/lines';
import { allLines, chunked, utf8 } from './support';

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
      seen.push(`${new TextDecoder().decode(b)}@${offset}`);
      return seen.length < 2;
    });
    expect(seen).toEqual(['a@100', 'bb@102']);
    expect(r).toEqual({ bytesRead: 5, stopped: true });
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
