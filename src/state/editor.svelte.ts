import {
  DEFAULT_CONFIG,
  editDocument,
  emptyCounts,
  mergeCounts,
  validateConfig,
  type ConfigIssue,
  type DocumentEdit,
  type EditCounts,
  type ToEditConfig,
} from '../lib/toedit';
import { editLogLine, editRecipe, parseRecipe, plainText, type EditRecipe } from '../lib/toedit/edit-export';
import { vocabularyOf, type Vocabulary } from '../lib/scoring/tokens/packed-vocabulary';
import type { Session, SessionDocument } from './session.svelte';
import { ModelChanged } from './prior-service';
import { isAbort } from '../lib/worker/worker-connection';
import { generationSeed } from '../lib/toedit/seeds';
import { generationRow, type GenerationRow } from '../lib/toedit/generations';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import type { DocumentScores } from '../lib/scoring/scores';
import type { ByteRange } from '../lib/toedit/editable-ranges';
import { editedRecordLine } from '../lib/sft/sft-export';

/** The bytes the editor may change: an instruction record's responses, or (null) all of a document. */
const editableOf = (doc: SessionDocument): ByteRange[] | null => doc.instruction?.layout.editable ?? null;

/** Longest stretch of editing before yielding to the page (long tasks start at 50 ms). */
const SLICE_MS = 12;

export interface Summary {
  counts: EditCounts;
  failures: { doc: SessionDocument; error: string }[];
  /** Documents counted so far, of `total`. */
  done: number;
  total: number;
}

const EMPTY_SUMMARY: Summary = { counts: emptyCounts(), failures: [], done: 0, total: 0 };

/**
 * Token-level editing over the session's scores. Editing is a pure function of (text, scores, config,
 * seed), so every control change recomputes here without touching the model.
 */
export class Editor {
  config = $state<ToEditConfig>({ ...DEFAULT_CONFIG });
  seed = $state(0);

  constructor(private readonly session: Session) {
    // Corpus counts are recomputed in time slices whenever settings or scores change (see summarise).
    $effect.root(() => {
      $effect(() => {
        const job = {
          config: $state.snapshot(this.config) as ToEditConfig,
          seed: this.seed,
          docs: this.scored,
        };
        const vocabulary = this.vocabulary;
        // Counting in slices cannot fail: a document the engine refuses is counted among the failures.
        if (vocabulary && this.issues.length === 0) void this.summarise(job, vocabulary);
        else this.summary = { ...EMPTY_SUMMARY };
      });
    });
  }

  /** The config's own issues, and a k above the scored k (the scores hold no more candidates than that). */
  readonly issues = $derived.by((): ConfigIssue[] => {
    const issues = validateConfig(this.config);
    const { k } = this.config;
    const scoredK = this.session.scoredK;
    if (k > scoredK && !issues.some((i) => i.field === 'k'))
      issues.push({
        field: 'k',
        value: k,
        message: `k = ${k} candidates per flagged token, but scoring keeps ${scoredK} alternatives per token: lower k to ${scoredK} or less, or set alternatives per token (beside Score) to ${k} or more and score again`,
      });
    return issues;
  });

  /** The loaded prior's token bytes as the engine reads them (null without a ready model). */
  readonly vocabulary = $derived.by(() =>
    this.session.model.status === 'ready' ? vocabularyOf(this.session.model.vocabulary) : null,
  );

  /** The documents the current model has scored, in corpus order. */
  readonly scored = $derived.by(() =>
    // Nothing scored yet: no lookup per document (a file being added may hold hundreds of thousands).
    this.session.scores.size === 0
      ? []
      : this.session.documents.flatMap((doc) => {
          const scores = this.session.scoresFor(doc);
          return scores ? [{ doc, scores }] : [];
        }),
  );

  /** Corpus-wide counts, filled in slice by slice so the page never freezes on a large corpus. */
  summary = $state<Summary>({ ...EMPTY_SUMMARY });
  private summaryJob = 0;

