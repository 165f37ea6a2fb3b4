/**
 * The Statistics page's state: up to three named corpora, each analysed by the stats workers into a
 * CorpusReport, and the comparisons of each corpus with the reference one. Kept per session (not per page
 * mount), so going to the Text page and back keeps the corpora.
 *
 * Corpora come from (1) documents on the Text page, with the current model's scores when there are any;
 * (2) the editor's output for them (edited on the main thread in short slices, optionally re-scored by the
 * prior); (3) a file opened here, which the workers stream without the page reading it; (4) a statistics
 * partial written by `semisynth stats`, which the workers fold into the report that file would give.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { Session, SessionDocument } from './session.svelte';
import { ModelChanged } from './prior-service';
import type { Editor } from './editor.svelte';
import type {
  AnalyseInput,
  AnalyseProgress,
  FeatureExample,
  FeatureRef,
  FileInspection,
  InspectOptions,
  StatsClientApi,
} from './stats-client';
import { StatsInputError } from './stats-client';
import type { CorpusReport, ModelRecipe } from '../lib/stats/report/corpus-report-types';
import type { Problem } from '../lib/io/problem';
import type { Comparison } from '../lib/stats/compare/compare-corpora';
import type { DocumentScores } from '../lib/scoring/scores';
import type { StreamFormat } from '../lib/io/stream-format';
import type { ToEditConfig } from '../lib/toedit/config';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import { shareExactTables } from '../lib/stats/engine/block-reduce';
import { CORPUS_COLORS } from '../lib/present/charts/palette';
import { jsonSafe } from '../lib/present/stats/json-export';
import type { ViewCorpus } from '../lib/present/stats/view-corpus';

export const MAX_CORPORA = 3;
/** Longest stretch of main-thread editing before yielding (long tasks start at 50 ms). */
const SLICE_MS = 12;

export type CorpusOrigin =
  | { kind: 'text'; sourceIds: number[]; label: string }
  | { kind: 'edited'; sourceIds: number[]; label: string; rescored: boolean }
  | { kind: 'file'; fileName: string; bytes: number; format: StreamFormat }
  | { kind: 'partial'; fileName: string; bytes: number };

export type CorpusStatus = 'preparing' | 'analysing' | 'ready' | 'failed' | 'cancelled';

export class StatsCorpus {
  name = $state('');
  status = $state<CorpusStatus>('preparing');
  /** What the corpus is waiting on, in words ("editing 120 of 400 documents"). */
  stage = $state('');
  progress = $state<AnalyseProgress | null>(null);
  /** Raw: reports hold large typed arrays that must not become deep proxies. */
  report = $state.raw<CorpusReport | null>(null);
  error = $state('');
  readonly abort = new AbortController();

  constructor(
    readonly id: number,
    readonly slot: number,
    name: string,
    readonly origin: CorpusOrigin,
    /** Whether the documents were given with the prior's scores (model-based views). */
    readonly scored: boolean,
    /** The editor's flag settings when analysed: the p > τ counts are exact for these. */
    readonly editConfig: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>,
  ) {
    this.name = name;
  }

  get color(): string {
    return CORPUS_COLORS[this.slot];
  }
}

/** A finished corpus as stored on this machine: enough to show it again without analysing it again. */
export interface StoredCorpus {
  name: string;
  slot: number;
  origin: CorpusOrigin;
  scored: boolean;
  editConfig: Pick<ToEditConfig, 'rule' | 'tau' | 'dropBelow'>;
  report: CorpusReport;
}

/** Where finished corpora outlive the page (persistence.svelte.ts registers one per session). */
export interface CorpusShelf {
  storedCorpora(): Promise<StoredCorpus[]>;
  saveCorpora(corpora: StoredCorpus[]): Promise<void>;
}

export const corpusShelves = new WeakMap<Session, CorpusShelf>();

/** Finished corpora are written this long after the last change (a rename typed letter by letter writes once). */
const SHELVE_DELAY_MS = 500;

export type ComparisonState =
  { status: 'running' } | { status: 'ready'; comparison: Comparison } | { status: 'failed'; error: string };

/** A corpus the views compare with the reference, and where its comparison stands. */
export interface ViewComparison {
  other: ViewCorpus;
  state: ComparisonState | undefined;
}

export class StatsState {
  corpora = $state<StatsCorpus[]>([]);
  /** The corpus the others are compared with (the human one, usually); the first one by default. */
  referenceId = $state<number | null>(null);
  /** Seeds the samples, bootstrap groups, examples and bootstrap intervals. */
  seed = $state(0);
  /** Keyed by `${referenceId}>${otherId}`. */
  readonly comparisons = new SvelteMap<string, ComparisonState>();
  private nextId = 1;

