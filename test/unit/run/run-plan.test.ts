import { describe, expect, it } from 'vitest';
import {
  corpusLabel,
  fileMismatch,
  plannedFiles,
  runFiles,
  type PathedFile,
} from '../../../src/lib/run/run-plan';

const file = (path: string, bytes: number, lastModified = 1_700_000_000_000): PathedFile => ({
  path,
  file: Object.assign(new Blob([new Uint8Array(bytes)]), { lastModified }),
});

describe('the order of a run’s files', () => {
  it('is the natural order of paths, whatever order they were picked in, hidden files of a folder left out', () => {
    const picked = [
      file('shards/part-10.parquet', 3),
      file('shards/.DS_Store', 1),
      file('shards/part-2.parquet', 2),
      file('shards/__MACOSX/part-1.parquet', 1),
      file('shards/part-1.parquet', 1),
    ];
    expect(runFiles(picked).map((f) => f.name)).toEqual([
      'shards/part-1.parquet',
      'shards/part-2.parquet',
      'shards/part-10.parquet',
    ]);
    expect(plannedFiles(picked)).toEqual([
      { path: 'shards/part-1.parquet', bytes: 1, lastModified: 1_700_000_000_000 },
      { path: 'shards/part-2.parquet', bytes: 2, lastModified: 1_700_000_000_000 },
      { path: 'shards/part-10.parquet', bytes: 3, lastModified: 1_700_000_000_000 },
    ]);
    // A single file picked by itself keeps even a dotted name: it was chosen.
    expect(runFiles([file('.hidden.jsonl', 4)]).map((f) => f.name)).toEqual(['.hidden.jsonl']);
  });
});

describe('fileMismatch', () => {
  const planned = plannedFiles([file('s/a.jsonl', 10), file('s/b.jsonl', 20), file('s/c.jsonl', 30)]);
  it.each([
    [
      'the same files, picked in another order',
      [file('s/c.jsonl', 30), file('s/a.jsonl', 10), file('s/b.jsonl', 20)],
      null,
    ],
    [
      'a missing file',
      [file('s/a.jsonl', 10), file('s/c.jsonl', 30)],
      's/b.jsonl is missing: the run started with 3 files.',
    ],
    [
      'a file of another size',
      [file('s/a.jsonl', 10), file('s/b.jsonl', 21), file('s/c.jsonl', 30)],
      's/b.jsonl is 21 B now and was 20 B when the run started: it changed.',
    ],
    [
      'a file modified since',
      [file('s/a.jsonl', 10), file('s/b.jsonl', 20, 1_800_000_000_000), file('s/c.jsonl', 30)],
      `s/b.jsonl was modified after the run started (${new Date(1_800_000_000_000).toISOString()}).`,
    ],
    [
      'one file more',
      [file('s/a.jsonl', 10), file('s/b.jsonl', 20), file('s/c.jsonl', 30), file('s/d.jsonl', 1)],
      's/d.jsonl was not in the run, which started with 3 files.',
    ],
    [
      'two files more',
      [
        file('s/a.jsonl', 10),
        file('s/b.jsonl', 20),
        file('s/c.jsonl', 30),
        file('s/d.jsonl', 1),
        file('s/e.jsonl', 1),
      ],
      's/d.jsonl and 1 more were not in the run, which started with 3 files.',
    ],
  ])('%s', (_, found, message) => {
    expect(fileMismatch(planned, plannedFiles(found))).toBe(message);
  });
});

describe('corpusLabel', () => {
  it.each([
    [[file('shards/a.parquet', 1500), file('shards/b.parquet', 500)], 'shards/ (2 files, 2.0 KiB)'],
    [[file('corpus.jsonl.gz', 100)], 'corpus.jsonl.gz (1 file, 100 B)'],
    [[file('a.jsonl', 1), file('b.jsonl', 1), file('c.jsonl', 1)], 'a.jsonl and 2 more (3 files, 3 B)'],
  ])('%#', (files, label) => {
    expect(corpusLabel(plannedFiles(files))).toBe(label);
  });
});
