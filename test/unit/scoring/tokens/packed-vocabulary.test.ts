import { describe, expect, it } from 'vitest';
import { packVocabulary, vocabularyOf } from '../../../../src/lib/scoring/tokens/packed-vocabulary';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('packVocabulary', () => {
  it('keeps each id’s exact bytes, including partial characters and empty entries', () => {
    const emojiHead = utf8('😀').subarray(0, 2);
    const packed = packVocabulary(
      5,
      [
        [0, utf8('<s>')],
        [1, utf8(' the')],
        [3, emojiHead],
        [4, utf8('言')],
        [9, utf8('out of range')],
      ],
      [0],
    );
    const v = vocabularyOf(packed);
    expect(v.bytes(1)).toEqual(utf8(' the'));
    expect(v.bytes(2)).toEqual(new Uint8Array(0)); // no entry
    expect(v.bytes(3)).toEqual(emojiHead);
    expect(v.bytes(4)).toEqual(utf8('言'));
    expect([0, 1, 2, 3, 4].map((id) => v.special(id))).toEqual([true, false, false, false, false]);
    expect(packed.bytes.length).toBe(3 + 4 + 2 + 3);
  });
});
