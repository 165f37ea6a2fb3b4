/**
 * The editor's settings and seed as a URL query (`#/text?tau=0.95&seed=7`) and as a stored record. Only what
 * differs from the defaults goes into the URL, so a plain `#/text` means the reference settings. A value the
 * URL spells wrongly keeps the default and is told in a note (the field, what was found, what is allowed);
 * a well-formed value out of range is kept, and the editor's own validation says what is wrong with it.
 */
import { DEFAULT_CONFIG, FLAG_RULES, SAMPLERS, type ToEditConfig } from '../toedit/config';
import { MAX_SCORED_K, MIN_SCORED_K, scoredKProblem } from '../scoring/score-memory';

export interface EditorSettings {
  config: ToEditConfig;
  seed: number;
  /** Alternatives kept per token when scoring (an upper bound on config.k): set beside Score. */
  scoredK: number;
}

export const DEFAULT_SETTINGS: Readonly<EditorSettings> = Object.freeze({
  config: { ...DEFAULT_CONFIG },
  seed: 0,
  scoredK: 8,
});

type Field = keyof ToEditConfig | 'seed' | 'scoredK';

/** URL parameter of each field, in the order they are written. */
const PARAMS: readonly [Field, string][] = [
  ['rule', 'rule'],
  ['tau', 'tau'],
  ['dropBelow', 'drop'],
  ['sampler', 'sampler'],
  ['k', 'k'],
  ['beta', 'beta'],
  ['topP', 'topP'],
  ['forceChange', 'force'],
  ['seed', 'seed'],
  ['scoredK', 'scoredK'],
];

const valueOf = (s: EditorSettings, field: Field) =>
  field === 'seed' ? s.seed : field === 'scoredK' ? s.scoredK : s.config[field];

export function encodeEditorSettings(settings: EditorSettings): string {
  const query = new URLSearchParams();
  for (const [field, param] of PARAMS) {
    const value = valueOf(settings, field);
    if (value === valueOf(DEFAULT_SETTINGS, field)) continue;
    query.set(param, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export interface DecodedSettings extends EditorSettings {
  notes: string[];
}

/** Settings from a URL's query (what follows `#/text`); unknown parameters are left to others. */
export function decodeEditorSettings(rest: string): DecodedSettings {
  const query = new URLSearchParams(rest.slice(rest.indexOf('?') + 1));
  const config: ToEditConfig = { ...DEFAULT_CONFIG };
  let seed = DEFAULT_SETTINGS.seed;
  let scoredK = DEFAULT_SETTINGS.scoredK;
  const notes: string[] = [];
  const refuse = (param: string, raw: string, allowed: string) =>
    notes.push(`The link's ${param}=${raw} was ignored: ${param} must be ${allowed}.`);
  for (const [field, param] of PARAMS) {
    const raw = query.get(param);
    if (raw === null) continue;
    switch (field) {
      case 'rule':
        if ((FLAG_RULES as readonly string[]).includes(raw)) config.rule = raw as ToEditConfig['rule'];
        else refuse(param, raw, `one of ${FLAG_RULES.join(', ')}`);
        break;
      case 'sampler':
        if ((SAMPLERS as readonly string[]).includes(raw)) config.sampler = raw as ToEditConfig['sampler'];
        else refuse(param, raw, `one of ${SAMPLERS.join(', ')}`);
        break;
      case 'forceChange':
        if (raw === '0' || raw === '1') config.forceChange = raw === '1';
        else refuse(param, raw, '0 or 1');
        break;
      case 'scoredK': {
        // Out of range is refused here, not kept: scoring cannot run with it, and nothing else would say so.
        const n = raw.trim() === '' ? NaN : Number(raw);
        if (scoredKProblem(n) === undefined) scoredK = n;
        else refuse(param, raw, `an integer from ${MIN_SCORED_K} to ${MAX_SCORED_K}`);
        break;
      }
      case 'seed':
      case 'k': {
        const n = raw.trim() === '' ? NaN : Number(raw);
        if (!Number.isSafeInteger(n)) refuse(param, raw, 'an integer');
        else if (field === 'seed') seed = n;
        else config.k = n;
        break;
      }
      case 'tau':
      case 'dropBelow':
      case 'beta':
      case 'topP': {
        const n = raw.trim() === '' ? NaN : Number(raw);
        if (Number.isFinite(n)) config[field] = n;
        else refuse(param, raw, 'a number');
        break;
      }
    }
  }
  return { config, seed, scoredK, notes };
}

/** Settings read back from storage: anything missing or of the wrong type is the default. */
export function settingsFromRecord(record: unknown): EditorSettings {
  const r = (record ?? {}) as { config?: Record<string, unknown>; seed?: unknown; scoredK?: unknown };
  const config: ToEditConfig = { ...DEFAULT_CONFIG };
  for (const key of Object.keys(config) as (keyof ToEditConfig)[]) {
    const value = r.config?.[key];
    if (typeof value === typeof config[key]) (config as unknown as Record<string, unknown>)[key] = value;
  }
  return {
    config,
    seed: Number.isSafeInteger(r.seed) ? (r.seed as number) : DEFAULT_SETTINGS.seed,
    // A session stored before k was a setting has none: the default, which it was scored with.
    scoredK:
      typeof r.scoredK === 'number' && scoredKProblem(r.scoredK) === undefined
        ? r.scoredK
        : DEFAULT_SETTINGS.scoredK,
  };
}
