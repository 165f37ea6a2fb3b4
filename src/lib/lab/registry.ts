/**
 * The lab's simulations by id, in the order the sidebar lists them. The worker, the page, the URL codec
 * and the lessons all look simulations up here, so adding one is one line.
 */
import type { AnySimulation } from './runner';
import type { LabCatalog } from './url-state';
import { LESSONS } from './lessons';
import { checkFields } from './field-check';
import { sim1 } from './sim1-gaussian';
import { sim4 } from './sim4-verification';
import { NGRAM_COLLAPSE_DEFAULTS, NGRAM_COLLAPSE_FIELDS, ngramCollapse } from './ngram-collapse';

/** The five teaching simulations (collapse-lab.md). */
export const SIMULATIONS: readonly AnySimulation[] = [sim1, sim4];

export const OWN_TEXT_ID = 'ngram';

/**
 * "Collapse on your own text" as the page and the URL see it: its fields, defaults and field-level checks.
 * The run itself needs the corpus, so the worker binds ngramCollapse to the chosen documents and its
 * corpus-dependent checks (an empty corpus, a top-k larger than the vocabulary) come back with the frame.
 */
export const OWN_TEXT: AnySimulation = {
  ...ngramCollapse([], 'your text'),
  title: 'Collapse on your own text',
  check: (raw) => ({ ok: true, ...checkFields(NGRAM_COLLAPSE_FIELDS, NGRAM_COLLAPSE_DEFAULTS, raw) }),
};

const ALL: readonly AnySimulation[] = [...SIMULATIONS, OWN_TEXT];

export function findSimulation(id: string): AnySimulation | undefined {
  return ALL.find((s) => s.id === id);
}

export const CATALOG: LabCatalog = { simulations: ALL, lessons: LESSONS };
