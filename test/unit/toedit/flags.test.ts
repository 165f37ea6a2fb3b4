import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type FlagRule } from '../../../src/lib/toedit/config';
import { decide, decideAll, tokenProbability } from '../../../src/lib/toedit/flags';
import type { DocumentScores } from '../../../src/lib/scoring/scores';

const cfg = (rule: FlagRule, tau = 0.99, dropBelow = 0.001) => ({ rule, tau, dropBelow });

describe('decide', () => {
  // [rule, tau, dropBelow, p, expected]
  const table: [FlagRule, number, number, number, string][] = [
    ['above', 0.99, 0.001, 0.995, 'revise'],
    ['above', 0.99, 0.001, 0.99, 'keep'], // strict, as the reference
    ['above', 0.99, 0.001, 0.9899999, 'keep'],
    ['above', 0.99, 0.001, 1, 'revise'],
    ['above', 1, 0.001, 1, 'keep'], // nothing exceeds 1
    ['above', 0, 0.001, 0, 'keep'],
    ['above', 0, 0.001, 1e-300, 'revise'],
    ['at-least', 0.99, 0.001, 0.99, 'revise'],
    ['at-least', 0.999, 0.001, 0.9989999, 'keep'],
    ['at-least', 1, 0.001, 1, 'revise'],
    ['at-least', 0, 0.001, 0, 'revise'],
    ['at-most', 0.1, 0.001, 0.1, 'revise'],
    ['at-most', 0.1, 0.001, 0.1000001, 'keep'],
    ['at-most', 0.001, 0.001, 0, 'revise'],
    ['low_drop_up_revise', 0.99, 0.001, 0.991, 'revise'],
    ['low_drop_up_revise', 0.99, 0.001, 0.99, 'keep'],
    ['low_drop_up_revise', 0.99, 0.001, 0.5, 'keep'],
    ['low_drop_up_revise', 0.99, 0.001, 0.001, 'keep'], // p < 0.001 is strict: 0.001 itself stays
    ['low_drop_up_revise', 0.99, 0.001, 0.000999, 'delete'],
    ['low_drop_up_revise', 0.99, 0.001, 0, 'delete'],
    ['filtering', 0.99, 0.001, 0.001, 'keep'], // keep p ≥ 0.001
    ['filtering', 0.99, 0.001, 0.000999, 'delete'],
    ['filtering', 0.99, 0.001, 0.9999, 'keep'],
  ];
  it.each(table)('%s τ=%f drop=%f: p=%f → %s', (rule, tau, drop, p, expected) => {
    expect(decide(p, cfg(rule, tau, drop))).toBe(expected);
  });

  it('never flags an unscored token (NaN), whatever the rule', () => {
    for (const rule of ['above', 'at-least', 'at-most', 'low_drop_up_revise', 'filtering'] as const)
      expect(decide(NaN, cfg(rule, 0, 1))).toBe('keep');
  });

  it('compares exp(float32 log-prob) in float64, so p exactly τ splits > from ≥', () => {
    // p read from the stored log-prob equals τ exactly: 'at-least' flags it, 'above' does not.
    const lp = Math.fround(Math.log(0.97));
    const tau = Math.exp(lp);
    expect(decide(Math.exp(lp), cfg('above', tau))).toBe('keep');
    expect(decide(Math.exp(lp), cfg('at-least', tau))).toBe('revise');
    expect(decide(Math.exp(lp), cfg('at-most', tau))).toBe('revise');
  });

  it('float32 rounding of the log-prob decides ties at the familiar thresholds', () => {
    // A token the model gave p = 0.99 is stored as float32 log-prob and reads back as 0.98999999995: it is
    // flagged by neither p > 0.99 nor p ≥ 0.99. One with p = 0.999 reads back as 0.99900000005 and is
    // flagged by both. This is documented behaviour, not a tolerance.
    const p99 = Math.exp(Math.fround(Math.log(0.99)));
    expect(p99).toBeCloseTo(0.98999999995, 11);
    expect(decide(p99, cfg('above', 0.99))).toBe('keep');
    expect(decide(p99, cfg('at-least', 0.99))).toBe('keep');
    const p999 = Math.exp(Math.fround(Math.log(0.999)));
    expect(decide(p999, cfg('above', 0.999))).toBe('revise');
    expect(decide(p999, cfg('at-least', 0.999))).toBe('revise');
  });
});

function scoresWith(logprob: number[], bosPrepended: boolean): DocumentScores {
  const n = logprob.length;
  return {
    tokenIds: new Int32Array(n),
    byteStart: new Uint32Array(n),
    byteEnd: new Uint32Array(n),
    logprob: Float32Array.from(logprob),
    rank: new Int32Array(n),
    entropy: new Float32Array(n),
    k: 1,
    topIds: new Int32Array(n),
    topLogprobs: new Float32Array(n),
    bosPrepended,
  };
}

describe('decideAll / tokenProbability', () => {
  it('never flags position 0 without a BOS, even if a value sits there', () => {
    const s = scoresWith([0, 0, Math.log(0.5), NaN], false);
    expect(Number.isNaN(tokenProbability(s, 0))).toBe(true);
    expect(decideAll(s, DEFAULT_CONFIG)).toEqual(['keep', 'revise', 'keep', 'keep']);
  });
  it('flags position 0 when a BOS was prepended (the first text token is scored)', () => {
    const s = scoresWith([0, Math.log(0.5)], true);
    expect(decideAll(s, DEFAULT_CONFIG)).toEqual(['revise', 'keep']);
  });
});
