import { describe, expect, it } from 'vitest';
import { renderProblem, type Problem } from '../../../src/lib/io/problem';
import { guessDelimiter } from '../../../src/lib/io/csv-rows';
import { chooseDefaultField, FieldTally } from '../../../src/lib/io/fields';
import { readCsvDocuments, readCsvRecords } from '../../../src/lib/io/csv-documents';
import { blob } from './stream-support';

/** A CSV text read the way every page reads one, all columns kept. */
async function parseCsv(text: string, source: string, opts: { delimiter?: string } = {}) {
  const delimiter = opts.delimiter ?? guessDelimiter(text);
  const records: { line: number; value: Record<string, string> }[] = [];
  const problems: Problem[] = [];
  const tally = new FieldTally();
  const read = await readCsvRecords(blob(text), delimiter, source, {
    header(columns) {
      for (const c of columns) tally.see(c, ''); // every column is a candidate, even an empty one
    },
    row(value, _cells, row) {
      records.push({ line: row.line, value });
      for (const [c, cell] of Object.entries(value)) tally.see(c, cell);
    },
    problem: (p) => problems.push(renderProblem(p)),
  });
  const fields = tally.result();
  return {
    records,
    problems,
    columns: read.columns ?? [],
    delimiter,
    fields,
    defaultField: chooseDefaultField(fields),
  };
}

/** The documents of one column, with every problem (ragged rows, missing or empty cells) as the pages list them. */
async function csvColumn(text: string, column: string) {
  const texts: [string, number][] = [];
  const problems: Problem[] = [];
  const read = await readCsvDocuments(blob(text), column, guessDelimiter(text), 'r.csv', {
    document: (d) => texts.push([d.text, d.line]),
    problem: (p) => problems.push(renderProblem(p)),
  });
  return { texts, problems, refused: read.refused };
}

const rows = (r: Awaited<ReturnType<typeof parseCsv>>) => r.records.map((x) => [x.line, x.value]);

describe('CSV: quoting', () => {
  it('keeps quoted delimiters, quotes and line breaks, and numbers rows by the line they start on', async () => {
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
    const r = await parseCsv(text, 'q.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      [2, { id: '1', text: 'Hello, world', label: 'a' }],
      [3, { id: '2', text: 'She said "hi"', label: 'b' }],
      [4, { id: '3', text: 'two\nlines', label: 'c' }],
      [6, { id: '4', text: 'three\n\nlines, with a blank one', label: 'd' }],
      [9, { id: '5', text: 'plain', label: 'e' }],
    ]);
  });

  it('CRLF files keep CRLF inside quoted values and number lines the same', async () => {
    const r = await parseCsv('text,n\r\n"a\r\nb",1\r\nc,2\r\n', 'w.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      [2, { text: 'a\r\nb', n: '1' }],
      [4, { text: 'c', n: '2' }],
    ]);
  });

  it('an unclosed quote skips what it swallowed, keeps what came before, and says which lines', async () => {
    const r = await parseCsv('text,n\nfine,1\n"never closed,2\nmore,3\nlast,4\n', 'u.csv');
    expect(rows(r)).toEqual([[2, { text: 'fine', n: '1' }]]);
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'u.csv',
        line: 3,
        byteOffset: 14,
        message: 'line 3: a quoted value is never closed, so lines 3–5 were read as one row and skipped',
        hint: 'A value containing the delimiter, a double quote or a line break must be wrapped in double quotes, with quotes inside it doubled: "she said ""hi""".',
      },
    ]);
  });

  it('characters after a closing quote are reported', async () => {
    const r = await parseCsv('text,n\n"bad"x,1\n', 'b.csv');
    expect(r.problems[0].message).toMatch(
      /^line 2: a quoted value (has other characters after its closing quote|is never closed)/,
    );
  });
});

