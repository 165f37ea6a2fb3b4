import { describe, expect, it } from 'vitest';
import {
  handOverNote,
  handOverProblem,
  selectionName,
} from '../../../../src/lib/present/text/hand-over-note';
import { pageBudget } from '../../../../src/lib/scoring/page-budget';

describe('the note on files handed to the corpus run', () => {
  it.each([
    [['shards/part-1.jsonl', 'shards/part-2.jsonl'], 'shards/'],
    [['big.jsonl.gz'], 'big.jsonl.gz'],
    [['a.txt', 'b.txt', 'c.txt'], 'a.txt and 2 more files'],
    [['a.txt', 'b.txt'], 'a.txt and 1 more file'],
    [['x/a.txt', 'y/b.txt'], 'x/a.txt and 1 more file'],
  ])('names %j as %s', (paths, name) => {
    expect(selectionName(paths)).toBe(name);
  });

  it('says how big the files are, what their scores would take, the limit, and where they went', () => {
    const paths = Array.from({ length: 12 }, (_, i) => `shards/part-${i}.jsonl`);
    const h = {
      paths,
      textBytes: 210 * 2 ** 20,
      how: 'size' as const,
      heldTextBytes: 0,
      budget: pageBudget(8),
    };
    expect(handOverProblem(h)).toEqual({
      source: 'shards/',
      message:
        'shards/ (12 files, about 210 MiB of text) is more than this page holds in memory (about 4.5 GiB of ' +
        'scores at k = 8; the page keeps up to 512 MiB of text and scores): it was not added here.',
      hint: 'It is ready below in “Edit a whole corpus to a file”, which scores and edits it from disk.',
    });
    expect(handOverNote(h)).toBe(`${handOverProblem(h).message} ${handOverProblem(h).hint}`);
  });

  it('says where reading stopped, and the text the page held already', () => {
    const h = {
      paths: ['big.jsonl.gz'],
      textBytes: 3 * 2 ** 20,
      how: 'read' as const,
      heldTextBytes: 2048,
      budget: pageBudget(64, 4, 2 ** 20),
    };
    expect(handOverProblem(h).message).toBe(
      'big.jsonl.gz (more than 3.0 MiB of text when reading stopped) is more than this page holds in memory ' +
        '(over 402 MiB of scores at k = 64; the page keeps up to 1.0 MiB of text and scores, with 2.0 KiB of ' +
        'text here already): it was not added here.',
    );
  });
});