  constructor(
    readonly session: Session,
    readonly editor: Editor,
    readonly client: StatsClientApi,
  ) {
    const shelf = corpusShelves.get(session);
    // Compare each finished corpus with the reference, in a worker, whenever either report changes.
    $effect.root(() => {
      if (shelf) {
        let timer: ReturnType<typeof setTimeout> | null = null;
        $effect(() => {
          const stored = this.ready.map((c) => ({
            name: c.name,
            slot: c.slot,
            origin: c.origin,
            scored: c.scored,
            editConfig: c.editConfig,
            report: c.report!,
          }));
          if (timer) clearTimeout(timer);
          // Never rejects: the storage panel tells a failed write.
          timer = setTimeout(() => void shelf.saveCorpora(stored), SHELVE_DELAY_MS);
        });
      }
      $effect(() => {
        const reference = this.reference;
        if (!reference?.report) return;
        for (const other of this.ready) {
          if (other === reference) continue;
          const key = `${reference.id}>${other.id}`;
          // compare files its failure under the key, where the views show it.
          if (!this.comparisons.has(key)) void this.compare(key, reference, other);
        }
      });
    });
  }

  /** Puts corpora an earlier page finished back, each in its slot where that slot is free. */
  restore(stored: readonly StoredCorpus[]): void {
    const restored: StatsCorpus[] = [];
    for (const s of stored) {
      if ([...this.corpora, ...restored].some((c) => c.slot === s.slot) || s.slot >= MAX_CORPORA) continue;
      const corpus = new StatsCorpus(this.nextId++, s.slot, s.name, s.origin, s.scored, s.editConfig);
      shareExactTables(s.report); // as the worker hands reports over: compared without a copy
      corpus.report = s.report;
      corpus.status = 'ready';
      restored.push(corpus);
    }
    if (restored.length > 0) this.corpora = [...this.corpora, ...restored];
  }

  get reference(): StatsCorpus | undefined {
    return this.corpora.find((c) => c.id === this.referenceId) ?? this.corpora[0];
  }

  /** Corpora with a finished report, in the order added. */
  get ready(): StatsCorpus[] {
    return this.corpora.filter((c) => c.status === 'ready' && c.report);
  }

  get full(): boolean {
    return this.corpora.length >= MAX_CORPORA;
  }

  comparisonWith(other: StatsCorpus): ComparisonState | undefined {
    const reference = this.reference;
    return reference && reference !== other ? this.comparisons.get(`${reference.id}>${other.id}`) : undefined;
  }

  private freeSlot(): number {
    const used = this.corpora.map((c) => c.slot);
    for (let s = 0; s < MAX_CORPORA; s++) if (!used.includes(s)) return s;
    throw new Error(`at most ${MAX_CORPORA} corpora at once: remove one first`);
  }

  private add(name: string, origin: CorpusOrigin, scored: boolean): StatsCorpus {
    const config = this.editor.config;
    const corpus = new StatsCorpus(this.nextId++, this.freeSlot(), name, origin, scored, {
      rule: config.rule,
      tau: config.tau,
      dropBelow: config.dropBelow,
    });
    this.corpora = [...this.corpora, corpus];
    return corpus;
  }

  remove(id: number): void {
    const corpus = this.corpora.find((c) => c.id === id);
    corpus?.abort.abort();
    this.corpora = this.corpora.filter((c) => c.id !== id);
    for (const key of [...this.comparisons.keys()]) {
      const [a, b] = key.split('>').map(Number);
      if (a === id || b === id) this.comparisons.delete(key);
    }
    if (this.referenceId === id) this.referenceId = null;
  }

  cancel(id: number): void {
    this.corpora.find((c) => c.id === id)?.abort.abort();
  }

  setReference(id: number): void {
    this.referenceId = id;
  }

  /** Documents of the Text page's sources (every source when `sourceIds` is empty). */
  documentsOf(sourceIds: readonly number[]): SessionDocument[] {
    const all = this.session.documents;
    return sourceIds.length === 0 ? all : all.filter((d) => sourceIds.includes(d.sourceId));
  }

  private modelRecipe(): ModelRecipe | undefined {
    const info = this.session.scoresModel;
    if (!info) return undefined;
    return {
      modelId: info.modelId,
      dtype: info.dtype,
      device: info.device,
      k: this.session.scoredK,
      bosPrepended: info.bosTokenId !== null,
    };
  }

  private reportOptions(corpus: StatsCorpus) {
    const unique = (xs: number[]) => xs.filter((x, i) => xs.indexOf(x) === i).sort((a, b) => a - b);
    return {
      tails: {
        flagTaus: unique([corpus.editConfig.tau, 0.99]),
        dropLambdas: unique([corpus.editConfig.dropBelow, 0.001]),
      },
    };
  }

