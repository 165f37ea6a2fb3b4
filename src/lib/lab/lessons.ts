/**
 * Guided lessons: short paths through the lab for a class. Each step is a declarative preset of the lab's
 * state (simulation, parameters over its defaults, seed, highlighted figure) plus a few sentences to read,
 * so a step is also a URL (`?lesson=<id>&step=<n>`), and a learner who changes something can always go
 * back to the preset. test/unit/lab/lessons.test.ts runs every step and checks its figure exists.
 */
import type { Params } from './simulation';

export interface LessonStep {
  title: string;
  /** A simulation's id in the registry. */
  sim: string;
  /** Overrides of the simulation's defaults; check() must accept them unchanged. */
  params?: Params;
  seed?: number;
  /** The figure this step is about (a figure id of that simulation). */
  figure?: string;
  /** What to look at, in plain language (two to four sentences). */
  text: string;
  /** Something to try by hand before moving on. */
  try?: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** One sentence for the lesson list. */
  summary: string;
  steps: readonly LessonStep[];
}

export const LESSONS: readonly Lesson[] = [];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
