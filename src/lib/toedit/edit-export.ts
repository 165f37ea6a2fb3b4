import { validateConfig, type ToEditConfig } from './config';
import type { EditCounts } from './counts';
import type { DocumentEdit } from './edit-engine';
import type { Document } from '../io/problem';
import type { PriorInfo } from '../scoring/prior';

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
  /** Instruction data: which shape, which assistant turns, which template (absent: plain documents). */
  sft?: RecipeSft;
}

export interface RecipeSft {
  shape: string;
  edited: 'all' | 'last';
  template: 'auto' | 'plain';
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

/** The recipe of an edit run: the model that scored, the alternatives kept, the settings and the seed. */
export function editRecipe(
  semisynth: string,
  info: Pick<PriorInfo, 'modelId' | 'kind' | 'dtype' | 'device' | 'vocabSize' | 'bosTokenId'>,
  scoredK: number,
  config: ToEditConfig,
  seed: number,
): EditRecipe {
  return {
    format: 'semisynth.toedit-recipe',
    version: 1,
    semisynth,
    model: {
      id: info.modelId,
      kind: info.kind,
      dtype: info.dtype,
      device: info.device,
      vocabSize: info.vocabSize,
      bosPrepended: info.bosTokenId !== null,
    },
    scoredK,
    config,
    seed,
    seedDerivation: 'murmur3-mix(seed, index) v1',
  };
}

/**
 * The edited-corpus JSONL line of one document, newline included, or '' for a document the engine refused
 * (it is in the edit log). The page's export and `semisynth edit` both write these, so their bytes agree.
 */
export function editedLine(doc: Pick<Document, 'record' | 'text'>, edit: DocumentEdit): string {
  return edit.ok ? JSON.stringify(exportRecord(doc.record, doc.text, edit.text, edit.counts)) + '\n' : '';
}

/** The edit-log JSONL line of one document, newline included: where it came from and every flagged token's decision. */
export function editLogLine(doc: Pick<Document, 'index' | 'origin'>, edit: DocumentEdit): string {
  return (
    JSON.stringify({
      index: doc.index,
      source: doc.origin.source,
      ...(doc.origin.line === undefined ? {} : { line: doc.origin.line }),
      ...(edit.ok ? { log: edit.log } : { error: edit.error }),
    }) + '\n'
  );
}

/** A loaded recipe, or what is wrong with the file (field by field). */
export type ParsedRecipe = { ok: true; recipe: EditRecipe } | { ok: false; problems: string[] };

/**
 * Reads a recipe file. Every field the editor will use is checked, so a hand-edited or foreign JSON file
 * is refused with what is wrong instead of silently running different settings.
 */
export function parseRecipe(json: string): ParsedRecipe {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  const r = value as Partial<EditRecipe> | null;
  if (typeof r !== 'object' || r === null || r.format !== 'semisynth.toedit-recipe')
    return {
      ok: false,
      problems: ['not a Semisynth editing recipe (its "format" is not "semisynth.toedit-recipe")'],
    };
  if (r.version !== 1)
    return {
      ok: false,
      problems: [`recipe version ${String(r.version)} is not supported (this Semisynth reads version 1)`],
    };
  const problems: string[] = [];
  if (!Number.isSafeInteger(r.seed)) problems.push(`"seed" = ${String(r.seed)} must be an integer`);
  if (typeof r.model?.id !== 'string') problems.push('"model.id" is missing');
  if (typeof r.config !== 'object' || r.config === null) problems.push('"config" is missing');
  else problems.push(...validateConfig(r.config).map((issue) => `config.${issue.field}: ${issue.message}`));
  if (r.sft !== undefined) {
    const sft = r.sft as Partial<RecipeSft> | null;
    if (
      typeof sft !== 'object' ||
      sft === null ||
      typeof sft.shape !== 'string' ||
      (sft.edited !== 'all' && sft.edited !== 'last') ||
      (sft.template !== 'auto' && sft.template !== 'plain')
    )
      problems.push('"sft" must be {"shape": …, "edited": "all" or "last", "template": "auto" or "plain"}');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, recipe: r as EditRecipe };
}

/** Plain text: the edited documents, in order, separated by a blank line. */
export function plainText(edited: readonly string[]): string {
  return edited.join('\n\n') + (edited.length > 0 ? '\n' : '');
}