  /** A corpus of the Text page's documents, with the current model's scores where it has them. */
  async addText(name: string, sourceIds: number[], label: string): Promise<void> {
    const docs = this.documentsOf(sourceIds);
    const scores = docs.map((d) => this.session.scoresFor(d) ?? null);
    const scored = scores.some((s) => s !== null);
    const corpus = this.add(name, { kind: 'text', sourceIds, label }, scored);
    await this.analyseTexts(
      corpus,
      docs.map((d) => d.text),
      scored ? scores : undefined,
    );
  }

  /**
   * A corpus of the editor's output for the Text page's scored documents. Edits are computed here in
   * slices (as the editor's own counts are); with `rescore`, the prior scores the edited texts so the
   * model-based views can show what editing did to the token-probability distribution.
   */
  async addEdited(name: string, sourceIds: number[], label: string, rescore: boolean): Promise<void> {
    const canScore = rescore && this.session.model.status === 'ready';
    const epoch = this.session.modelEpoch;
    const corpus = this.add(name, { kind: 'edited', sourceIds, label, rescored: canScore }, canScore);
    try {
      const docs = this.documentsOf(sourceIds).filter((d) => this.session.scoresFor(d));
      if (docs.length === 0)
        throw new Error('No scored documents to edit: score them on the Text page first.');
      const texts: string[] = [];
      let failures = 0;
      let sliceStart = performance.now();
      for (let i = 0; i < docs.length; i++) {
        const edit = this.editor.editFor(docs[i]);
        if (edit?.ok) texts.push(edit.text);
        else failures++;
        if (performance.now() - sliceStart > SLICE_MS) {
          corpus.stage = `editing: ${i + 1} of ${docs.length} documents`;
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (corpus.abort.signal.aborted) throw new DOMException('cancelled', 'AbortError');
          sliceStart = performance.now();
        }
      }
      if (texts.length === 0)
        throw new Error(`Editing failed for all ${failures} documents: check the settings.`);
      // Every document must be edited with one model's scores.
      if (this.session.modelEpoch !== epoch)
        throw new ModelChanged('another model was loaded while the documents were being edited');
      let scores: DocumentScores[] | undefined;
      if (canScore) scores = await this.scoreTexts(corpus, texts, epoch);
      await this.analyseTexts(corpus, texts, scores);
    } catch (error) {
      this.fail(corpus, error);
    }
  }

  /**
   * The edited texts scored by the model that scored the originals (its epoch); loading another model
   * stops this (ModelChanged), so the corpus never carries one model's scores under another's recipe.
   */
  private async scoreTexts(corpus: StatsCorpus, texts: string[], epoch: number): Promise<DocumentScores[]> {
    const out: DocumentScores[] = [];
    for (const group of scoringGroups(texts.map((text) => ({ text })))) {
      corpus.stage = `scoring the edited text: ${out.length} of ${texts.length} documents`;
      const { value } = await this.session.scoreTexts(
        group.map((d) => d.text),
        { epoch, signal: corpus.abort.signal },
      );
      out.push(...value);
    }
    return out;
  }

  private async analyseTexts(
    corpus: StatsCorpus,
    texts: string[],
    scores: (DocumentScores | null)[] | undefined,
  ): Promise<void> {
    await this.analyseInto(
      corpus,
      'computing statistics',
      { kind: 'texts', texts, ...(scores ? { scores } : {}) },
      scores ? this.modelRecipe() : undefined,
    );
  }

  /** What the workers see at the start of a JSONL or CSV file (fields to choose from), and problems. */
  inspect(
    files: File | readonly File[],
    format?: StreamFormat,
    options?: InspectOptions,
  ): Promise<FileInspection> {
    return this.client.inspect(files, format, options);
  }

  /**
   * Files streamed by the workers: model-free statistics (files opened here are not scored). `inspection`
   * holds the plain stream it opened (a compressed, zipped, Parquet or multi-file input, opened once); an
   * input it could not open becomes a corpus whose card says why.
   */
  async addFile(name: string, file: File, format: StreamFormat, inspection?: FileInspection): Promise<void> {
    const read = inspection?.opened ?? { file, source: file.name };
    const origin = { kind: 'file' as const, fileName: read.source, bytes: read.file.size, format };
    const corpus = this.add(name, origin, false);
    if (inspection && !inspection.opened) {
      const problem = inspection.problems.find((p) => p.severity === 'error') ?? inspection.problems[0];
      this.fail(
        corpus,
        problem ? new StatsInputError(problem) : new Error(`${file.name} could not be opened`),
      );
      return;
    }
    await this.analyseInto(corpus, 'reading', { kind: 'file', ...read, format });
  }

