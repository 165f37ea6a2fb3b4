/**
 * What a stored session is, and where each part lives. Small records go to IndexedDB (database
 * `semisynth`, store `sessions`, one record per session, keyed by id; store `corpora`, the Statistics page's
 * finished corpora and their reports, keyed by session id; store `meta`, key `current`: the session the page
 * opens). Bulk bytes go to the origin-private file system (OPFS):
 *
 *   sessions/<id>/sources/<n>        the n-th file the user added, copied as it was read
 *   sessions/<id>/scores/<name>/     one score file per ScoreKey (score-file.ts, score-key.ts), in numbered
 *                                    segments of a few MB (segmented-store.ts)
 *   sessions/<id>/generations.json   iterated editing's rows and texts (generations-record.ts)
 *
 * Nothing here is sent anywhere: both stores belong to this origin in this browser profile.
 */
import type { CorpusKind } from '../io/corpus-file';
import type { EditorSettings } from './editor-settings';
import type { ScoreKey } from './score-key';

export const DATABASE = 'semisynth';
export const SESSIONS_STORE = 'sessions';
export const META_STORE = 'meta';
/** The Statistics page's finished corpora (reports as the workers made them), one record per session. */
export const CORPORA_STORE = 'corpora';
export const SESSIONS_DIR = 'sessions';

/** A source of the session's documents, in the order the user added them. */
export type StoredSource =
  | { kind: 'pasted'; name: string; text: string }
  | {
      kind: 'file';
      name: string;
      format: CorpusKind;
      field?: string;
      /** Read as instruction data (the Text page's "instruction data" box). */
      instructions?: boolean;
      file: string;
      bytes: number;
    };

/** A model the page can load again by itself (a folder or an n-gram prior must be picked again). */
export interface StoredModel {
  source: { kind: 'bundled'; id: string } | { kind: 'hub'; id: string; host: string };
  device: 'webgpu' | 'wasm';
  dtype: string;
  label: string;
}

/** The last scoring run: enough to say where it stopped and to continue it. */
export interface StoredRun {
  key: ScoreKey;
  /** The model that ran it, where the page can load it again. */
  model: StoredModel | null;
  modelLabel: string;
  total: number;
  finished: boolean;
}

export interface SessionRecord {
  id: string;
  /** What the session is called in the storage panel: its first source's name. */
  name: string;
  created: number;
  updated: number;
  sources: StoredSource[];
  editor: EditorSettings;
  run: StoredRun | null;
}

export const sessionDir = (id: string): string[] => [SESSIONS_DIR, id];
export const sourcesDir = (id: string): string[] => [...sessionDir(id), 'sources'];
export const scoresDir = (id: string): string[] => [...sessionDir(id), 'scores'];

/** The session's name from its sources (what the storage panel lists). */
export function sessionName(sources: readonly StoredSource[]): string {
  if (sources.length === 0) return 'empty session';
  const first = sources[0].name;
  return sources.length === 1 ? first : `${first} and ${sources.length - 1} more`;
}
