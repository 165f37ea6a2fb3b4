import { describe, expect, it } from 'vitest';
import { editSegments } from '../../../../src/lib/present/text/edit-segments';
import type { EditLogEntry } from '../../../../src/lib/toedit/edit-engine';
import type { DocumentScores } from '../../../../src/lib/scoring/scores';

const utf8 = (s: string) => new TextEncoder().encode(s);
const VOCAB = ['<s>', 'A', 'B', ' cat', ' dog', '!'];
const vocab = { bytes: (id: number) => utf8(VOCAB[id]), special: (id: number) => id === 0 };

function scoresOf(ids: number[]): DocumentScores {
  const n = ids.length;
  const byteStart = new Uint32Array(n);
  const byteEnd = new Uint32Array(n);
  let at = 0;
  ids.forEach((id, i) => {
    byteStart[i] = at;
    byteEnd[i] = at += utf8(VOCAB[id]).length;
  });
  return {
    tokenIds: Int32Array.from(ids),
    byteStart,
    byteEnd,
    logprob: new Float32Array(n).fill(-0.001),
    rank: new Int32Array(n).fill(1),
    entropy: new Float32Array(n),
    k: 0,
    topIds: new Int32Array(0),
    topLogprobs: new Float32Array(0),
    bosPrepended: true,
  };
}

const entry = (
  position: number,
  original: number,
  replacement: number | null,
  action: 'revise' | 'delete' = 'revise',
): EditLogEntry => ({
  position,
  byteStart: 0,
  byteEnd: 0,
  original,
  p: 0.995,
  action,
  replacement,
  changed: replacement !== original,
  candidates: [],
  weights: [],
  excluded: { special: [], original: false, utf8: [] },
});

describe('editSegments', () => {
  it('marks kept, changed and deleted tokens and gives each change its replacement text', () => {
    const text = 'A cat!';
    const segs = editSegments(
      text,
      scoresOf([1, 3, 5]),
      [entry(0, 1, 1), entry(1, 3, 4), entry(2, 5, null, 'delete')],
      vocab,
    );
    expect(segs.map((s) => [s.text, s.kind, s.replacement])).toEqual([
      ['A', 'flagged', ''],
      [' cat', 'changed', ' dog'],
      ['!', 'deleted', ''],
    ]);
  });
  it('leaves unflagged tokens plain and keeps the text whole', () => {
    const segs = editSegments('AB', scoresOf([1, 2]), [], vocab);
    expect(segs.every((s) => s.kind === 'plain')).toBe(true);
    expect(segs.map((s) => s.text).join('')).toBe('AB');
  });
});
