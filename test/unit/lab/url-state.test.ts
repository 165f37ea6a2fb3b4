import { describe, expect, it } from 'vitest';
import {
  decodeLabState,
  decodeValue,
  encodeLabState,
  lessonState,
  MAX_SEED,
  type LabCatalog,
  type LabState,
} from '../../../src/lib/lab/url-state';
import type { Checked, ParamField, Params, Simulation } from '../../../src/lib/lab/simulation';
import type { Lesson } from '../../../src/lib/lab/lessons';

/** A small simulation with one field of each kind and a cross-field refusal, like Sim 3's T ≤ d + 1. */
interface ToyParams extends Params {
  T: number;
  d: number;
  rate: number;
  mode: string;
  mle: boolean;
}
const toy: Simulation<ToyParams, number> = {
  id: 'toy',
  title: 'Toy',
  explanation: '',
  fields: [
    { kind: 'number', key: 'T', label: 'Samples T', min: 2, max: 1e6, step: 1, integer: true, log: true },
    { kind: 'number', key: 'd', label: 'Dimension d', min: 1, max: 100, step: 1, integer: true },
    { kind: 'number', key: 'rate', label: 'Rate', min: 0, max: 1, step: 0.01 },
    {
      kind: 'choice',
      key: 'mode',
      label: 'Mode',
      options: [
        { value: 'replace', label: 'Replace' },
        { value: 'edit human', label: 'Edit (human)' },
      ],
    },
    { kind: 'toggle', key: 'mle', label: 'MLE variance' },
  ],
  defaults: { T: 100, d: 10, rate: 0.5, mode: 'replace', mle: true },
  check(p: Params): Checked<ToyParams> {
    const params = p as ToyParams;
    if (params.T <= params.d + 1)
      return { ok: false, error: `T = ${params.T} must exceed d + 1 = ${params.d + 1}` };
    return { ok: true, params, notes: [] };
  },
  run: () => 0,
  figures: () => [],
  readings: () => [],
};
const other: Simulation<Params, number> = {
  ...toy,
  id: 'other',
  title: 'Other',
  fields: [],
  defaults: {},
} as never;

const lesson: Lesson = {
  id: 'intro',
  title: 'Intro',
  summary: '',
  steps: [
    { title: 'one', sim: 'toy', text: '', figure: 'a' },
    { title: 'two', sim: 'toy', params: { T: 1000, mode: 'edit human' }, seed: 7, figure: 'b', text: '' },
    { title: 'three', sim: 'other', text: '' },
  ],
};
const catalog: LabCatalog = { simulations: [toy, other], lessons: [lesson] };
const base: LabState = { sim: 'toy', params: { ...toy.defaults }, seed: 1, figure: '', lesson: null };

describe('encodeLabState', () => {
  it.each<[string, LabState, string]>([
    ['the overview', { sim: '', params: {}, seed: 1, figure: '', lesson: null }, ''],
    ['defaults only write the seed', base, 'toy?seed=1'],
    [
      'non-default values in field order, then seed and figure',
      { ...base, params: { ...base.params, rate: 0.25, T: 1e6, mle: false }, seed: 42, figure: 'acc-vs-p' },
      'toy?T=1000000&rate=0.25&mle=0&seed=42&fig=acc-vs-p',
    ],
    [
      'a choice with a space',
      { ...base, params: { ...base.params, mode: 'edit human' } },
      'toy?mode=edit%20human&seed=1',
    ],
    ['a lesson step at its preset', lessonState(catalog, lesson, 1), '?lesson=intro&step=2'],
    [
      'a lesson step the learner changed',
      { ...lessonState(catalog, lesson, 1), seed: 8 },
      'toy?T=1000&mode=edit%20human&seed=8&fig=b&lesson=intro&step=2',
    ],
  ])('%s', (_, state, rest) => {
    expect(encodeLabState(state, catalog)).toBe(rest);
  });
});