  private async summarise(
    job: { config: ToEditConfig; seed: number; docs: { doc: SessionDocument; scores: DocumentScores }[] },
    vocabulary: Vocabulary,
  ): Promise<void> {
    const id = ++this.summaryJob;
    let counts = emptyCounts();
    const failures: Summary['failures'] = [];
    this.summary = { counts, failures, done: 0, total: job.docs.length };
    let sliceStart = performance.now();
    for (let i = 0; i < job.docs.length; i++) {
      const { doc, scores } = job.docs[i];
      const edit = editDocument(
        doc.text,
        scores,
        job.config,
        job.seed,
        doc.index,
        vocabulary,
        editableOf(doc),
      );
      if (edit.ok) counts = mergeCounts(counts, edit.counts);
      else failures.push({ doc, error: edit.error });
      if (performance.now() - sliceStart > SLICE_MS) {
        this.summary = { counts, failures: [...failures], done: i + 1, total: job.docs.length };
        await new Promise((resolve) => setTimeout(resolve, 0)); // let the page paint and handle input
        if (id !== this.summaryJob) return; // settings changed meanwhile: a newer job is running
        sliceStart = performance.now();
      }
    }
    this.summary = { counts, failures, done: job.docs.length, total: job.docs.length };
  }

  /** Every scored document's edit, computed now (for exports). */
  private allEdits(): { doc: SessionDocument; edit: DocumentEdit }[] {
    const vocabulary = this.vocabulary;
    if (!vocabulary || this.issues.length > 0) return [];
    const config = $state.snapshot(this.config) as ToEditConfig;
    return this.scored.map(({ doc, scores }) => ({
      doc,
      edit: editDocument(doc.text, scores, config, this.seed, doc.index, vocabulary, editableOf(doc)),
    }));
  }

  /** Iterated editing: generation g + 1 edits generation g's text, re-scored by the same prior. */
  generations = $state<{
    running: boolean;
    done: number;
    total: number;
    rows: GenerationRow[];
    error: string;
    /** The model that scored them: its epoch and label. */
    epoch: number;
    model: string;
  }>({
    running: false,
    done: 0,
    total: 0,
    rows: [],
    error: '',
    epoch: 0,
    model: '',
  });

  /** The label of the model the generations came from when another model is loaded now, else null. */
  get generationsFromOtherModel(): string | null {
    const g = this.generations;
    return g.rows.length > 0 && g.epoch !== this.session.modelEpoch ? g.model : null;
  }
  /** The text of each generation (index 0 = generation 1), in corpus order, for reading and export. */
  generationTexts = $state.raw<string[][]>([]);
  private generationsAbort: AbortController | null = null;

