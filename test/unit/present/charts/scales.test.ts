import { describe, expect, it } from 'vitest';
import { extentOf, linearDomain, logDomain, makeScale } from '../../../../src/lib/present/charts/scales';
import { axisTicks, thinLabels } from '../../../../src/lib/present/charts/ticks';

describe('linearDomain', () => {
  it.each([
    { domain: [0, 1], expected: [0, 1] },
    { domain: [1, 0], expected: [0, 1] },
    { domain: [5, 5], expected: [4.5, 5.5] },
    { domain: [0, 0], expected: [-1, 1] },
    { domain: [NaN, 3], expected: [2.7, 3.3] },
    { domain: [Infinity, -Infinity], expected: [0, 1] },
  ] as const)('$domain → $expected', ({ domain, expected }) => {
    const d = linearDomain(domain);
    expect(d[0]).toBeCloseTo(expected[0], 12);
    expect(d[1]).toBeCloseTo(expected[1], 12);
  });
});

describe('logDomain', () => {
  it.each([
    { domain: [1, 1000], expected: [1, 1000] },
    { domain: [0, 1000], expected: [1, 1000] },
    { domain: [0, 0.5], expected: [0.0005, 0.5] },
    { domain: [-3, 10], expected: [0.01, 10] },
    { domain: [7, 7], expected: [0.7, 70] },
    { domain: [0, 0], expected: [1, 10] },
    { domain: [NaN, NaN], expected: [1, 10] },
  ] as const)('$domain → $expected', ({ domain, expected }) => {
    const d = logDomain(domain);
    expect(d[0]).toBeCloseTo(expected[0], 12);
    expect(d[1]).toBeCloseTo(expected[1], 12);
  });
});

describe('makeScale', () => {
  it('maps a linear domain onto the range, nice by default, reversed for y', () => {
    const x = makeScale({ domain: [0.03, 0.97] }, [0, 100]);
    expect(x.domain()).toEqual([0, 1]);
    expect(x(0.5)).toBe(50);
    const y = makeScale({ domain: [0, 10], reverse: true }, [0, 200]);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
  });

  it('never gives a log scale a zero end, so a zero count has no coordinate of −∞', () => {
    const y = makeScale({ type: 'log', domain: [0, 1000], nice: false }, [0, 300]);
    expect(y.domain()).toEqual([1, 1000]);
    expect(y(10)).toBeCloseTo(100, 9);
  });
});

describe('axisTicks', () => {
  it('labels linear ticks with the scale format', () => {
    const ticks = axisTicks(makeScale({ domain: [0, 1] }, [0, 100]), 5);
    expect(ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(ticks.map((t) => t.position)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('takes a d3 format specifier or a function', () => {
    const x = makeScale({ domain: [0, 1] }, [0, 100]);
    expect(axisTicks(x, 2, '.0%').map((t) => t.label)).toEqual(['0%', '50%', '100%']);
    expect(axisTicks(x, 2, (v) => `p=${v}`).map((t) => t.label)).toEqual(['p=0', 'p=0.5', 'p=1']);
  });

  it('on a log scale over many decades labels only some ticks and keeps the rest as minor ticks', () => {
    const ticks = axisTicks(makeScale({ type: 'log', domain: [1, 1e6] }, [0, 600]), 5);
    const labelled = ticks.filter((t) => t.label !== '');
    expect(labelled.length).toBeGreaterThanOrEqual(4);
    expect(labelled.length).toBeLessThanOrEqual(7);
    for (const t of labelled) expect(Math.log10(t.value) % 1).toBeCloseTo(0, 9);
    // Positions increase with value and stay inside the range.
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].position).toBeGreaterThan(ticks[i - 1].position);
    expect(ticks.every((t) => t.position >= 0 && t.position <= 600)).toBe(true);
  });

  it('a short log domain gets labelled ticks between powers of ten', () => {
    const ticks = axisTicks(makeScale({ type: 'log', domain: [1, 20], nice: false }, [0, 600]), 5);
    expect(ticks.filter((t) => t.label !== '').length).toBeGreaterThanOrEqual(3);
  });
});

describe('extentOf', () => {
  it.each([
    { values: [3, 1, 2], type: 'linear', expected: [1, 3] },
    { values: [NaN, Infinity, 2], type: 'linear', expected: [2, 2] },
    { values: [0, -1, 5, 50], type: 'log', expected: [5, 50] },
    { values: [0, -1], type: 'log', expected: undefined },
    { values: [], type: 'linear', expected: undefined },
  ] as const)('$values ($type) → $expected', ({ values, type, expected }) => {
    expect(extentOf(values, type)).toEqual(expected);
  });
});

describe('thinLabels', () => {
  it('blanks a label that would overlap the one before it, keeping its tick', () => {
    // Powers of ten on a 160 px log axis over five decades: 32 px apart, too close for "10,000".
    const scale = makeScale({ type: 'log', domain: [1, 100_000] }, [0, 160]);
    const ticks = thinLabels(
      axisTicks(scale, 6, (v) => (Math.log10(v) % 1 === 0 ? v.toLocaleString('en-US') : '')),
    );
    const shown = ticks.filter((t) => t.label).map((t) => t.label);
    expect(shown).toEqual(['1', '10', '100', '1,000', '100,000']);
    expect(ticks.length).toBe(axisTicks(scale, 6).length);
    // Wide enough, nothing is blanked.
    const wide = makeScale({ type: 'log', domain: [1, 100_000] }, [0, 800]);
    const all = axisTicks(wide, 6, (v) => (Math.log10(v) % 1 === 0 ? v.toLocaleString('en-US') : ''));
    expect(thinLabels(all)).toEqual(all);
  });
});
