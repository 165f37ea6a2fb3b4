/**
 * The lab's simulations by id, in the order the sidebar lists them. The worker, the page, the URL codec
 * and the lessons all look simulations up here, so adding one is one line.
 *
 * Two views run on data that never goes into a URL: "collapse on your own text" (the learner's documents)
 * and the verifier lab on the learner's file. Each has a stand-in here with its fields and field checks,
 * so a link to it still decodes; the page and the worker bind the real simulation to the data.
 */
import type { AnySimulation } from './runner';
import type { LabCatalog } from './url-state';
import { LESSONS } from './lessons';
import { checkFields } from './field-check';
import { ngramCollapse } from './ngram-collapse/ngram-collapse';
import { NGRAM_COLLAPSE_DEFAULTS, NGRAM_COLLAPSE_FIELDS } from './ngram-collapse/ngram-collapse-params';
import { sim1 } from './sim1-gaussian/sim1-gaussian';
import { sim2 } from './sim2-zipf/sim2-zipf';
import { sim3 } from './sim3-regression/sim3-regression';
import { sim4 } from './sim4-verification/sim4-verification';
import {
  qualityThresholdField,
  RULE_FIELD,
  scoreThresholdField,
  SIM5_DEFAULTS,
} from './sim5-verifier/sim5-params';
import { sim5, verifierLab } from './sim5-verifier/sim5-verifier-lab';
import type { VerifierData } from './sim5-verifier/verifier-file';

/** The five teaching simulations (collapse-lab.md); Sim 5 here is its built-in eigenvalue toy. */
export const SIMULATIONS: readonly AnySimulation[] = [sim1, sim2, sim3, sim4, sim5];

export const OWN_TEXT_ID = 'ngram';
export const VERIFIER_FILE_ID = 'sim5-file';

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

/** A simulation whose link spells out every parameter: its defaults depend on data the link cannot carry. */
export type ExplicitSimulation = AnySimulation & { explicitParams: true };

const verifierModelFields = sim5.fields.filter((f) => f.key === 'd' || f.key === 'mu');
/** Thresholds before the file is read: any number (the file's own range is unknown). */
const ANY_NUMBER = { min: -1e12, max: 1e12, step: 0.001 };

/**
 * The verifier lab on the learner's file, before the file is chosen (e.g. a link opened in a fresh page):
 * it keeps the link's settings and asks for the file, which never leaves the browser it was opened in.
 */
export const VERIFIER_FILE: ExplicitSimulation = {
  ...sim5,
  id: VERIFIER_FILE_ID,
  title: 'Verifier lab: your file',
  explicitParams: true,
  fields: [
    RULE_FIELD,
    scoreThresholdField(ANY_NUMBER),
    qualityThresholdField(ANY_NUMBER),
    ...verifierModelFields,
  ],
  defaults: SIM5_DEFAULTS,
  check: () => ({
    ok: false,
    error:
      'This view measures a verifier on your own file of labelled candidates, which never leaves the browser ' +
      'it was opened in. Choose the file (above) to see its numbers with these settings.',
  }),
};

/** The verifier lab bound to a file's candidates, under the file view's id. */
export function boundVerifierLab(data: VerifierData): ExplicitSimulation {
  return { ...verifierLab(data), id: VERIFIER_FILE_ID, explicitParams: true };
}

export function isExplicit(sim: AnySimulation): sim is ExplicitSimulation {
  return (sim as Partial<ExplicitSimulation>).explicitParams === true;
}

const ALL: readonly AnySimulation[] = [...SIMULATIONS, VERIFIER_FILE, OWN_TEXT];

export function findSimulation(id: string): AnySimulation | undefined {
  return ALL.find((s) => s.id === id);
}

export const CATALOG: LabCatalog = { simulations: ALL, lessons: LESSONS };

/** The catalog with the verifier lab bound to a file (or its stand-in when none is chosen). */
export function catalogWith(verifier: AnySimulation | null): LabCatalog {
  if (!verifier) return CATALOG;
  return { ...CATALOG, simulations: ALL.map((s) => (s.id === VERIFIER_FILE_ID ? verifier : s)) };
}
