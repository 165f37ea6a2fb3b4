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
import { K_ALTERNATIVES, type Session, type SessionDocument } from './session.svelte';
import { generationSeed } from '../lib/toedit/seeds';
import { generationRow, type GenerationRow } from '../lib/toedit/generations';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import type { DocumentScores } from '../lib/scoring/types';

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

  /** Iterated editing: generation g + 1 edits generation g's text, re-scored by the same prior. */
  generations = $state<{
    running: boolean;
    done: number;
    total: number;
    rows: GenerationRow[];
    error: string;
  }>({
    running: false,
    done: 0,
    total: 0,
    rows: [],
    error: '',
  });
  /** The text of each generation (index 0 = generation 1), in corpus order, for reading and export. */
  generationTexts = $state.raw<string[][]>([]);
  private stopGenerations = false;

  async runGenerations(count: number): Promise<void> {
    const model = this.session.model;
    if (model.status !== 'ready' || this.issues.length > 0 || this.generations.running) return;
    const vocabulary = vocabularyOf(model.vocabulary);
    const config = $state.snapshot(this.config) as ToEditConfig;
    const docs = this.session.documents;
    let texts = docs.map((d) => d.text);
    this.stopGenerations = false;
    this.generations = { running: true, done: 0, total: count, rows: [], error: '' };
    this.generationTexts = [];
    try {
      for (let g = 1; g <= count && !this.stopGenerations; g++) {
        // Generation 1 edits the original text, whose scores the session already has.
        const scores = g === 1 ? docs.map((d) => this.session.scoresFor(d)) : await this.scoreAll(texts);
        let total = emptyCounts();
        const next = texts.map((text, i) => {
          const s = scores[i];
          if (!s) return text;
          const edit = editDocument(text, s, config, generationSeed(this.seed, g), docs[i].index, vocabulary);
          if (!edit.ok) return text;
          total = mergeCounts(total, edit.counts);
          return edit.text;
        });
        this.generations.rows = [...this.generations.rows, generationRow(g, total)];
        this.generationTexts = [...this.generationTexts, next];
        this.generations.done = g;
        texts = next;
      }
    } catch (error) {
      this.generations.error = `Generation ${this.generations.done + 1} failed: ${error instanceof Error ? error.message : String(error)}. The generations above are kept; load the model again to continue.`;
      this.session.model = { status: 'none' };
    } finally {
      this.generations.running = false;
    }
  }

  /** One JSONL line per document with its text in every generation run. */
  generationsJsonl(): string {
    const docs = this.session.documents;
    return docs
      .map((doc, i) =>
        JSON.stringify({
          index: doc.index,
          source: doc.origin.source,
          ...(doc.origin.line === undefined ? {} : { line: doc.origin.line }),
          generations: this.generationTexts.map((texts) => texts[i]),
        }),
      )
      .join('\n');
  }

  cancelGenerations(): void {
    this.stopGenerations = true;
  }

  private async scoreAll(texts: string[]): Promise<DocumentScores[]> {
    const out: DocumentScores[] = [];
    for (const group of scoringGroups(texts.map((text) => ({ text })))) {
      out.push(
        ...(await this.session.client.scoreBatch(
          group.map((d) => d.text),
          K_ALTERNATIVES,
        )),
      );
    }
    return out;
  }

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
