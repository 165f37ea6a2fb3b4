import { describe, expect, it } from 'vitest';
import { logOddsKeyness } from '../../../src/lib/stats/measures/keyness';
import { ok } from './stats-fixtures';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe('logOddsKeyness', () => {
  it('golden: Monroe et al. eqs. 16 and 18 with the pooled prior, by hand', () => {
    // a: x 10, y 10; b: x 5, y 15. Prior α = pooled counts: α_x = 15, α_y = 25, α₀ = 40; n_a = n_b = 20.
    const r = ok(logOddsKeyness(counts({ x: 10, y: 10 }), counts({ x: 5, y: 15 })));
    const dx = Math.log(25 / 35) - Math.log(20 / 40);
    const dy = Math.log(35 / 25) - Math.log(40 / 20);
    expect(r.priorSize).toBe(40);
    expect(r.topA).toHaveLength(1);
    expect(r.topA[0].term).toBe('x');
    expect(r.topA[0].delta).toBeCloseTo(dx, 14);
    expect(r.topA[0].z).toBeCloseTo(dx / Math.sqrt(1 / 25 + 1 / 20), 14);
    expect(r.topB[0].term).toBe('y');
    expect(r.topB[0].z).toBeCloseTo(dy / Math.sqrt(1 / 35 + 1 / 40), 14);
    expect(r.topB[0]).toMatchObject({ countA: 10, countB: 15 });
  });

  it('identical corpora: every z is 0; swapping the corpora negates every z', () => {
    const a = counts({ the: 50, cat: 3, dog: 1 });
    const same = ok(logOddsKeyness(a, new Map(a)));
    for (const t of same.all) expect(t.z).toBeCloseTo(0, 14);
    expect(same.topA).toHaveLength(0);
    const b = counts({ the: 40, dog: 9, fish: 2 });
    const ab = ok(logOddsKeyness(a, b));
    const ba = ok(logOddsKeyness(b, a));
    for (const t of ab.all) expect(ba.all.find((u) => u.term === t.term)!.z).toBeCloseTo(-t.z, 12);
  });

  it('shrinks rare words: 2 vs 0 ranks below 200 vs 100', () => {
    const r = ok(
      logOddsKeyness(counts({ rare: 2, common: 200, filler: 800 }), counts({ common: 100, filler: 900 })),
    );
    expect(r.topA[0].term).toBe('common');
    expect(r.topA.find((t) => t.term === 'rare')!.z).toBeLessThan(r.topA[0].z);
  });

  it('a background prior: words it lacks are left out; priorSize rescales it', () => {
    const a = counts({ x: 10, y: 10, z: 1 });
    const b = counts({ x: 5, y: 15 });
    const r = ok(logOddsKeyness(a, b, { prior: counts({ x: 1, y: 1 }), priorSize: 2 }));
    expect(r.all.map((t) => t.term).sort()).toEqual(['x', 'y']);
    const weak = ok(logOddsKeyness(a, b, { priorSize: 0.01 }));
    const strong = ok(logOddsKeyness(a, b, { priorSize: 1000 }));
    const dx = (k: typeof weak) => k.all.find((t) => t.term === 'x')!.delta;
    expect(Math.abs(dx(strong))).toBeLessThan(Math.abs(dx(weak))); // more shrinkage toward 0
  });

  it('is insufficient when a corpus has no words', () => {
    expect(logOddsKeyness(new Map(), counts({ a: 1 }))).toEqual({
      insufficient: 'keyness needs words in both corpora (they have 0 and 1)',
    });
  });
});
