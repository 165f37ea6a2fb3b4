import { describe, expect, it } from 'vitest';
import { pageMemoryWarning } from '../../../../src/lib/present/text/score-memory-text';

const MiB = 2 ** 20;

describe('pageMemoryWarning', () => {
  it.each([
    [{ k: 8, bytes: 100 * MiB, limit: 512 * MiB }, null],
    [{ k: 8, bytes: 512 * MiB, limit: 512 * MiB }, null], // at the limit: held
    [
      { k: 64, bytes: 512 * MiB + 1, limit: 512 * MiB },
      'At k = 64 this session’s text and scores would take about 512 MiB, more than the 512 MiB this page holds: score at a smaller k, or run the files with “Edit a whole corpus to a file”, which keeps scores on disk.',
    ],
    [
      { k: 32, bytes: 1.5 * 1024 * MiB, limit: 512 * MiB },
      'At k = 32 this session’s text and scores would take about 1.5 GiB, more than the 512 MiB this page holds: score at a smaller k, or run the files with “Edit a whole corpus to a file”, which keeps scores on disk.',
    ],
  ])('%o', (memory, message) => {
    expect(pageMemoryWarning(memory)).toBe(message);
  });
});
