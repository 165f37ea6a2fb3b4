import { describe, expect, it } from 'vitest';
import { corpusKindOf, fromPastedText } from '../../../src/lib/io/corpus-file';

// Reading files: test/unit/io/read-corpus.test.ts (they are read in a worker, never here).
describe('the kind a file name is read as', () => {
  it.each([
    ['a.txt', 'txt'],
    ['A.TEXT', 'txt'],
    ['dir/x.jsonl', 'jsonl'],
    ['x.ndjson', 'jsonl'],
    ['x.json', 'jsonl'],
    ['x.csv', 'csv'],
    ['x.tsv', 'csv'],
    ['x.md', undefined],
    ['.jsonl', undefined],
    ['x.constructor', undefined],
  ])('corpusKindOf(%s) = %s', (name, kind) => {
    expect(corpusKindOf(name)).toBe(kind);
  });
});

describe('fromPastedText', () => {
  it('is one document', () => {
    expect(fromPastedText('  Some text.\n', 3)).toEqual({
      documents: [{ index: 3, text: '  Some text.\n', origin: { source: 'pasted text' } }],
      problems: [],
    });
  });
  it.each([
    ['', 'The pasted text is empty — nothing to score.'],
    [' \n\t ', 'The pasted text contains only whitespace — nothing to score.'],
  ])('%j is a problem', (text, message) => {
    expect(fromPastedText(text)).toEqual({
      documents: [],
      problems: [{ severity: 'error', source: 'pasted text', message }],
    });
  });
});
