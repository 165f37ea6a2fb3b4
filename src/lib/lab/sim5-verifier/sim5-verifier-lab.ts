/**
 * Sim 5 — the verifier lab: measure a verifier on labelled candidates and read off what Sim 4 predicts for
 * it. The candidates are the user's (a parsed verifier file, see verifier-file.ts) or the built-in
 * eigenvalue toy (eigen-toy.ts). `verifierLab(data)` binds the simulation to a file's candidates (the data
 * is not a URL parameter); `sim5` is the toy. The parts: sim5-params.ts, sim5-estimates.ts,
 * sim5-closed-forms.ts, sim5-model.ts (the run), sim5-figures.ts and sim5-readings.ts.
 */
import type { Simulation } from '../simulation';
import { sim5Figures } from './sim5-figures';
import { analyse, checkVerifierData, runSim5Toy, type Sim5Result } from './sim5-model';
import { checkSim5Toy, dataFields, SIM5_DEFAULTS, TOY_FIELDS, type Sim5Params } from './sim5-params';
import { sim5Readings } from './sim5-readings';
import type { VerifierData } from './verifier-file';

const TOY_EXPLANATION =
  'A verifier is worth using when, among what it keeps, correct answers outnumber wrong ones: p̂ < p̂* = ' +
  'φ̂/(φ̂ + ψ̂), where φ̂ is the share of correct candidates it keeps and ψ̂ the share of wrong ones. Here the ' +
  'generator proposes the eigenvalues of random symmetric matrices and sometimes errs: it shifts one ' +
  'eigenvalue, moves two by +δ and −δ, or flips a sign. The verifier never computes eigenvalues; it checks ' +
  'invariants that are cheap to get from the matrix: the trace (= Σλ), the squared Frobenius norm (= Σλ²) ' +
  'and, optionally, the sign of the determinant (= sign Πλ). Each check has a blind spot — a ±δ pair keeps ' +
  'the trace, a flipped sign keeps Σλ² — so some mistakes slip through (ψ̂ > 0), while a tight tolerance ' +
  'rejects correct but rounded answers (φ̂ < 1). Upload your own labelled candidates to measure your verifier.';

const DATA_EXPLANATION =
  'Your candidates, each labelled correct or not, and your verifier’s decisions. A verifier is worth using ' +
  'when, among what it keeps, correct answers outnumber wrong ones: p̂ < p̂* = φ̂/(φ̂ + ψ̂), where p̂ is the ' +
  'share of wrong candidates, φ̂ the share of correct ones the verifier keeps and ψ̂ the share of wrong ones. ' +
  'The intervals are Wilson 95 % intervals; the predicted curve is Sim 4’s closed form for these rates. ' +
  'p̂* is exact only if the verifier’s decisions do not depend on the input beyond its correctness; for real ' +
  'verifiers it is a proxy.';

/** The verifier lab bound to a file's candidates. */
export function verifierLab(data: VerifierData): Simulation<Sim5Params, Sim5Result> {
  const { fields, defaults } = dataFields(data);
  return {
    id: 'sim5',
    title: `Verifier lab: ${data.source}`,
    explanation: DATA_EXPLANATION,
    fields,
    defaults,
    check: (raw) => checkVerifierData(data, fields, defaults, raw),
    run: (params) => analyse(data, params, null),
    figures: sim5Figures,
    readings: sim5Readings,
  };
}

export const sim5: Simulation<Sim5Params, Sim5Result> = {
  id: 'sim5',
  title: 'Verifier lab',
  explanation: TOY_EXPLANATION,
  fields: TOY_FIELDS,
  defaults: SIM5_DEFAULTS,
  check: checkSim5Toy,
  run: runSim5Toy,
  figures: sim5Figures,
  readings: sim5Readings,
};
