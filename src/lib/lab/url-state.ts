/**
 * The lab's state as the part of the URL after `#/lab/` — and back. Pure, so every rule is tested
 * directly: a state round-trips exactly (numbers are written in JavaScript's shortest round-trip form),
 * and a hand-edited or stale link never puts NaN on a plot: each bad value falls back to the field's
 * default or is clamped into range, with a sentence saying so, and the simulation's own check() has the
 * last word.
 *
 *   sim4?p=0.7&n=10000&seed=1&fig=acc-vs-p        a simulation, its non-default parameters, seed, figure
 *   ?lesson=collapse-101&step=3                     a lesson step exactly as the lesson presets it
 *   sim1?M=10&seed=1&lesson=collapse-101&step=3     the learner changed that step's preset
 */
import type { AnySimulation } from './runner';
import type { ParamField, ParamValue, Params } from './simulation';
import type { Lesson } from './lessons';

export interface LessonPosition {
  id: string;
  /** 0-based here; the URL shows it 1-based. */
  step: number;
}

export interface LabState {
  /** A simulation's id, or '' for the lab's overview. */
  sim: string;
  /** Every field of that simulation, as check() returned them (empty on the overview). */
  params: Params;
  seed: number;
  /** Id of the highlighted figure, or ''. */
  figure: string;
  lesson: LessonPosition | null;
}

export interface Decoded {
  state: LabState;
  /** What was changed on the way in (unknown names, clamped values), one plain sentence each. */
  notes: string[];
  /** check()'s refusal of the decoded parameters (the state keeps them so the controls show them). */
  refused?: string;
}

/** What the codec needs to know: the simulations and lessons that exist. */
export interface LabCatalog {
  simulations: readonly AnySimulation[];
  lessons: readonly Lesson[];
}

export const DEFAULT_SEED = 1;
export const MAX_SEED = 2 ** 31 - 1;
/** Query names the codec uses itself; no simulation may name a field after one (registry test). */
export const RESERVED_KEYS = ['seed', 'fig', 'lesson', 'step'] as const;

export const OVERVIEW: LabState = { sim: '', params: {}, seed: DEFAULT_SEED, figure: '', lesson: null };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** Every field at its default, overridden by `overrides`, through check(); refusals are reported. */
export function presetParams(
  sim: AnySimulation,
  overrides: Params = {},
): { params: Params; notes: string[]; refused?: string } {
  const params = { ...sim.defaults, ...overrides } as Params;
  const checked = sim.check(params);
  return checked.ok
    ? { params: checked.params as Params, notes: checked.notes }
    : { params, notes: [], refused: checked.error };
}

/** The state a lesson step presets. */
export function lessonState(catalog: LabCatalog, lesson: Lesson, step: number): LabState {
  const s = lesson.steps[step];
  const sim = catalog.simulations.find((x) => x.id === s.sim);
  if (!sim) throw new Error(`lesson ${lesson.id} step ${step + 1} names an unknown simulation ${s.sim}`);
  return {
    sim: s.sim,
    params: presetParams(sim, s.params).params,
    seed: s.seed ?? DEFAULT_SEED,
    figure: s.figure ?? '',
    lesson: { id: lesson.id, step },
  };
}

export function sameState(a: LabState, b: LabState): boolean {
  if (a.sim !== b.sim || a.seed !== b.seed || a.figure !== b.figure) return false;
  if ((a.lesson?.id ?? '') !== (b.lesson?.id ?? '') || (a.lesson?.step ?? -1) !== (b.lesson?.step ?? -1))
    return false;
  const keys = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  return [...keys].every((k) => Object.is(a.params[k], b.params[k]));
}

export function encodeLabState(state: LabState, catalog: LabCatalog): string {
  const lesson = state.lesson && catalog.lessons.find((l) => l.id === state.lesson!.id);
  const lessonQuery = state.lesson ? `lesson=${enc(state.lesson.id)}&step=${state.lesson.step + 1}` : '';
  if (lesson && state.lesson!.step < lesson.steps.length) {
    if (sameState(state, lessonState(catalog, lesson, state.lesson!.step))) return `?${lessonQuery}`;
  }
  const sim = catalog.simulations.find((s) => s.id === state.sim);
  if (!sim) return lessonQuery ? `?${lessonQuery}` : '';
  const parts: string[] = [];
  // A simulation bound to data the link cannot carry has data-dependent defaults: spell everything out.
  const explicit = (sim as { explicitParams?: boolean }).explicitParams === true;
  for (const field of sim.fields) {
    const value = state.params[field.key];
    if (value !== undefined && (explicit || !Object.is(value, sim.defaults[field.key])))
      parts.push(`${enc(field.key)}=${enc(formatValue(value))}`);
  }
  parts.push(`seed=${state.seed}`);
  if (state.figure) parts.push(`fig=${enc(state.figure)}`);
  if (lessonQuery) parts.push(lessonQuery);
  return `${enc(sim.id)}?${parts.join('&')}`;
}

