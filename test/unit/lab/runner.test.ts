import { describe, expect, it } from 'vitest';
import { runSimulation, type LabFrame } from '../../../src/lib/lab/runner';
import type { Checked, Params, Simulation } from '../../../src/lib/lab/simulation';

/** Counts to n in blocks, reporting the running sum after each block; refuses n < 1; throws for n = 13. */
const counter: Simulation<{ n: number } & Params, number[]> = {
  id: 'counter',
  title: 'Counter',
  explanation: '',
  fields: [{ kind: 'number', key: 'n', label: 'n', min: 0, max: 100, step: 1, integer: true }],
  defaults: { n: 10 },
  check(raw: Params): Checked<{ n: number }> {
    const n = Number(raw.n);
    if (n < 1) return { ok: false, error: 'n must be at least 1' };
    return n > 50
      ? { ok: true, params: { n: 50 }, notes: ['n capped at 50'] }
      : { ok: true, params: { n }, notes: [] };
  },
  run({ n }, seed, onPartial) {
    if (n === 13) throw new Error('unlucky');
    const out: number[] = [];
    for (let i = 1; i <= n; i++) {
      out.push(seed + i);
      onPartial?.(out.slice(), i, n);
    }
    return out;
  },
  figures: (r) => [
    {
      id: 'f',
      title: 'f',
      x: { label: 'i', scale: 'linear' },
      y: { label: 'v', scale: 'linear' },
      series: [{ label: 's', kind: 'simulated', x: r.map((_, i) => i), y: r }],
    },
  ],
  readings: (r, p) => [{ label: 'count', value: r.length, detail: `of ${p.n}` }],
};

/** A clock that advances 10 ms per reading. */
function clock(step = 10) {
  let t = 0;
  return () => (t += step);
}

describe('runSimulation', () => {
  it('returns the final frame with checked parameters, notes, figures and readings', () => {
    const outcome = runSimulation(counter, { n: 80 }, 5, { now: clock() });
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.params).toEqual({ n: 50 });
    expect(outcome.frame).toMatchObject({ done: 50, total: 50, final: true, notes: ['n capped at 50'] });
    expect(outcome.frame.readings).toEqual([{ label: 'count', value: 50, detail: 'of 50' }]);
    expect(Array.from(outcome.frame.figures[0].series[0].y).slice(0, 2)).toEqual([6, 7]);
  });

  it('streams partial frames no more often than the interval allows', () => {
    const frames: LabFrame[] = [];
    runSimulation(counter, { n: 20 }, 0, {
      now: clock(10),
      frameIntervalMs: 35,
      onFrame: (f) => frames.push(f),
    });
    // Each partial reads the clock once (+10 ms) and each sent frame twice more (+20 ms).
    expect(frames.length).toBeGreaterThan(2);
    expect(frames.length).toBeLessThan(20);
    expect(frames.every((f) => !f.final && f.total === 20)).toBe(true);
    expect(frames.map((f) => f.done)).toEqual([...frames.map((f) => f.done)].sort((a, b) => a - b));
  });

  it('stops at the next partial result once asked to', () => {
    let polls = 0;
    const outcome = runSimulation(counter, { n: 40 }, 0, { shouldStop: () => ++polls > 3 });
    expect(outcome).toEqual({ status: 'cancelled' });
    expect(polls).toBe(4);
  });

  it('reports a refusal without running, and a thrown error as a failure', () => {
    expect(runSimulation(counter, { n: 0 }, 0)).toEqual({ status: 'refused', error: 'n must be at least 1' });
    expect(runSimulation(counter, { n: 13 }, 0)).toEqual({ status: 'failed', error: 'unlucky' });
  });
});
