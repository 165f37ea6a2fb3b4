import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/lib/input/csv';

const rows = (r: ReturnType<typeof parseCsv>) => r.records.map((x) => [x.line, x.value]);

describe('parseCsv: quoting', () => {
  it('keeps quoted delimiters, quotes and line breaks, and numbers rows by the line they start on', () => {
    const text = [
      'id,text,label',
      '1,"Hello, world",a',
      '2,"She said ""hi""",b',
      '3,"two',
      'lines",c',
      '4,"three',
      '',
      'lines, with a blank one",d',
      '5,plain,e',
    ].join('\n');
    const r = parseCsv(text, 'q.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      [2, { id: '1', text: 'Hello, world', label: 'a' }],
      [3, { id: '2', text: 'She said "hi"', label: 'b' }],
      [4, { id: '3', text: 'two\nlines', label: 'c' }],
      [6, { id: '4', text: 'three\n\nlines, with a blank one', label: 'd' }],
      [9, { id: '5', text: 'plain', label: 'e' }],
    ]);
  });

  it('CRLF files keep CRLF inside quoted values and number lines the same', () => {
    const r = parseCsv('text,n\r\n"a\r\nb",1\r\nc,2\r\n', 'w.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      [2, { text: 'a\r\nb', n: '1' }],
      [4, { text: 'c', n: '2' }],
    ]);
  });

  it('an unclosed quote skips what it swallowed, keeps what came before, and says which lines', () => {
    const r = parseCsv('text,n\nfine,1\n"never closed,2\nmore,3\nlast,4\n', 'u.csv');
    expect(rows(r)).toEqual([[2, { text: 'fine', n: '1' }]]);
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'u.csv',
        line: 3,
        message: 'line 3: a quoted value is never closed, so lines 3–5 were read as one row and skipped',
        hint: 'A value containing the delimiter, a double quote or a line break must be wrapped in double quotes, with quotes inside it doubled: "she said ""hi""".',
      },
    ]);
  });

  it('characters after a closing quote are reported', () => {
    const r = parseCsv('text,n\n"bad"x,1\n', 'b.csv');
    expect(r.problems[0].message).toMatch(
      /^line 2: a quoted value (has other characters after its closing quote|is never closed)/,
    );
  });
});

describe('parseCsv: ragged rows are kept with warnings', () => {
  const r = parseCsv('id,text,label\n1,short\n2,"long, quoted",x,extra1,extra2\n3,ok,y\n', 'r.csv');
  it('short rows leave the missing columns out (not empty), long rows drop the extras', () => {
    expect(rows(r)).toEqual([
      [2, { id: '1', text: 'short' }],
      [3, { id: '2', text: 'long, quoted', label: 'x' }],
      [4, { id: '3', text: 'ok', label: 'y' }],
    ]);
  });
  it('says what is missing or ignored', () => {
    expect(r.problems.map((p) => [p.severity, p.line, p.message])).toEqual([
      ['warning', 2, 'line 2: 2 values but the header has 3 columns — "label" is missing'],
      ['warning', 3, 'line 3: 5 values but the header has 3 columns — the extra 2 values were ignored'],
    ]);
  });
});

describe('parseCsv: header row', () => {
  it('names unnamed columns and makes duplicates unique', () => {
    const r = parseCsv('text,,text\na,b,c\n', 'h.csv');
    expect(r.columns).toEqual(['text', 'column 2', 'text (2)']);
    expect(r.problems.map((p) => p.message)).toEqual([
      'line 1: column 2 has no name in the header row; it is called "column 2" here',
      'line 1: the header names column "text" more than once; column 3 is called "text (2)" here',
    ]);
    expect(r.records[0].value).toEqual({ text: 'a', 'column 2': 'b', 'text (2)': 'c' });
  });

  it('a header with no rows is an error', () => {
    const r = parseCsv('id,text\n', 'only-header.csv');
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'only-header.csv',
        message: 'only-header.csv has a header row (id, text) but no data rows — nothing to score.',
        hint: 'The first row is read as column names; the texts go in the rows below it.',
      },
    ]);
  });

  it('skips blank lines and all-empty rows, before and after the header', () => {
    const r = parseCsv('\n\ntext,n\n\n,\n"",\nx,1\n , \n', 'b.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([[7, { text: 'x', n: '1' }]]);
  });
});

describe('parseCsv: delimiters', () => {
  it.each([
    ['comma', 'a,text\n1,"x; y"\n', ','],
    ['tab', 'a\ttext\n1\tx, y; z\n', '\t'],
    ['semicolon (European Excel)', 'a;text\n1;x, y\n', ';'],
    ['bar', 'a|text\n1|x\n', '|'],
    ['single column defaults to comma', 'text\nhello\n', ','],
    ['quoted header with commas inside', '"a,b";text\n1;x\n', ';'],
  ])('%s', (_name, text, delimiter) => {
    const r = parseCsv(text, 'd.csv');
    expect(r.delimiter).toBe(delimiter);
    expect(r.problems).toEqual([]);
  });

  it('a forced tab delimiter leaves commas alone', () => {
    const r = parseCsv('text,with,commas\tn\nhello, there\t1\n', 'd.tsv', { delimiter: '\t' });
    expect(r.columns).toEqual(['text,with,commas', 'n']);
    expect(r.records[0].value).toEqual({ 'text,with,commas': 'hello, there', n: '1' });
  });
});

describe('parseCsv: column candidates', () => {
  it('counts non-empty cells per column and picks a default like JSONL does', () => {
    const r = parseCsv('id,Text,notes\n1,hello,\n2,world,x\n3,  ,\n', 'c.csv');
    expect(r.fields).toEqual([
      { name: 'id', count: 3, numeric: true },
      { name: 'Text', count: 2 },
      { name: 'notes', count: 1 },
    ]);
    expect(r.defaultField).toBe('Text');
  });
  it('falls back to the fullest column that is not all numbers', () => {
    expect(parseCsv('id,essay,score\n1,a,0.5\n2,b,1e3\n3,,\n', 'c.csv').defaultField).toBe('essay');
  });
  it('lists a column that is empty in every row', () => {
    expect(parseCsv('text,empty\na,\n', 'c.csv').fields).toEqual([
      { name: 'text', count: 1 },
      { name: 'empty', count: 0 },
    ]);
  });
});
