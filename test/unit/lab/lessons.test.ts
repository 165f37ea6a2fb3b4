import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLesson, LESSONS } from '../../../src/lib/lab/lessons';
import { CATALOG, findSimulation, OWN_TEXT_ID } from '../../../src/lib/lab/registry';
import { runSimulation, type AnySimulation } from '../../../src/lib/lab/runner';
import { decodeLabState, encodeLabState, lessonState, sameState } from '../../../src/lib/lab/url-state';
import { ngramCollapse } from '../../../src/lib/lab/ngram-collapse/ngram-collapse';
import { sampleText } from '../../../src/lib/lab/own-text';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const sample = sampleText(
  ['field-notes.txt', 'textbook.txt'].map((f) => ({
    text: readFileSync(path.join(ROOT, 'src/samples', f), 'utf8'),
  })),
);
/** The simulation the worker would run for a step (the own-text one is bound to the built-in sample). */
const runnable = (id: string): AnySimulation =>
  id === OWN_TEXT_ID ? ngramCollapse(sample.texts, sample.name) : findSimulation(id)!;

describe('lessons', () => {
  it('have unique, URL-safe ids and are found by id', () => {
    expect(LESSONS.length).toBeGreaterThan(0);
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const l of LESSONS) {
      expect(l.id).toMatch(/^[a-z0-9-]+$/);
      expect(findLesson(l.id)).toBe(l);
    }
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (_, lesson) => {
  it('has a title, a summary and a few distinct, readable steps', () => {
    expect(lesson.title.length).toBeGreaterThan(5);
    expect(lesson.summary.length).toBeGreaterThan(20);
    expect(lesson.steps.length).toBeGreaterThanOrEqual(3);
    expect(lesson.steps.length).toBeLessThanOrEqual(12); // a few minutes in class
    expect(new Set(lesson.steps.map((s) => s.title)).size).toBe(lesson.steps.length);
    for (const s of lesson.steps) {
      expect(s.text.length, s.title).toBeGreaterThan(80);
      expect(s.text.length, s.title).toBeLessThan(700);
    }
  });

  it.each(lesson.steps.map((s, i) => [i + 1, s.title, i] as const))(
    'step %i (%s) presets settings its simulation accepts unchanged, and its figure exists',
    (_n, _title, i) => {
      const step = lesson.steps[i];
      const sim = findSimulation(step.sim);
      expect(sim, `unknown simulation ${step.sim}`).toBeDefined();
      const keys = sim!.fields.map((f) => f.key);
      for (const key of Object.keys(step.params ?? {})) expect(keys).toContain(key);
      const params = { ...sim!.defaults, ...step.params };
      const checked = runnable(step.sim).check(params);
      expect(checked.ok && checked.notes).toEqual([]);
      // Unchanged on every field (the URL's part; check() may settle others, like Sim 5's toy rule).
      const fieldsOf = (p: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, p[k]]));
      if (checked.ok) expect(fieldsOf(checked.params)).toEqual(fieldsOf(params));
      const outcome = runSimulation(runnable(step.sim), params, step.seed ?? 1);
      expect(outcome.status).toBe('done');
      if (outcome.status !== 'done') return;
      expect(step.figure).toBeDefined();
      expect(outcome.frame.figures.map((f) => f.id)).toContain(step.figure);
    },
  );

  it('gives every step a short URL that restores it exactly', () => {
    lesson.steps.forEach((_, i) => {
      const state = lessonState(CATALOG, lesson, i);
      const rest = encodeLabState(state, CATALOG);
      expect(rest).toBe(`?lesson=${lesson.id}&step=${i + 1}`);
      expect(decodeLabState(rest, CATALOG)).toEqual({ state, notes: [] });
    });
  });

  it('changes something at every step', () => {
    for (let i = 1; i < lesson.steps.length; i++) {
      const a = { ...lessonState(CATALOG, lesson, i - 1), lesson: null };
      const b = { ...lessonState(CATALOG, lesson, i), lesson: null };
      expect(sameState(a, b), `steps ${i} and ${i + 1} show the same thing`).toBe(false);
    }
  });

  it('keeps the lesson position in the URL when the learner changes a step, and can go back', () => {
    const i = lesson.steps.length - 1;
    const preset = lessonState(CATALOG, lesson, i);
    const changed = { ...preset, seed: preset.seed + 1 };
    const rest = encodeLabState(changed, CATALOG);
    expect(rest).toMatch(
      new RegExp(`^${preset.sim}\\?.*seed=${preset.seed + 1}.*&lesson=${lesson.id}&step=${i + 1}$`),
    );
    const decoded = decodeLabState(rest, CATALOG);
    expect(decoded.state).toEqual(changed);
    expect(lessonState(CATALOG, lesson, decoded.state.lesson!.step)).toEqual(preset);
  });
});