  /**
   * A statistics partial from the command line: its report is the one analysing its corpus file here gives
   * (model-free, the partial's own seed and settings). No examples: the documents are not here.
   */
  async addPartial(name: string, file: File): Promise<void> {
    const corpus = this.add(name, { kind: 'partial', fileName: file.name, bytes: file.size }, false);
    try {
      corpus.status = 'analysing';
      corpus.stage = 'folding the partial';
      const { report } = await this.client.openPartial(file);
      if (corpus.abort.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      corpus.report = report;
      corpus.status = 'ready';
      corpus.stage = '';
    } catch (error) {
      this.fail(corpus, error);
    }
  }

  /** The workers' report into the corpus, with its stage and progress on the way, or its failure. */
  private async analyseInto(
    corpus: StatsCorpus,
    stage: string,
    input: AnalyseInput,
    model: ModelRecipe | undefined = undefined,
  ): Promise<void> {
    try {
      corpus.status = 'analysing';
      corpus.stage = stage;
      corpus.report = await this.client.analyse(input, {
        name: corpus.name,
        seed: this.seed,
        ...(model ? { model } : {}),
        report: this.reportOptions(corpus),
        onProgress: (p) => {
          corpus.progress = p;
        },
        signal: corpus.abort.signal,
      });
      corpus.status = 'ready';
      corpus.stage = '';
    } catch (error) {
      this.fail(corpus, error);
    }
  }

  private fail(corpus: StatsCorpus, error: unknown): void {
    if (corpus.abort.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) {
      corpus.status = 'cancelled';
      corpus.error = 'Cancelled. Remove it, or add the corpus again.';
    } else if (error instanceof ModelChanged) {
      corpus.status = 'failed';
      corpus.error = `Stopped: ${error.message}. Add the corpus again to use the loaded model.`;
    } else {
      corpus.status = 'failed';
      // A file that cannot be read at all comes with where and what to do (StatsInputError's problem).
      const problem = (error as { problem?: Problem }).problem;
      corpus.error = problem
        ? `${problem.source}${problem.line !== undefined ? `, line ${problem.line}` : ''}: ${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
    }
    corpus.stage = '';
  }

  private async compare(key: string, a: StatsCorpus, b: StatsCorpus): Promise<void> {
    this.comparisons.set(key, { status: 'running' });
    try {
      const comparison = await this.client.compare(a.report!, b.report!, { seed: this.seed });
      if (this.comparisons.has(key)) this.comparisons.set(key, { status: 'ready', comparison });
    } catch (error) {
      if (this.comparisons.has(key))
        this.comparisons.set(key, {
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
    }
  }

  /** Example documents for a feature, from the corpus that uses it more. */
  examples(corpus: StatsCorpus, feature: FeatureRef): Promise<FeatureExample[]> {
    if (!corpus.report) return Promise.resolve([]);
    return this.client.examples(corpus.report, feature, { limit: 5, context: 80 });
  }

  /** Every number on the page, with the recipe: model, dtype, settings, seeds. */
  exportJson(): string {
    const comparisons = [...this.comparisons.entries()].flatMap(([key, state]) => {
      if (state.status !== 'ready') return [];
      const [a, b] = key.split('>').map((id) => this.corpora.find((c) => c.id === Number(id))?.name);
      return [{ reference: a, other: b, comparison: state.comparison }];
    });
    const data = {
      format: 'semisynth.statistics',
      version: 1,
      semisynth: __SEMISYNTH_VERSION__,
      seed: this.seed,
      editor: { config: $state.snapshot(this.editor.config), seed: this.editor.seed },
      corpora: this.ready.map((c) => ({
        name: c.name,
        color: c.color,
        origin: c.origin,
        modelBased: c.scored,
        editConfigAtAnalysis: c.editConfig,
        report: c.report,
      })),
      comparisons,
    };
    // Leave out document texts (the sample's) and the per-group counts behind the bootstrap intervals.
    return JSON.stringify(jsonSafe(data, ['text', 'groupCounts']), null, 1);
  }
}

const states = new WeakMap<Session, StatsState>();

/** The session's statistics state, made on first use (it outlives the page component). */
export function statsState(session: Session, editor: Editor, client: () => StatsClientApi): StatsState {
  let state = states.get(session);
  if (!state) {
    const made = new StatsState(session, editor, client());
    state = made;
    states.set(session, made);
    // Never rejects: a shelf that cannot be read restores nothing.
    void corpusShelves
      .get(session)
      ?.storedCorpora()
      .then((stored) => made.restore(stored))
      .catch(() => {});
  }
  return state;
}
