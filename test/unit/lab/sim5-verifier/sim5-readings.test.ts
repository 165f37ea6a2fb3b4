import { describe, expect, it } from 'vitest';
import { analyse } from '../../../../src/lib/lab/sim5-verifier/sim5-model';
import { dataFields } from '../../../../src/lib/lab/sim5-verifier/sim5-params';
import { sim5Readings } from '../../../../src/lib/lab/sim5-verifier/sim5-readings';
import { parseVerifierFile } from '../../../../src/lib/lab/sim5-verifier/verifier-file';
import { insufficient } from '../../../../src/lib/stats/measures/statistic';
import { handMadeSim5 } from './sim5-hand-made';

describe('Sim 5 readings', () => {
  it('read off a file’s verdict and breakdown point', async () => {
    const parsed = await parseVerifierFile('correct,keep\n1,1\n1,1\n1,0\n0,1\n0,0\n0,0\n1,1\n', 'v.csv');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const { defaults } = dataFields(parsed.data);
    const readings = Object.fromEntries(
      sim5Readings(analyse(parsed.data, defaults, null)).map((x) => [x.label, x.value]),
    );
    expect(readings['Verdict']).toBe('verification helps');
    expect(readings['Breakdown point p̂*']).toBeCloseTo(0.75 / (0.75 + 1 / 3), 4);
  });

  it('read every estimate to four decimals, with its interval and what selection does', () => {
    const readings = sim5Readings(handMadeSim5());
    expect(readings.map((x) => [x.label, x.value])).toEqual([
      ['Candidates', 100],
      ['Generator error rate p̂', 0.6],
      ['φ̂ = P(keep | correct)', 0.75],
      ['ψ̂ = P(keep | wrong)', 0.1667],
      ['Breakdown point p̂*', 0.8182],
      ['Verdict', 'verification helps'],
      ['Keep rate', 0.4],
      ['Error after selection', 0.25],
      ['Effective clean sample size', 10],
    ]);
    expect(readings[0].detail).toBe('hand.csv: TP 30, FN 10, FP 10, TN 50');
    expect(readings[2].detail).toMatch(/^95 % Wilson interval 0\.\d{3}–0\.\d{3}$/);
  });

  it('count the toy’s mistakes that slipped through, by kind', () => {
    const readings = sim5Readings(handMadeSim5({ slipped: { none: 0, shift: 6, pair: 3, sign: 1 } }));
    expect(readings.at(-1)).toEqual({
      label: 'Mistakes that slipped through',
      value: 10,
      detail: 'shifted eigenvalue 6, ±δ pair 3, flipped sign 1',
    });
  });

  it('say why p̂* cannot be estimated', () => {
    expect(sim5Readings(handMadeSim5({ estimates: insufficient('All 3 candidates are correct.') }))).toEqual([
      { label: 'Candidates', value: 100, detail: 'hand.csv' },
      { label: 'p̂*', value: 'cannot be estimated', detail: 'All 3 candidates are correct.' },
    ]);
  });
});
