import { describe, expect, it } from 'vitest';
import { analyse, checkVerifierData, runSim5Toy } from '../../../../src/lib/lab/sim5-verifier/sim5-model';
import {
  checkSim5Toy,
  dataFields,
  SIM5_DEFAULTS,
  type Sim5Params,
} from '../../../../src/lib/lab/sim5-verifier/sim5-params';
import type { VerifierEstimates } from '../../../../src/lib/lab/sim5-verifier/sim5-estimates';
import { parseVerifierFile, type VerifierData } from '../../../../src/lib/lab/sim5-verifier/verifier-file';
import type { Params } from '../../../../src/lib/lab/simulation';
import { acceptedParams } from '../accepted-params';
import { isInsufficient, type Maybe } from '../../../../src/lib/stats/measures/statistic';

function sufficient(e: Maybe<VerifierEstimates>): VerifierEstimates {
  if (isInsufficient(e)) throw new Error(e.insufficient);
  return e;
}

async function data(csv: string, name = 'v.csv') {
  const parsed = await parseVerifierFile(csv, name);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.data;
}

/** The model bound to a file's candidates, as the verifier lab binds it. */
function onFile(d: VerifierData) {
  const { fields, defaults } = dataFields(d);
  return {
    fields,
    check: (raw: Params) => checkVerifierData(d, fields, defaults, raw),
    run: (params: Sim5Params) => analyse(d, params, null),
  };
}

describe('verifier lab on a file', () => {
  const csv = 'correct,keep,score\n1,1,0.9\n1,1,0.8\n1,0,0.3\n0,1,0.7\n0,0,0.1\n0,0,0.2\n1,1,0.95\n';

  it('counts what the keep column kept, and sweeps the score', async () => {
    const lab = onFile(await data(csv));
    const c = lab.check({});
    if (!c.ok) throw new Error(c.error);
    expect(c.params.rule).toBe('keep');
    const r = lab.run(c.params);
    const e = sufficient(r.estimates);
    expect(e.counts).toEqual({ tp: 3, fn: 1, fp: 1, tn: 2 });
    expect(e.pStar).toBeCloseTo(0.75 / (0.75 + 1 / 3), 12);
    expect(r.curve).not.toBeNull();
    expect(r.sweep).toBeNull();
    expect(r.candidates).toBe(7);
  });

  it('offers the score with a threshold when the file has one', async () => {
    const lab = onFile(await data(csv));
    expect(lab.fields.map((f) => f.key)).toEqual(['rule', 'threshold', 'd', 'mu']);
    const c = lab.check({ rule: 'score', threshold: 0.75 });
    if (!c.ok) throw new Error(c.error);
    const r = lab.run(c.params);
    expect(sufficient(r.estimates).counts).toEqual({ tp: 3, fn: 1, fp: 0, tn: 3 });
    expect(r.sweep!.threshold).toEqual([0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.95]);
  });

  it('binarises a quality column with its threshold', async () => {
    const lab = onFile(await data('correct,keep\n0.9,1\n0.2,1\n0.6,0\n0.4,0\n0.55,1\n'));
    expect(lab.fields.map((f) => f.key)).toEqual(['qualityThreshold', 'd', 'mu']);
    const at = (q: number) => {
      const c = lab.check({ qualityThreshold: q });
      if (!c.ok) throw new Error(c.error);
      return sufficient(lab.run(c.params).estimates).counts;
    };
    expect(at(0.5)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
    expect(at(0.58)).toEqual({ tp: 1, fn: 1, fp: 2, tn: 1 });
  });

  it('refuses, with the reason, data without wrong or correct candidates or with nothing kept', async () => {
    const allRight = onFile(await data('correct,keep\n1,1\n1,0\n', 'good.csv')).check({});
    expect(allRight).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^good\.csv: All 2 candidates are correct.*p̂\* = φ̂\/\(φ̂ \+ ψ̂\) cannot be estimated/,
      ),
    });
    expect(onFile(await data('correct,keep\n0,1\n0,0\n')).check({})).toMatchObject({ ok: false });
    const none = onFile(await data('correct,keep\n1,0\n0,0\n')).check({});
    expect(none).toEqual({ ok: false, error: expect.stringMatching(/keeps none/) });
    // A score threshold cannot go above the highest score, so it always keeps something.
    const high = onFile(await data('correct,score\n1,0.5\n0,0.2\n')).check({ threshold: 0.9 });
    expect(high.ok && high.params.threshold).toBe(0.5);
  });
});

describe('Sim 5 toy', () => {
  const checked = (overrides: Partial<Sim5Params> = {}) =>
    acceptedParams(checkSim5Toy, SIM5_DEFAULTS, overrides);

  it('is deterministic for a seed', () => {
    const p = checked();
    expect(runSim5Toy(p, 3)).toEqual(runSim5Toy(p, 3));
    expect(runSim5Toy(p, 4).estimates).not.toEqual(runSim5Toy(p, 3).estimates);
  });

  it('measures a useful verifier at the defaults, and the det check stops flipped signs', () => {
    const r = runSim5Toy(checked({ candidates: 2000 }), 1);
    const e = sufficient(r.estimates);
    expect(e.phi).toBeGreaterThan(0.95);
    expect(e.psi).toBeGreaterThan(0);
    expect(e.psi).toBeLessThan(0.3);
    expect(e.helps).toBe(true);
    expect(r.slipped!.shift + r.slipped!.pair + r.slipped!.sign).toBe(e.counts.fp);
    const loose = runSim5Toy(checked({ candidates: 2000, threshold: 1 }), 1);
    expect(loose.slipped!.sign).toBeGreaterThan(0);
    expect(runSim5Toy(checked({ candidates: 2000, threshold: 1, detCheck: true }), 1).slipped!.sign).toBe(0);
  });

  it('breaks down when the generator is wrong often enough', () => {
    const e = sufficient(
      runSim5Toy(checked({ errorRate: 0.97, threshold: 1, candidates: 2000 }), 1).estimates,
    );
    expect(e.p).toBeGreaterThan(e.pStar);
    expect(e.helps).toBe(false);
  });

  it('refuses a generator that is never wrong or never right', () => {
    expect(checkSim5Toy({ errorRate: 0 })).toEqual({
      ok: false,
      error: expect.stringMatching(/ψ̂.*undefined/),
    });
    expect(checkSim5Toy({ errorRate: 1 })).toEqual({
      ok: false,
      error: expect.stringMatching(/φ̂.*undefined/),
    });
  });

  it('cannot estimate p̂* when a tolerance of 8 digits keeps nothing', () => {
    expect(isInsufficient(runSim5Toy(checked({ size: 8, candidates: 50, threshold: 8 }), 2).estimates)).toBe(
      true,
    );
  });
});
