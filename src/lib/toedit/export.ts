import type { ToEditConfig } from './config';
import type { EditCounts } from './counts';

/** Everything needed to reproduce an edited corpus exactly (with the same input documents). */
export interface EditRecipe {
  format: 'semisynth.toedit-recipe';
  version: 1;
  semisynth: string;
  model: {
    id: string;
    kind: string;
    dtype: string;
    device: string;
    vocabSize: number;
    bosPrepended: boolean;
  };
  /** Alternatives kept per token when scoring (an upper bound on config.k). */
  scoredK: number;
  config: ToEditConfig;
  seed: number;
  /** Document index → seed derivation: documentSeed(seed, index) (src/lib/toedit/seeds.ts). */
  seedDerivation: 'murmur3-mix(seed, index) v1';
}

/** Per-document statistics added to each exported record. */
export interface RecordEditStats {
  tokens: number;
  flagged: number;
  expected_edits: number;
  edits: number;
  deleted: number;
}

export function recordStats(c: EditCounts): RecordEditStats {
  return {
    tokens: c.tokens,
    flagged: c.flagged,
    expected_edits: Math.round(c.expectedEdits * 1e6) / 1e6,
    edits: c.realisedEdits,
    deleted: c.deleted,
  };
}

/**
 * One exported JSONL line: every original field kept as it was (in its original order), plus the edited
 * text and the statistics under names that say what they are. Plain-text inputs become {text, …}.
 */
export function exportRecord(
  original: Record<string, unknown> | undefined,
  text: string,
  editedText: string,
  counts: EditCounts,
): Record<string, unknown> {
  return {
    ...(original ?? { text }),
    semisynth_edited_text: editedText,
    semisynth_edit_stats: recordStats(counts),
  };
}
