import {
  DEFAULT_CONFIG,
  editDocument,
  emptyCounts,
  mergeCounts,
  validateConfig,
  type DocumentEdit,
  type EditCounts,
  type ToEditConfig,
} from '../lib/toedit';
import { exportRecord, parseRecipe, plainText, type EditRecipe } from '../lib/toedit/export';
import { vocabularyOf } from '../lib/tokens/packed-vocabulary';
import type { Session, SessionDocument } from './session.svelte';

/**
 * Token-level editing over the session's scores. Editing is a pure function of (text, scores, config,
 * seed), so every control change recomputes here without touching the model.
 */
export class Editor {
  config = $state<ToEditConfig>({ ...DEFAULT_CONFIG });
  seed = $state(0);

  constructor(private readonly session: Session) {}

  readonly issues = $derived(validateConfig(this.config));

  private readonly vocabulary = $derived.by(() =>
    this.session.model.status === 'ready' ? vocabularyOf(this.session.model.vocabulary) : null,
  );

  /** Every scored document's edit, in corpus order (documents not yet scored are left out). */
  readonly edits = $derived.by(() => {
    const out: { doc: SessionDocument; edit: DocumentEdit }[] = [];
    const vocabulary = this.vocabulary;
    if (!vocabulary || this.issues.length > 0) return out;
    const config = $state.snapshot(this.config) as ToEditConfig;
    for (const doc of this.session.documents) {
      const scores = this.session.scoresFor(doc);
      if (scores)
        out.push({ doc, edit: editDocument(doc.text, scores, config, this.seed, doc.index, vocabulary) });
    }
    return out;
  });

  private readonly byKey = $derived(Object.fromEntries(this.edits.map((e) => [e.doc.key, e.edit])));

  readonly counts = $derived.by((): EditCounts => {
    let total = emptyCounts();
    for (const { edit } of this.edits) if (edit.ok) total = mergeCounts(total, edit.counts);
    return total;
  });

  /** Documents the engine refused (bad scores for the text, say), with why. */
  readonly failures = $derived(
    this.edits.flatMap(({ doc, edit }) => (edit.ok ? [] : [{ doc, error: edit.error }])),
  );

  editFor(doc: SessionDocument | undefined): DocumentEdit | undefined {
    return doc && this.byKey[doc.key];
  }

  /** JSONL of the edited corpus: original fields and order kept, edited text and statistics added. */
  jsonl(): string {
    const lines: string[] = [];
    for (const { doc, edit } of this.edits) {
      if (!edit.ok) continue;
      lines.push(JSON.stringify(exportRecord(doc.record, doc.text, edit.text, edit.counts)));
    }
    return lines.join('\n') + (lines.length > 0 ? '\n' : '');
  }

  /** The edited documents as plain text, in corpus order. */
  plainText(): string {
    return plainText(this.edits.flatMap(({ edit }) => (edit.ok ? [edit.text] : [])));
  }

  /** One JSONL line per document: where it came from and every flagged token's decision. */
  editLog(): string {
    return this.edits
      .map(({ doc, edit }) =>
        JSON.stringify({
          index: doc.index,
          source: doc.origin.source,
          ...(doc.origin.line === undefined ? {} : { line: doc.origin.line }),
          ...(edit.ok ? { log: edit.log } : { error: edit.error }),
        }),
      )
      .join('\n');
  }

  /**
   * Restores settings from a recipe file. Returns problems (nothing applied) or warnings (applied, but the
   * output will only match if the same model, dtype and input are used).
   */
  applyRecipe(json: string): { problems: string[]; warnings: string[] } {
    const parsed = parseRecipe(json);
    if (!parsed.ok) return { problems: parsed.problems, warnings: [] };
    const { recipe } = parsed;
    this.config = { ...recipe.config };
    this.seed = recipe.seed;
    const warnings: string[] = [];
    const model = this.session.model;
    if (model.status !== 'ready')
      warnings.push(`Load ${recipe.model.id} (${recipe.model.dtype}) to reproduce this recipe.`);
    else if (model.info.modelId !== recipe.model.id || model.info.dtype !== recipe.model.dtype)
      warnings.push(
        `The recipe was made with ${recipe.model.id} (${recipe.model.dtype}); the loaded model is ` +
          `${model.info.modelId} (${model.info.dtype}), so the output will differ.`,
      );
    return { problems: [], warnings };
  }

  recipe(version: string): EditRecipe | null {
    const model = this.session.model;
    if (model.status !== 'ready') return null;
    const first = this.edits[0];
    const scores = first && this.session.scoresFor(first.doc);
    return {
      format: 'semisynth.toedit-recipe',
      version: 1,
      semisynth: version,
      model: {
        id: model.info.modelId,
        kind: model.info.kind,
        dtype: model.info.dtype,
        device: model.info.device,
        vocabSize: model.info.vocabSize,
        bosPrepended: model.info.bosTokenId !== null,
      },
      scoredK: scores?.k ?? 0,
      config: $state.snapshot(this.config) as ToEditConfig,
      seed: this.seed,
      seedDerivation: 'murmur3-mix(seed, index) v1',
    };
  }
}
