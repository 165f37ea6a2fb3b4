import { describe, expect, it } from 'vitest';
import { documentsText, sampleText, sentences } from '../../../src/lib/lab/own-text';

describe('own text', () => {
  it('cuts text into sentences and drops empty ones', () => {
    expect(sentences('One. Two!  Three?\n\nFour… five')).toEqual(['One.', 'Two!', 'Three?', 'Four…', 'five']);
    expect(sentences('  \n ')).toEqual([]);
  });

  it('keys the sample by its content', () => {
    const a = sampleText([{ text: 'A b. C d.' }]);
    expect(a.texts).toEqual(['A b.', 'C d.']);
    expect(sampleText([{ text: 'A b. C d.' }]).key).toBe(a.key);
    // Same lengths, one character apart: a different key.
    expect(sampleText([{ text: 'A b. C e.' }]).key).not.toBe(a.key);
  });

  it('gives the Text page documents a key that changes when they do', () => {
    const docs = [{ text: 'first document' }, { text: 'second' }];
    const key = documentsText(docs).key;
    expect(documentsText([...docs]).key).toBe(key);
    expect(documentsText([docs[0]]).key).not.toBe(key);
    expect(documentsText([docs[0], { text: 'Second' }]).key).not.toBe(key);
    expect(documentsText([...docs].reverse()).key).not.toBe(key);
    expect(documentsText(docs).name).toBe('your 2 documents');
  });

  it('tells apart texts that differ only in the middle (same length, same first and last 32 characters)', () => {
    const ends = (middle: string) => `${'a'.repeat(40)}${middle}${'z'.repeat(40)}`;
    const one = documentsText([{ text: ends('cat') }]).key;
    expect(documentsText([{ text: ends('cot') }]).key).not.toBe(one);
    expect(documentsText([{ text: ends('cat') }]).key).toBe(one);
    // Many pairs of one-character edits: no two keys alike.
    const keys = new Set<string>();
    for (let i = 0; i < 2000; i++)
      keys.add(documentsText([{ text: ends(i.toString(36).padStart(3, '0')) }]).key);
    expect(keys.size).toBe(2000);
  });
});
