import { describe, expect, it } from 'vitest';
import { csvCell, exportFileName, toCsv } from '../../../../src/lib/present/charts/csv-table';

describe('csvCell', () => {
  it.each([
    { value: 'plain', expected: 'plain' },
    { value: 'a,b', expected: '"a,b"' },
    { value: 'say "hi"', expected: '"say ""hi"""' },
    { value: 'two\nlines', expected: '"two\nlines"' },
    { value: 'cr\r', expected: '"cr\r"' },
    { value: ' padded', expected: '" padded"' },
    { value: '=SUM(A1)', expected: "'=SUM(A1)" },
    { value: '@user', expected: "'@user" },
    { value: '-- the', expected: "'-- the" },
    { value: '=a,b', expected: `"'=a,b"` },
    { value: '', expected: '' },
    { value: 0.1 + 0.2, expected: '0.30000000000000004' },
    { value: -0.5, expected: '-0.5' },
    { value: 1e-12, expected: '1e-12' },
    { value: NaN, expected: '' },
    { value: Infinity, expected: 'Infinity' },
    { value: -Infinity, expected: '-Infinity' },
    { value: null, expected: '' },
    { value: undefined, expected: '' },
    { value: true, expected: 'true' },
    { value: '日本語', expected: '日本語' },
  ])('$value → $expected', ({ value, expected }) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes a header, one line per row and CRLF line ends', () => {
    expect(
      toCsv({
        columns: ['corpus', 'bin', 'share'],
        rows: [
          ['human, v1', 0, 0.25],
          ['synthetic', 1, NaN],
        ],
      }),
    ).toBe('corpus,bin,share\r\n"human, v1",0,0.25\r\nsynthetic,1,\r\n');
  });

  it('round-trips through a parser: every cell comes back', async () => {
    const { default: Papa } = await import('papaparse');
    const rows = [
      ['a"b', 'c,d', 'e\nf'],
      ['x', ' y', 'z '],
    ];
    const parsed = Papa.parse<string[]>(toCsv({ columns: ['1', '2', '3'], rows }), { newline: '\r\n' });
    expect(parsed.data.slice(1, 3)).toEqual(rows);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => toCsv({ columns: ['a', 'b'], rows: [[1]] })).toThrow(/row 1 has 1 cells for 2 columns/);
  });
});

describe('exportFileName', () => {
  it.each([
    { title: 'Token probability (10 bins)', ext: 'csv', expected: 'token-probability-10-bins.csv' },
    { title: 'Zipf: rank–frequency', ext: 'svg', expected: 'zipf-rank-frequency.svg' },
    { title: '***', ext: 'png', expected: 'chart.png' },
    { title: 'Café naïve', ext: 'csv', expected: 'cafe-naive.csv' },
  ])('$title → $expected', ({ title, ext, expected }) => {
    expect(exportFileName(title, ext)).toBe(expected);
  });
});
