import { describe, expect, it } from 'vitest';
import { ellipsize, wrapWords } from '../../../../src/lib/present/charts/fit-text';

describe('wrapWords', () => {
  it('breaks at spaces into lines no longer than asked', () => {
    const title = 'Spread σ of the fitted Gaussian, generation by generation';
    const lines = wrapWords(title, 24);
    expect(lines).toEqual(['Spread σ of the fitted', 'Gaussian, generation by', 'generation']);
    expect(lines.join(' ')).toBe(title);
    expect(wrapWords(title, 200)).toEqual([title]);
  });

  it('keeps a word longer than a line whole, on a line of its own', () => {
    expect(wrapWords('a supercalifragilistic b', 5)).toEqual(['a', 'supercalifragilistic', 'b']);
    expect(wrapWords('', 10)).toEqual(['']);
  });
});

describe('ellipsize', () => {
  it('cuts a long label to the length asked, ending in an ellipsis', () => {
    expect(ellipsize('M = 100 · replace: closed form', 12)).toBe('M = 100 · r…');
    expect([...ellipsize('M = 100 · replace: closed form', 12)]).toHaveLength(12);
    expect(ellipsize('short', 12)).toBe('short');
  });
});