  /**
   * Every generation is scored by the model that scored the original text (its epoch): loading another
   * model stops the run (the generations done are kept), as does cancel, within the scoring in flight.
   * Never rejects: a failure ends the run and is shown in `generations.error`.
   */
  async runGenerations(count: number): Promise<void> {
    const vocabulary = this.vocabulary;
    if (!vocabulary || this.issues.length > 0 || this.generations.running) return;
    const config = $state.snapshot(this.config) as ToEditConfig;
    const docs = this.session.documents;
    const epoch = this.session.modelEpoch;
    let texts = docs.map((d) => d.text);
    // An instruction record's responses move as they are edited: the engine says where they are now.
    let ranges = docs.map(editableOf);
    const controller = new AbortController();
    this.generationsAbort = controller;
    const model = this.session.model.status === 'ready' ? this.session.model.label : '';
    this.generations = { running: true, done: 0, total: count, rows: [], error: '', epoch, model };
    this.generationTexts = [];
    try {
      for (let g = 1; g <= count && !controller.signal.aborted; g++) {
        // Generation 1 edits the original text, whose scores the session already has.
        const scores =
          g === 1
            ? docs.map((d) => this.session.scoresFor(d))
            : await this.scoreAll(texts, epoch, controller.signal);
        let total = emptyCounts();
        const nextRanges = [...ranges];
        const next = texts.map((text, i) => {
          const s = scores[i];
          if (!s) return text;
          const seed = generationSeed(this.seed, g);
          const edit = editDocument(text, s, config, seed, docs[i].index, vocabulary, ranges[i]);
          if (!edit.ok) return text;
          total = mergeCounts(total, edit.counts);
          nextRanges[i] = edit.editable;
          return edit.text;
        });
        ranges = nextRanges;
        this.generations.rows = [...this.generations.rows, generationRow(g, total)];
        this.generationTexts = [...this.generationTexts, next];
        this.generations.done = g;
        texts = next;
      }
    } catch (error) {
      if (!(isAbort(error) && controller.signal.aborted)) {
        const message = error instanceof Error ? error.message : String(error);
        this.generations.error =
          error instanceof ModelChanged
            ? `Generation ${this.generations.done + 1} stopped: ${message}. The generations above are kept; run again to continue with the loaded model.`
            : `Generation ${this.generations.done + 1} failed: ${message}. The generations above are kept; load the model again to continue.`;
      }
    } finally {
      this.generations.running = false;
      if (this.generationsAbort === controller) this.generationsAbort = null;
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

  /** Stops the run at once, within the scoring in flight; the generations done are kept. */
  cancelGenerations(): void {
    this.generationsAbort?.abort();
  }

  private async scoreAll(texts: string[], epoch: number, signal: AbortSignal): Promise<DocumentScores[]> {
    const out: DocumentScores[] = [];
    for (const group of scoringGroups(texts.map((text) => ({ text })))) {
      const { value } = await this.session.scoreTexts(
        group.map((d) => d.text),
        { epoch, signal },
      );
      out.push(...value);
    }
    return out;
  }

  /** One document's edit, computed on demand (cheap: one document). Reactive to settings when used in $derived. */
  editFor(doc: SessionDocument | undefined): DocumentEdit | undefined {
    const scores = doc && this.session.scoresFor(doc);
    const vocabulary = this.vocabulary;
    if (!doc || !scores || !vocabulary) return undefined;
    if (this.issues.length > 0) return { ok: false, error: this.issues.map((i) => i.message).join('; ') };
    return editDocument(
      doc.text,
      scores,
      $state.snapshot(this.config) as ToEditConfig,
      this.seed,
      doc.index,
      vocabulary,
      editableOf(doc),
    );
  }

  /**
   * JSONL of the edited corpus: original fields and order kept, edited text and statistics added; an
   * instruction record keeps its structure with its responses edited in place.
   */
  jsonl(): string {
    return this.allEdits()
      .map(({ doc, edit }) => editedRecordLine(doc, edit))
      .join('');
  }

  /** The edited documents as plain text, in corpus order. */
  plainText(): string {
    return plainText(this.allEdits().flatMap(({ edit }) => (edit.ok ? [edit.text] : [])));
  }

  /** One JSONL line per document: where it came from and every flagged token's decision. */
  editLog(): string {
    return this.allEdits()
      .map(({ doc, edit }) => editLogLine(doc, edit))
      .join('');
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
    const instructions = this.session.documents.some((d) => d.instruction);
    if (recipe.sft && !instructions)
      warnings.push(
        'The recipe edited instruction data: tick “Instruction data” for its file to reproduce it.',
      );
    else if (!recipe.sft && instructions)
      warnings.push(
        'The recipe edited plain documents; files read as instruction data will give other output.',
      );
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
    const scores = this.scored[0]?.scores;
    const recipe = editRecipe(
      version,
      model.info,
      scores?.k ?? 0,
      $state.snapshot(this.config) as ToEditConfig,
      this.seed,
    );
    // The page lays instruction data out with the model's chat template where it has one, as
    // `--sft-template auto` does; a plain layout under a chat model (its render failed) says plain.
    const laidOut = this.session.documents.flatMap((d) =>
      d.instruction ? [d.instruction.layout.template] : [],
    );
    if (laidOut.length === 0) return recipe;
    const template = laidOut.includes('plain') ? 'plain' : 'auto';
    return { ...recipe, sft: { shape: 'auto', edited: 'all', template } };
  }
}
