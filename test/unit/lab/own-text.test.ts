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
    expect(sampleText([{ text: 'A b. C e.' }]).key).toBe(a.key); // same sizes: the sample never changes at run time
  });

  it('gives the Text page documents a key that changes when they do', () => {
    const docs = [{ text: 'first document' }, { text: 'second' }];
    const key = documentsText(docs).key;
    expect(documentsText([...docs]).key).toBe(key);
    expect(documentsText([docs[0]]).key).not.toBe(key);
    expect(documentsText([docs[0], { text: 'Second' }]).key).not.toBe(key);
    expect(documentsText(docs).name).toBe('your 2 documents');
  });
});