export function decodeLabState(rest: string, catalog: LabCatalog): Decoded {
  const notes: string[] = [];
  const cut = rest.indexOf('?');
  const path = safeDecode(cut === -1 ? rest : rest.slice(0, cut)).replace(/\/+$/, '');
  const query = new URLSearchParams(cut === -1 ? '' : rest.slice(cut + 1));

  let lesson: LessonPosition | null = null;
  const lessonId = query.get('lesson');
  if (lessonId !== null) {
    const found = catalog.lessons.find((l) => l.id === lessonId);
    if (!found) notes.push(`There is no lesson “${lessonId}”; the link's lesson was dropped.`);
    else lesson = { id: found.id, step: decodeStep(query.get('step'), found, notes) };
  }

  if (path === '') {
    if (lesson) {
      const found = catalog.lessons.find((l) => l.id === lesson!.id)!;
      return { state: lessonState(catalog, found, lesson.step), notes };
    }
    notes.push(...unknownKeys(query, new Set<string>(RESERVED_KEYS), 'the overview'));
    return { state: { ...OVERVIEW }, notes };
  }

  const sim = catalog.simulations.find((s) => s.id === path);
  if (!sim) {
    notes.push(`There is no simulation “${path}”; showing the lab's overview instead.`);
    return { state: { ...OVERVIEW, lesson }, notes };
  }

  const raw: Params = {};
  for (const field of sim.fields) {
    const text = query.get(field.key);
    if (text !== null) raw[field.key] = decodeValue(field, text, sim.defaults[field.key], notes);
  }
  const known = new Set<string>([...RESERVED_KEYS, ...sim.fields.map((f) => f.key)]);
  notes.push(...unknownKeys(query, known, sim.title));
  const checked = presetParams(sim, raw);
  notes.push(...checked.notes);
  const state: LabState = {
    sim: sim.id,
    params: checked.params,
    seed: decodeSeed(query.get('seed'), notes),
    figure: query.get('fig') ?? '',
    lesson,
  };
  return checked.refused ? { state, notes, refused: checked.refused } : { state, notes };
}

/** One field's value from its URL text: parsed, then clamped into the field's range, or the default. */
export function decodeValue(
  field: ParamField,
  text: string,
  fallback: ParamValue,
  notes: string[],
): ParamValue {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  switch (field.kind) {
    case 'number': {
      const value = NUMBER.test(text.trim()) ? Number(text) : NaN;
      if (!Number.isFinite(value)) {
        notes.push(
          `${field.label}: “${shown}” is not a number; using the default, ${formatValue(fallback)}.`,
        );
        return fallback;
      }
      const clamped = Math.min(field.max, Math.max(field.min, value));
      if (clamped !== value)
        notes.push(`${field.label}: ${shown} is outside ${field.min}–${field.max}; using ${clamped}.`);
      const v = field.integer ? Math.round(clamped) : clamped;
      if (v !== clamped) notes.push(`${field.label}: ${shown} is not a whole number; using ${v}.`);
      return v;
    }
    case 'choice': {
      if (field.options.some((o) => o.value === text)) return text;
      notes.push(
        `${field.label}: “${shown}” is not one of ${field.options.map((o) => o.value).join(', ')}; using ${formatValue(fallback)}.`,
      );
      return fallback;
    }
    case 'toggle': {
      const t = text.toLowerCase();
      if (TRUE.includes(t)) return true;
      if (FALSE.includes(t)) return false;
      notes.push(
        `${field.label}: “${shown}” is neither on (1) nor off (0); using ${fallback ? 'on' : 'off'}.`,
      );
      return fallback;
    }
  }
}

function decodeSeed(text: string | null, notes: string[]): number {
  if (text === null) return DEFAULT_SEED;
  const value = NUMBER.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(value)) {
    notes.push(`Seed “${text}” is not a whole number; using ${DEFAULT_SEED}.`);
    return DEFAULT_SEED;
  }
  const v = Math.min(MAX_SEED, Math.max(0, value));
  if (v !== value) notes.push(`Seed ${text} is outside 0–${MAX_SEED}; using ${v}.`);
  return v;
}

function decodeStep(text: string | null, lesson: Lesson, notes: string[]): number {
  if (text === null) return 0;
  const value = NUMBER.test(text.trim()) ? Number(text) : NaN;
  const last = lesson.steps.length;
  if (!Number.isInteger(value) || value < 1 || value > last) {
    const step = Number.isFinite(value) ? Math.min(last, Math.max(1, Math.round(value))) : 1;
    notes.push(
      `“${lesson.title}” has steps 1–${last}; “${text}” is not one of them, so showing step ${step}.`,
    );
    return step - 1;
  }
  return value - 1;
}

function unknownKeys(query: URLSearchParams, known: Set<string>, where: string): string[] {
  const unknown = [...new Set(query.keys())].filter((k) => !known.has(k));
  return unknown.length
    ? [`Ignored ${unknown.map((k) => `“${k}”`).join(', ')}: ${where} has no such setting.`]
    : [];
}

function formatValue(value: ParamValue): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

/** Like encodeURIComponent, but keeps the characters a URL's query allows, so links stay readable. */
function enc(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