describe('decodeLabState', () => {
  it('fills every field from the defaults and notes nothing for a clean link', () => {
    expect(decodeLabState('toy?rate=0.25&seed=3&fig=x', catalog)).toEqual({
      state: { ...base, params: { ...toy.defaults, rate: 0.25 }, seed: 3, figure: 'x' },
      notes: [],
    });
  });

  it('restores a lesson step from its short form', () => {
    const { state, notes } = decodeLabState('?lesson=intro&step=2', catalog);
    expect(notes).toEqual([]);
    expect(state).toEqual({
      sim: 'toy',
      params: { ...toy.defaults, T: 1000, mode: 'edit human' },
      seed: 7,
      figure: 'b',
      lesson: { id: 'intro', step: 1 },
    });
  });

  it.each<[string, string, Partial<LabState>, RegExp]>([
    [
      'a word for a number',
      'toy?rate=lots',
      { params: { ...toy.defaults } },
      /Rate: “lots” is not a number; using the default, 0.5/,
    ],
    ['NaN', 'toy?rate=NaN', { params: { ...toy.defaults } }, /not a number/],
    ['Infinity', 'toy?T=Infinity', { params: { ...toy.defaults } }, /not a number/],
    ['an overflow', 'toy?T=1e999', { params: { ...toy.defaults } }, /not a number/],
    ['an empty value', 'toy?rate=', { params: { ...toy.defaults } }, /not a number/],
    [
      'above the range',
      'toy?rate=7',
      { params: { ...toy.defaults, rate: 1 } },
      /Rate: 7 is outside 0–1; using 1/,
    ],
    ['below the range', 'toy?T=-5', { params: { ...toy.defaults, T: 2 } }, /outside 2–1000000; using 2/],
    [
      'a fraction for a whole number',
      'toy?d=2.6',
      { params: { ...toy.defaults, d: 3 } },
      /not a whole number; using 3/,
    ],
    [
      'an unknown choice',
      'toy?mode=magic',
      { params: { ...toy.defaults } },
      /Mode: “magic” is not one of replace, edit human/,
    ],
    [
      'a bad toggle',
      'toy?mle=maybe',
      { params: { ...toy.defaults } },
      /neither on \(1\) nor off \(0\); using on/,
    ],
    [
      'an unknown key',
      'toy?zzz=1',
      { params: { ...toy.defaults } },
      /Ignored “zzz”: Toy has no such setting/,
    ],
    ['a fractional seed', 'toy?seed=1.5', { seed: 1 }, /Seed “1.5” is not a whole number/],
    ['a huge seed', 'toy?seed=99999999999', { seed: MAX_SEED }, /outside 0–2147483647/],
    ['a negative seed', 'toy?seed=-3', { seed: 0 }, /using 0/],
    [
      'an unknown simulation',
      'nope?seed=2',
      { sim: '', params: {} },
      /no simulation “nope”; showing the lab's overview/,
    ],
    ['an unknown lesson', 'toy?lesson=zzz', { lesson: null }, /no lesson “zzz”/],
    [
      'a step past the end',
      '?lesson=intro&step=9',
      { sim: 'other', lesson: { id: 'intro', step: 2 } },
      /steps 1–3; “9” is not one of them, so showing step 3/,
    ],
    ['step zero', '?lesson=intro&step=0', { lesson: { id: 'intro', step: 0 } }, /showing step 1/],
    ['a word for a step', '?lesson=intro&step=two', { lesson: { id: 'intro', step: 0 } }, /showing step 1/],
  ])('%s: %s', (_, rest, expected, note) => {
    const { state, notes } = decodeLabState(rest, catalog);
    expect(state).toMatchObject(expected);
    expect(notes.join(' ')).toMatch(note);
    for (const v of Object.values(state.params))
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });

  it('keeps parameters check() refuses, with the reason, so the controls can show them', () => {
    const decoded = decodeLabState('toy?T=5&d=10', catalog);
    expect(decoded.refused).toBe('T = 5 must exceed d + 1 = 11');
    expect(decoded.state.params).toMatchObject({ T: 5, d: 10 });
  });

  it('survives malformed escapes and trailing slashes', () => {
    expect(decodeLabState('toy/?seed=2', catalog).state).toMatchObject({ sim: 'toy', seed: 2 });
    expect(decodeLabState('%E0%A4%A?x=1', catalog).state.sim).toBe('');
    expect(decodeLabState('toy?mode=%E0%A4%A', catalog).state.params.mode).toBe('replace');
  });
});

describe('round trips', () => {
  const values: Record<string, unknown[]> = {
    T: [12, 100, 999_999, 1_000_000],
    d: [1, 10, 100],
    rate: [0, 0.1, 1 / 3, 0.7000000000000001, 1],
    mode: ['replace', 'edit human'],
    mle: [true, false],
  };
  const states: LabState[] = [];
  for (const T of values.T)
    for (const rate of values.rate)
      for (const mode of values.mode)
        for (const mle of values.mle)
          states.push({
            ...base,
            params: { T, d: 10, rate, mode, mle } as Params,
            seed: (T as number) % 97,
            figure: 'f',
          });
  states.push({ ...base, lesson: { id: 'intro', step: 0 } }, lessonState(catalog, lesson, 2), {
    ...base,
    seed: MAX_SEED,
  });

  it.each(states.map((s) => [encodeLabState(s, catalog), s] as const))('%s', (rest, state) => {
    expect(decodeLabState(rest, catalog)).toEqual({ state, notes: [] });
    expect(encodeLabState(decodeLabState(rest, catalog).state, catalog)).toBe(rest);
  });
});

describe('a simulation whose defaults depend on data the link cannot carry', () => {
  it('writes every field, defaults included', () => {
    const explicit = { ...toy, explicitParams: true } as typeof toy;
    const cat: LabCatalog = { simulations: [explicit], lessons: [] };
    const rest = encodeLabState(base, cat);
    expect(rest).toBe('toy?T=100&d=10&rate=0.5&mode=replace&mle=1&seed=1');
    expect(decodeLabState(rest, cat)).toEqual({ state: base, notes: [] });
  });
});

describe('decodeValue', () => {
  const number: ParamField = { kind: 'number', key: 'x', label: 'X', min: -1, max: 1, step: 0.1 };
  it.each<[string, number]>([
    ['0.5', 0.5],
    ['-1', -1],
    ['+0.25', 0.25],
    ['.5', 0.5],
    ['1e-3', 0.001],
    [' 0.5 ', 0.5],
  ])('reads %j as %d', (text, value) => {
    const notes: string[] = [];
    expect(decodeValue(number, text, 0, notes)).toBe(value);
    expect(notes).toEqual([]);
  });
  it.each(['0x10', '1,5', '½', 'null', '--1'])('refuses %j', (text) => {
    const notes: string[] = [];
    expect(decodeValue(number, text, 0, notes)).toBe(0);
    expect(notes).toHaveLength(1);
  });
});
