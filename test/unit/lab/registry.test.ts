import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  boundVerifierLab,
  CATALOG,
  catalogWith,
  findSimulation,
  OWN_TEXT,
  OWN_TEXT_ID,
  SIMULATIONS,
  VERIFIER_FILE,
  VERIFIER_FILE_ID,
} from '../../../src/lib/lab/registry';
import type { VerifierData } from '../../../src/lib/lab/sim5-verifier/verifier-file';
import { runSimulation, type AnySimulation, type LabFrame } from '../../../src/lib/lab/runner';
import { decodeLabState, encodeLabState, RESERVED_KEYS, type LabState } from '../../../src/lib/lab/url-state';
import { hasData } from '../../../src/lib/lab/figure-marks';
import { ngramCollapse } from '../../../src/lib/lab/ngram-collapse/ngram-collapse';
import { sampleText } from '../../../src/lib/lab/own-text';
import { seededRng } from '../../../src/lib/math/seeded';
import type { ParamField, Params, ParamValue } from '../../../src/lib/lab/simulation';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const sample = sampleText(
  ['field-notes.txt', 'textbook.txt'].map((f) => ({
    text: readFileSync(path.join(ROOT, 'src/samples', f), 'utf8'),
  })),
);
/** Labelled candidates with a keep flag and a score that mostly agree with correctness. */
function verifierData(n: number): VerifierData {
  const u = seededRng(5);
  const correct = new Float64Array(n);
  const score = new Float64Array(n);
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    correct[i] = u() < 0.7 ? 1 : 0;
    score[i] = 0.5 * correct[i] + 0.7 * u();
    keep[i] = score[i] > 0.55 ? 1 : 0;
  }
  return { source: 'test.csv', correct, quality: false, keep, score };
}
const FILE_VIEW = boundVerifierLab(verifierData(300));
/** The catalog once a verifier file is chosen. */
const BOUND = catalogWith(FILE_VIEW);
/** What the worker runs: the simulations, the file view bound to a file, the n-gram collapse on the sample. */
const RUNNABLE: AnySimulation[] = [...SIMULATIONS, FILE_VIEW, ngramCollapse(sample.texts, sample.name)];

function run(sim: AnySimulation, params: Params, seed = 1): LabFrame {
  const outcome = runSimulation(sim, params, seed);
  if (outcome.status !== 'done') throw new Error(`${sim.id}: ${JSON.stringify(outcome)}`);
  return outcome.frame;
}

/** A random value inside a field's range (log fields spread over decades). */
function randomValue(field: ParamField, u: () => number): ParamValue {
  switch (field.kind) {
    case 'toggle':
      return u() < 0.5;
    case 'choice':
      return field.options[Math.floor(u() * field.options.length)].value;
    case 'number': {
      const t = u();
      let v =
        field.log && field.min > 0
          ? field.min * (field.max / field.min) ** t
          : field.min + t * (field.max - field.min);
      v = Math.min(field.max, Math.max(field.min, v));
      return field.integer ? Math.round(v) : v;
    }
  }
}

const finiteText = (text: string) => !/NaN|Infinity|undefined/.test(text);

describe('the registry', () => {
  it('lists the simulations under unique ids, with "collapse on your own text" last', () => {
    const ids = CATALOG.simulations.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe(OWN_TEXT_ID);
    for (const sim of CATALOG.simulations) expect(findSimulation(sim.id)).toBe(sim);
    expect(findSimulation('nope')).toBeUndefined();
    expect(BOUND.simulations.map((s) => s.id)).toEqual(ids);
    expect(BOUND.simulations.find((s) => s.id === VERIFIER_FILE_ID)).toBe(FILE_VIEW);
  });

  it('keeps a link to the file view without its file, asks for the file, and spells out every setting', () => {
    const rest = `${VERIFIER_FILE_ID}?rule=score&threshold=0.61&qualityThreshold=0.5&d=100&mu=1&seed=4`;
    const decoded = decodeLabState(rest, CATALOG);
    expect(decoded.refused).toMatch(/never leaves the browser.*Choose the file/);
    expect(decoded.state.params).toMatchObject({ rule: 'score', threshold: 0.61 });
    expect(encodeLabState(decoded.state, CATALOG)).toBe(rest);
    // Once the file is chosen, the same link runs with the same settings.
    const bound = decodeLabState(rest, BOUND);
    expect(bound.refused).toBeUndefined();
    expect(bound.state).toEqual(decoded.state);
    expect(runSimulation(FILE_VIEW, bound.state.params, 4).status).toBe('done');
    expect(VERIFIER_FILE.fields.map((f) => f.key).sort()).toEqual(
      [...new Set([...FILE_VIEW.fields.map((f) => f.key), 'rule', 'qualityThreshold'])].sort(),
    );
  });

  it('gives the page the same fields and defaults for the own-text view as the worker runs', () => {
    const bound = RUNNABLE.at(-1)!;
    expect(OWN_TEXT.fields).toEqual(bound.fields);
    expect(OWN_TEXT.defaults).toEqual(bound.defaults);
  });
});