describe('CSV: ragged rows are kept with warnings', () => {
  const text = 'id,text,label\n1,short\n2,"long, quoted",x,extra1,extra2\n3,ok,y\n4\n5,\n';
  it('short rows leave the missing columns out (not empty), long rows drop the extras', async () => {
    expect(rows(await parseCsv(text, 'r.csv'))).toEqual([
      [2, { id: '1', text: 'short' }],
      [3, { id: '2', text: 'long, quoted', label: 'x' }],
      [4, { id: '3', text: 'ok', label: 'y' }],
      [5, { id: '4' }],
      [6, { id: '5', text: '' }],
    ]);
  });
  it('says what is missing or ignored, and skips a row without the chosen column', async () => {
    const r = await csvColumn(text, 'text');
    expect(r.texts).toEqual([
      ['short', 2],
      ['long, quoted', 3],
      ['ok', 4],
    ]);
    expect(r.problems.map((p) => [p.severity, p.line, p.message])).toEqual([
      ['warning', 2, 'line 2: 2 values but the header has 3 columns — "label" is missing'],
      ['warning', 3, 'line 3: 5 values but the header has 3 columns — the extra 2 values were ignored'],
      ['error', 5, 'line 5: column "text" is missing — this row has only 1 of 3 values; skipped'],
      ['warning', 6, 'line 6: column "text" is empty; skipped'],
    ]);
  });
  it('a column that does not exist refuses the file, naming the ones it has', async () => {
    expect((await csvColumn('id,body\n1,x\n', 'text')).refused?.message).toBe(
      'r.csv has no column "text" — its columns are: id, body',
    );
  });
});

describe('CSV: header row', () => {
  it('names unnamed columns and makes duplicates unique', async () => {
    const r = await parseCsv('text,,text\na,b,c\n', 'h.csv');
    expect(r.columns).toEqual(['text', 'column 2', 'text (2)']);
    expect(r.problems.map((p) => p.message)).toEqual([
      'line 1: column 2 has no name in the header row; it is called "column 2" here',
      'line 1: the header names column "text" more than once; column 3 is called "text (2)" here',
    ]);
    expect(r.records[0].value).toEqual({ text: 'a', 'column 2': 'b', 'text (2)': 'c' });
  });

  it('a header with no rows has columns and no records (the Text page says there is nothing to read)', async () => {
    const r = await parseCsv('id,text\n', 'only-header.csv');
    expect(r.columns).toEqual(['id', 'text']);
    expect(r.records).toEqual([]);
    expect(r.problems).toEqual([]);
  });

  it('skips blank lines and all-empty rows, before and after the header', async () => {
    const r = await parseCsv('\n\ntext,n\n\n,\n"",\nx,1\n , \n', 'b.csv');
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([[7, { text: 'x', n: '1' }]]);
  });
});

describe('CSV: delimiters', () => {
  it.each([
    ['comma', 'a,text\n1,"x; y"\n', ','],
    ['tab', 'a\ttext\n1\tx, y; z\n', '\t'],
    ['semicolon (European Excel)', 'a;text\n1;x, y\n', ';'],
    ['bar', 'a|text\n1|x\n', '|'],
    ['single column defaults to comma', 'text\nhello\n', ','],
    ['quoted header with commas inside', '"a,b";text\n1;x\n', ';'],
  ])('%s', async (_name, text, delimiter) => {
    const r = await parseCsv(text, 'd.csv');
    expect(r.delimiter).toBe(delimiter);
    expect(r.problems).toEqual([]);
  });

  it('a forced tab delimiter leaves commas alone', async () => {
    const r = await parseCsv('text,with,commas\tn\nhello, there\t1\n', 'd.tsv', { delimiter: '\t' });
    expect(r.columns).toEqual(['text,with,commas', 'n']);
    expect(r.records[0].value).toEqual({ 'text,with,commas': 'hello, there', n: '1' });
  });
});

describe('CSV: column candidates', () => {
  it('counts non-empty cells per column and picks a default like JSONL does', async () => {
    const r = await parseCsv('id,Text,notes\n1,hello,\n2,world,x\n3,  ,\n', 'c.csv');
    expect(r.fields).toEqual([
      { name: 'id', count: 3, numeric: true },
      { name: 'Text', count: 2 },
      { name: 'notes', count: 1 },
    ]);
    expect(r.defaultField).toBe('Text');
  });
  it('falls back to the fullest column that is not all numbers', async () => {
    expect((await parseCsv('id,essay,score\n1,a,0.5\n2,b,1e3\n3,,\n', 'c.csv')).defaultField).toBe('essay');
  });
  it('lists a column that is empty in every row', async () => {
    expect((await parseCsv('text,empty\na,\n', 'c.csv')).fields).toEqual([
      { name: 'text', count: 1 },
      { name: 'empty', count: 0 },
    ]);
  });
});
