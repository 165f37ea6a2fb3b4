import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../../src/lib/present/route';

describe('parseRoute', () => {
  it.each([
    ['', { page: 'text', rest: '' }],
    ['#', { page: 'text', rest: '' }],
    ['#/text', { page: 'text', rest: '' }],
    ['#/stats', { page: 'stats', rest: '' }],
    ['#/lab', { page: 'lab', rest: '' }],
    ['#/lab/sim1?M=100&seed=3', { page: 'lab', rest: 'sim1?M=100&seed=3' }],
    ['#/lab?lesson=intro', { page: 'lab', rest: '?lesson=intro' }],
    ['#/nowhere/x', { page: 'text', rest: '' }],
    ['#stats', { page: 'stats', rest: '' }],
  ])('%s', (hash, expected) => {
    expect(parseRoute(hash)).toEqual(expected);
  });

  it.each(['#/text', '#/stats', '#/lab/sim4?p=0.7', '#/lab?lesson=intro'])('round-trips %s', (hash) => {
    expect(formatRoute(parseRoute(hash))).toBe(hash);
  });
});