describe.each(BOUND.simulations.map((s) => [s.id, s] as const))('%s', (id, sim) => {
  const runnable = RUNNABLE.find((s) => s.id === id)!;

  it('declares unique field keys that the URL codec does not use itself, each with a default', () => {
    const keys = sim.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(RESERVED_KEYS as readonly string[]).not.toContain(key);
      expect(key).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/); // readable in a URL without escaping
      expect(sim.defaults[key]).toBeDefined();
    }
    for (const field of sim.fields) {
      const value = sim.defaults[field.key];
      if (field.kind === 'number') {
        expect(value).toBeGreaterThanOrEqual(field.min);
        expect(value).toBeLessThanOrEqual(field.max);
        if (field.integer) expect(Number.isInteger(value)).toBe(true);
      } else if (field.kind === 'choice') expect(field.options.map((o) => o.value)).toContain(value);
      else expect(typeof value).toBe('boolean');
    }
  });

  it('accepts its defaults unchanged, and check() is idempotent on random settings', () => {
    const checked = runnable.check({ ...sim.defaults });
    expect(checked.ok && checked.notes).toEqual([]);
    // The URL carries the fields; check() may settle other keys (e.g. Sim 5's toy always scores).
    const fieldsOf = (p: Params) => Object.fromEntries(sim.fields.map((f) => [f.key, p[f.key]]));
    if (checked.ok) expect(fieldsOf(checked.params)).toEqual(fieldsOf(sim.defaults));
    const u = seededRng(7);
    for (let i = 0; i < 40; i++) {
      const raw = Object.fromEntries(sim.fields.map((f) => [f.key, randomValue(f, u)]));
      const once = runnable.check(raw);
      if (!once.ok) {
        expect(once.error.length).toBeGreaterThan(10); // a refusal says why
        continue;
      }
      const twice = runnable.check(once.params);
      expect(twice).toEqual({ ok: true, params: once.params, notes: [] });
    }
  });

  it('round-trips random settings through the URL', () => {
    const u = seededRng(11);
    for (let i = 0; i < 40; i++) {
      const raw = Object.fromEntries(sim.fields.map((f) => [f.key, randomValue(f, u)]));
      const checked = sim.check(raw);
      if (!checked.ok) continue;
      const state: LabState = {
        sim: id,
        params: checked.params,
        seed: Math.floor(u() * 1e6),
        figure: 'some-figure',
        lesson: null,
      };
      const rest = encodeLabState(state, BOUND);
      expect(decodeLabState(rest, BOUND)).toEqual({ state, notes: [] });
    }
  });

  it('draws finite figures and readings at its defaults, the same for the same seed', () => {
    const frame = run(runnable, runnable.defaults);
    expect(frame.figures.length).toBeGreaterThan(0);
    const figureIds = frame.figures.map((f) => f.id);
    expect(new Set(figureIds).size).toBe(figureIds.length);
    for (const figure of frame.figures) {
      expect(hasData(figure), `${figure.id} has nothing to draw`).toBe(true);
      expect(finiteText(figure.title + (figure.caption ?? '') + figure.x.label + figure.y.label)).toBe(true);
      for (const r of figure.rules ?? []) expect(finiteText(r.label), r.label).toBe(true);
    }
    expect(frame.readings.length).toBeGreaterThan(0);
    for (const r of frame.readings) {
      if (typeof r.value === 'number') expect(Number.isFinite(r.value), r.label).toBe(true);
      else expect(finiteText(r.value), `${r.label}: ${r.value}`).toBe(true);
      expect(finiteText(r.label + (r.detail ?? '')), r.detail).toBe(true);
    }
    expect(run(runnable, runnable.defaults).readings).toEqual(frame.readings);
  });
});
