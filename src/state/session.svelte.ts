import { SvelteMap } from 'svelte/reactivity';
import type { Problem } from '../lib/io/problem';
import type { DocumentScores } from '../lib/scoring/scores';
import type { Device, PriorInfo } from '../lib/scoring/transformers/transformers-prior';
import type { GpuCapabilities } from '../lib/scoring/transformers/gpu';
import { sourceLabel, type ModelSource } from '../lib/scoring/models/source';
import { browserPriorWorker, PauseSwitch, PriorClient } from './prior-client';
import { ModelChanged, PriorService, type FromModel, type ModelLost, type ScoreCall } from './prior-service';
import type { PackedVocabulary } from '../lib/scoring/tokens/packed-vocabulary';
import { ProgressClock } from '../lib/present/progress-clock';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import { utf8Length } from '../lib/scoring/tokens/utf8-length';
import {
  scoredKProblem,
  scoreMemory,
  type CorpusTokens,
  type ScoreMemory,
} from '../lib/scoring/score-memory';
import {
  heldBytes,
  PAGE_MEMORY_LIMIT,
  pageBudget,
  textLimit,
  type PageBudget,
} from '../lib/scoring/page-budget';
import { handOverNote, handOverProblem } from '../lib/present/text/hand-over-note';
import type { SelfTestVerdict } from '../lib/scoring/transformers/backend-agreement';
import { rememberedVerdict, runSelfTest } from './self-test';
import type { ProbabilityRange } from '../lib/present/charts/probability-range';
import type { PriorWorkerApi } from '../lib/scoring/prior-worker-api';
import { isAbort, type WorkerConnection } from '../lib/worker/worker-connection';
import { CorpusSources, type CorpusSource, type SessionDocument } from './corpus-sources.svelte';
import {
  wasmThreads,
  type ThreadChoice,
  type ThreadDecision,
  type ThreadEnvironment,
} from '../lib/scoring/transformers/wasm-threads';

export type { CorpusSource, SessionDocument };

export type ModelState =
  | { status: 'none' }
  | { status: 'loading'; label: string; loaded: number; total: number; file: string }
  | {
      status: 'ready';
      label: string;
      info: PriorInfo;
      labels: string[];
      vocabulary: PackedVocabulary;
      /** WASM threads the runtime runs (1 for the n-gram prior). */
      threads: number;
    }
  /** `during`: the model could not be loaded, or it was lost while loaded (a run error, a crash). */
  | { status: 'failed'; label: string; message: string; during: 'loading' | 'running' };

export interface ScoringState {
  running: boolean;
  /** Pause requested; `halted` once the worker holds the call in flight (or none is) and nothing is computed. */
  paused: boolean;
  halted: boolean;
  cancelRequested: boolean;
  /** Documents. */
  done: number;
  total: number;
  /** Text bytes, including those of the documents in flight scored so far: the unit of the ETA. */
  bytesDone: number;
  bytesTotal: number;
  tokens: number;
}

const IDLE: ScoringState = {
  running: false,
  paused: false,
  halted: false,
  cancelRequested: false,
  done: 0,
  total: 0,
  bytesDone: 0,
  bytesTotal: 0,
  tokens: 0,
};

/** The scored k by default: the reference script's top-k 8. */
export const K_ALTERNATIVES = 8;

/** The ready model as a score shelf needs it: what it is, where it came from, how it was loaded. */
export interface LoadedModel {
  info: PriorInfo;
  source: ModelSource;
  device: Device;
  dtype: string;
  label: string;
  /** Alternatives kept per token. */
  k: number;
}

/**
 * Where scores outlive the page (persistence.svelte.ts): the session asks it for the stored scores of its
 * documents before scoring, and hands it every finished group. A shelf that fails costs the run nothing but
 * the saving (the session says so once).
 */
export interface ScoreShelf {
  /** Stored scores of `docs` (those the page has no scores for) under `model`, by document key. */
  load(model: LoadedModel, docs: readonly SessionDocument[]): Promise<Map<string, DocumentScores>>;
  /** Keeps a finished group's scores; resolves once they are stored. */
  save(
    model: LoadedModel,
    docs: readonly SessionDocument[],
    scores: readonly DocumentScores[],
  ): Promise<void>;
  runStarted(model: LoadedModel, total: number): Promise<void>;
  /** `finished`: every document is scored (not cancelled, failed or stopped by another model). */
  runEnded(model: LoadedModel, finished: boolean): Promise<void>;
}

export interface SessionOptions {
  /** Starts a prior worker (default: the browser's; unit tests pass fake workers). */
  spawn?: () => WorkerConnection<PriorWorkerApi>;
  /** See CANCEL_GRACE_MS. */
  cancelGraceMs?: number;
  /** Isolation and cores, for the WASM thread count (default: this page's). */
  threadEnvironment?: ThreadEnvironment;
  /** Text + scores the page holds before files go to the corpus run (default PAGE_MEMORY_LIMIT; tests lower it). */
  pageMemoryLimit?: number;
}

/** Files the page did not add, for the corpus run, and why in words. */
export interface FilesHandedOver {
  files: File[];
  note: string;
}

export class Session {
  /** The one owner of the prior model: loads and scoring calls, each answer with its model's epoch. */
  readonly prior: PriorService;
  /** Whether this page may run WASM threads (cross-origin isolated) and on how many cores. */
  readonly threadEnvironment: ThreadEnvironment;
  /** WASM threads for the next load: 'auto' (every core, at most MAX_WASM_THREADS) or a count. */
  wasmThreadChoice = $state<ThreadChoice>('auto');
  private readonly spawnPrior: () => WorkerConnection<PriorWorkerApi>;
  /** Files and pasted texts; files are read by the input worker. */
  readonly input = new CorpusSources(undefined, (key) => (this.selectedKey = key));
  /** Problems not tied to a source's current parse: refused files, model failures. */
  notices = $state<Problem[]>([]);
  gpu = $state<GpuCapabilities | null>(null);
  model = $state<ModelState>({ status: 'none' });
  /** Scores keyed by `${modelKey}|${document key}`: loading another model never discards earlier work. */
  readonly scores = new SvelteMap<string, DocumentScores>();
  scoring = $state<ScoringState>({ ...IDLE });
  /** Working time of the current run (pauses excluded); not reactive, read on a timer by the view. */
  clock: ProgressClock | null = null;
  /** WebGPU vs WASM on a fixed sentence, once per model and dtype. */
  selfTest = $state<
    | { status: 'none' }
    | { status: 'running' }
    | { status: 'done'; verdict: SelfTestVerdict; remembered: boolean }
    | { status: 'failed'; message: string }
  >({ status: 'none' });
  private resume: (() => void) | null = null;
  /** Holds the scoring call in flight where it stands while the run is paused. */
  private readonly pauseSwitch = new PauseSwitch();
  private loadAbort: AbortController | null = null;
  private scoreAbort: AbortController | null = null;
  private selfTestAbort: AbortController | null = null;
  /** The last model asked for, loaded again when cancelling had to end its worker. */
  private lastLoad: { source: ModelSource; device: Device; dtype: string } | null = null;
  /** The epoch of the ready model (0: none); answers of any other epoch are dropped. */
  private epoch = 0;
  /** Scoring calls in flight from any page (the Text page's run, generations, Statistics re-scoring). */
  priorCalls = $state(0);
  selectedKey = $state<string | null>(null);
  /** Linked brushing: the token-probability range picked on either page, highlighted on both. */
  probabilityHighlight = $state<ProbabilityRange | null>(null);
  /**
   * Alternatives kept per token when scoring (the scored k), a setting (setScoredK). Scores are filed under
   * it: scores computed with another k are kept apart, never mixed, and come back when it is set again.
   */
  scoredK = $state(K_ALTERNATIVES);
  /** The ready model: id, dtype and device. */
  private modelBase = $state('');
  /** Reactive: everything reading scoresFor() must re-derive when another model or k is chosen. */
  private readonly modelKey = $derived(this.modelBase && `${this.modelBase}|k=${this.scoredK}`);
  /** The model behind the scores scoresFor() returns; kept after that model fails, so they stay exportable. */
  scoresModel = $state<PriorInfo | null>(null);
  /** Where scores are kept beyond this page (null: page memory only). */
  shelf: ScoreShelf | null = null;
  /** The ready model, for the shelf (null while none is). */
  private loaded: LoadedModel | null = null;
  private readonly pageMemoryLimit: number;

  constructor(options: SessionOptions = {}) {
    this.spawnPrior = options.spawn ?? browserPriorWorker;
    this.pageMemoryLimit = options.pageMemoryLimit ?? PAGE_MEMORY_LIMIT;
    this.threadEnvironment = options.threadEnvironment ?? {
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
    };
    this.prior = new PriorService(
      new PriorClient({ spawn: this.spawnPrior, cancelGraceMs: options.cancelGraceMs }),
    );
    this.prior.onLost((lost) => this.modelLost(lost));
  }

  /** The WASM threads the next load runs, and why not more where isolation is missing. */
  get wasmThreadPlan(): ThreadDecision {
    return wasmThreads(this.wasmThreadChoice, this.threadEnvironment);
  }

  /** The ready model as it was loaded (null while none is): what a corpus run scores with. */
  get loadedModel(): LoadedModel | null {
    return this.loaded;
  }

  /** The epoch of the ready model (0: none): work that must stay with one model checks it. */
  get modelEpoch(): number {
    return this.epoch;
  }

  get sources(): CorpusSource[] {
    return this.input.sources;
  }

  get documents(): SessionDocument[] {
    return this.input.documents;
  }

  get problems(): Problem[] {
    return [...this.notices, ...this.input.problems];
  }

  /** Derived, not a getter: the document list asks for it once per row, and a corpus can be long. */
  readonly selected = $derived.by(() => {
    const documents = this.input.documents;
    const key = this.selectedKey;
    return (key === null ? undefined : documents.find((d) => d.key === key)) ?? documents[0];
  });

  scoresFor(doc: SessionDocument | undefined): DocumentScores | undefined {
    return doc && this.scores.get(`${this.modelKey}|${doc.key}`);
  }

  /** Each document's UTF-8 length, measured once (the cost below is re-derived after every batch). */
  private readonly textBytes = new WeakMap<SessionDocument, number>();

  /**
   * What the corpus's scores take, or will take, at the scored k: tokens counted where the current model
   * scored them at this k, estimated from text bytes elsewhere (score-memory.ts).
   */
  scoreMemory(): ScoreMemory {
    return scoreMemory(this.scoredK, this.corpusTokens());
  }

  /**
   * The session's estimated page memory, text and scores at the scored k, against the page's limit: a k
   * raised after the files came in (the hand-over checks only when they are added) can pass it.
   */
  pageMemory(cost = this.scoreMemory()): { k: number; bytes: number; limit: number } {
    return { k: cost.k, bytes: heldBytes(cost), limit: this.pageMemoryLimit };
  }

  /** The page's memory budget at the scored k, with the cost line's text bytes per token. */
  pageBudget(cost = this.scoreMemory()): PageBudget {
    return pageBudget(cost.k, cost.textBytesPerToken, this.pageMemoryLimit);
  }

  private corpusTokens(): CorpusTokens {
    let scoredTokens = 0;
    let scoredTextBytes = 0;
    let unscoredTextBytes = 0;
    const any = this.scores.size > 0;
    for (const doc of this.documents) {
      let bytes = this.textBytes.get(doc);
      if (bytes === undefined) this.textBytes.set(doc, (bytes = utf8Length(doc.text)));
      const scores = any ? this.scoresFor(doc) : undefined;
      if (scores) {
        scoredTokens += scores.tokenIds.length;
        scoredTextBytes += bytes;
      } else unscoredTextBytes += bytes;
    }
    return { scoredTokens, scoredTextBytes, unscoredTextBytes };
  }

  addPastedText(text: string, name = 'pasted text'): boolean {
    const problems = this.input.addText(text, name);
    if (problems.length > 0) this.notices = [...this.notices, ...problems];
    return problems.length === 0;
  }

  /** Resolves once every file is read (in the input worker; documents appear as they arrive). */
  addFiles(files: Iterable<File>): Promise<void> {
    return this.input.addFiles(files).then(() => {});
  }

  /**
   * Files the user adds: added as addFiles does while the session's text and scores stay within the page's
   * budget (page-budget.ts); otherwise none of them is (the session keeps what it had), a notice says why,
   * and they come back, with that note, for the corpus run. Resolves once decided.
   */
  async addFilesWithinBudget(files: Iterable<File>): Promise<FilesHandedOver | null> {
    const cost = this.scoreMemory();
    const budget = this.pageBudget(cost);
    const heldTextBytes = cost.textBytes;
    const added = await this.input.addFiles(files, Math.max(0, textLimit(budget) - heldTextBytes));
    if (added.added) return null;
    const handOver = {
      paths: added.files.map((f) => f.webkitRelativePath || f.name),
      textBytes: added.textBytes,
      how: added.how,
      heldTextBytes,
      budget,
    };
    this.notices = [...this.notices, { severity: 'warning', ...handOverProblem(handOver) }];
    return { files: added.files, note: handOverNote(handOver) };
  }

  setField(sourceId: number, field: string): void {
    // The source shows its reading and, if the read fails, its problem (CorpusSources.read).
    void this.input.setField(sourceId, field);
  }

  setInstructions(sourceId: number, on: boolean): void {
    // As setField: the source shows its reading and any failure.
    void this.input.setInstructions(sourceId, on);
  }

  removeSource(sourceId: number): void {
    this.input.remove(sourceId);
  }

  dismissNotice(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index);
  }

  /** Never rejects: where WebGPU cannot be checked, `gpu` says why. */
  async detectGpu(): Promise<void> {
    try {
      this.gpu = await this.prior.client.detectGpu();
    } catch (error) {
      this.gpu = {
        webgpu: false,
        shaderF16: false,
        maxStorageBufferBindingSize: 0,
        reason: `WebGPU could not be checked: ${errorMessage(error)}`,
      };
    }
  }

  /**
   * Loads a model. Whatever is scoring with the current model stops first (finished documents keep their
   * scores; the model panel says so while work runs); a load on its way and a self-test are cancelled.
   * Never rejects: a failure becomes the model's state.
   */
  async loadModel(source: ModelSource, device: Device, dtype: string): Promise<void> {
    const label = sourceLabel(source);
    this.loadAbort?.abort();
    this.selfTestAbort?.abort();
    this.stopScoring(new ModelChanged('another model is being loaded'));
    const controller = new AbortController();
    this.loadAbort = controller;
    // Reactive proxies cannot be posted to a worker; send a plain copy.
    const plain = $state.snapshot(source) as ModelSource;
    this.lastLoad = { source: plain, device, dtype };
    this.epoch = 0;
    this.loaded = null;
    this.model = { status: 'loading', label, loaded: 0, total: 0, file: '' };
    this.selfTest = { status: 'none' };
    // Progress arrives per file; the bar shows all files together.
    const files: Record<string, { loaded: number; total: number }> = {};
    const onProgress = (p: { file: string; loaded: number; total: number }) => {
      if (this.loadAbort !== controller || this.model.status !== 'loading') return;
      files[p.file] = p;
      let loaded = 0;
      let total = 0;
      for (const f of Object.values(files)) {
        loaded += f.loaded;
        total += f.total;
      }
      this.model = { ...this.model, file: p.file, loaded, total };
    };
    try {
      const { epoch, value } = await this.prior.load(plain, device, dtype, {
        onProgress,
        signal: controller.signal,
        threads: this.wasmThreadPlan.threads,
      });
      const { info, labels, vocabulary, threads } = value;
      this.epoch = epoch;
      this.modelBase = `${info.modelId}|${info.dtype}|${info.device}`;
      this.scoresModel = info;
      this.model = { status: 'ready', label, info, labels, vocabulary, threads };
      this.loaded = { info, source: plain, device, dtype, label, k: this.scoredK };
      // What an earlier page scored with this model shows at once (never rejects).
      if (this.shelf) void this.fillFromShelf(this.shelf, epoch);
      // Instruction data is laid out again with this model's chat template, or the plain one (never rejects).
      void this.followChatTemplate(epoch);
      // The self-test runs beside the model; its verdict or failure lands in selfTest.
      if (info.device === 'webgpu') void this.checkAgainstWasm(plain, info.modelId, dtype, epoch);
    } catch (error) {
      if (this.loadAbort !== controller) return; // a newer load owns the model state now
      this.model =
        isAbort(error) || error instanceof ModelChanged
          ? { status: 'none' }
          : { status: 'failed', label, message: errorMessage(error), during: 'loading' };
    } finally {
      if (this.loadAbort === controller) this.loadAbort = null;
    }
  }

  /**
   * Lays instruction data out with the chat template of the model of `epoch`, or the plain template where it
   * has none. Every render is bound to that model: once another is loaded its answers are dropped.
   */
  private async followChatTemplate(epoch: number): Promise<void> {
    let hasTemplate: boolean;
    try {
      hasTemplate = (await this.prior.renderChat([], { epoch })).value !== null;
    } catch {
      return; // that model is gone already: the next one's load decides the layout
    }
    if (epoch !== this.epoch) return;
    const render = async (conversations: { role: string; content: string }[][]) =>
      (await this.prior.renderChat(conversations, { epoch })).value;
    const laidOutAgain = await this.input.setChatTemplate(hasTemplate ? render : null);
    // The documents laid out again have keys of their own: what an earlier page scored for them shows now.
    if (laidOutAgain && this.shelf && epoch === this.epoch) await this.fillFromShelf(this.shelf, epoch);
  }

  /** The worker holding the ready model was replaced: the session decides what the model state becomes. */
  private modelLost(lost: ModelLost): void {
    if (lost.epoch !== this.epoch) return;
    this.epoch = 0;
    this.loaded = null;
    this.selfTestAbort?.abort();
    const label = this.model.status === 'ready' ? this.model.label : '';
    if (lost.reason === 'cancel' && this.lastLoad) {
      // Cancelling mid-pass ended the worker: the same model comes back (its scores are filed by model,
      // so nothing scored is lost).
      const { source, device, dtype } = this.lastLoad;
      void this.loadModel(source, device, dtype);
    } else if (lost.reason === 'requested') {
      this.model = { status: 'none' };
    } else {
      this.model = { status: 'failed', label, message: lost.message, during: 'running' };
    }
  }

  private async checkAgainstWasm(
    source: ModelSource,
    modelId: string,
    dtype: string,
    epoch: number,
  ): Promise<void> {
    const key = `${source.kind}:${modelId}|${dtype}`;
    const remembered = rememberedVerdict(key);
    if (remembered) {
      this.selfTest = { status: 'done', verdict: remembered, remembered: true };
      return;
    }
    const controller = new AbortController();
    this.selfTestAbort = controller;
    this.selfTest = { status: 'running' };
    try {
      const verdict = await runSelfTest(key, source, dtype, {
        prior: this.prior,
        epoch,
        spawn: this.spawnPrior,
        signal: controller.signal,
      });
      // A late verdict is about a model no longer loaded: it must not land on the new one.
      if (epoch === this.epoch) this.selfTest = { status: 'done', verdict, remembered: false };
    } catch (error) {
      // Likewise a late failure; and a model that failed on the test sentence is reported by modelLost.
      if (epoch === this.epoch && !controller.signal.aborted)
        this.selfTest = { status: 'failed', message: errorMessage(error) };
    } finally {
      if (this.selfTestAbort === controller) this.selfTestAbort = null;
    }
  }

  /**
   * Sets the scored k for the next run, and shows the scores already kept for it (this page's, or the
   * shelf's). Refused (false) while a run is in progress, or for a k outside 1–64 (scoredKProblem says
   * why); the scores of the previous k stay filed under it.
   */
  setScoredK(k: number): boolean {
    if (this.scoring.running || scoredKProblem(k) !== undefined) return false;
    if (k === this.scoredK) return true;
    this.scoredK = k;
    if (this.loaded) this.loaded = { ...this.loaded, k };
    // Never rejects: a shelf that cannot be read is told in a notice.
    if (this.shelf && this.model.status === 'ready') void this.fillFromShelf(this.shelf, this.epoch);
    return true;
  }

  /** Stops a download or load in progress (the worker is recreated; the browser keeps finished files cached). */
  cancelLoading(): void {
    this.loadAbort?.abort();
  }

  /**
   * Scores texts with the current model for any page (counted in `priorCalls`, so the model panel can say
   * that loading another model stops them). The answer carries its model's epoch.
   */
  async scoreTexts(
    texts: string[],
    call: ScoreCall = {},
    k = this.scoredK,
  ): Promise<FromModel<DocumentScores[]>> {
    this.priorCalls++;
    try {
      return await this.prior.score(texts, k, call);
    } finally {
      this.priorCalls--;
    }
  }

  /**
   * Scores every document not yet scored with the current model, a group at a time. Progress is reported
   * within a group (a single long document too); pause holds the group in flight where it stands and cancel
   * stops it, both after the forward pass running. Scores are filed only under the model that computed them.
   * Never rejects: a failure stops the run and is told in a notice (scoringStopped).
   */
  async scoreAll(): Promise<void> {
    if (this.model.status !== 'ready' || this.scoring.running) return;
    const epoch = this.epoch;
    const modelKey = this.modelKey;
    const loaded = this.loaded;
    // The run keeps its k (the setting is locked while it runs; this makes its scores one k's regardless).
    const k = this.scoredK;
    let shelf = loaded ? this.shelf : null;
    if (shelf) {
      // Documents scored before (this page or an earlier one) are not scored again.
      this.scoring = { ...IDLE, running: true };
      await this.fillFromShelf(shelf, epoch);
      this.scoring = { ...IDLE };
      if (epoch !== this.epoch) return;
    }
    const todo = this.documents.filter((d) => !this.scoresFor(d));
    const controller = new AbortController();
    this.scoreAbort = controller;
    this.scoring = {
      ...IDLE,
      running: true,
      total: todo.length,
      bytesTotal: todo.reduce((n, d) => n + utf8Length(d.text), 0),
    };
    this.clock = new ProgressClock(performance.now());
    /** Saving failed once: the run goes on in page memory only, and says so once. */
    const shelve = async (what: string, save: (s: ScoreShelf, m: LoadedModel) => Promise<void>) => {
      if (!shelf || !loaded) return;
      try {
        await save(shelf, loaded);
      } catch (error) {
        shelf = null;
        this.notices = [
          ...this.notices,
          {
            severity: 'warning',
            source: 'storage on this device',
            message: `Scores could not be saved (${what}): ${errorMessage(error)}`,
            hint: 'Scoring goes on, but this run’s scores live in this page only: export them before closing it. Free some disk space or clear old sessions to save again.',
          },
        ];
      }
    };
    let finished = false;
    try {
      if (shelf) await shelve('starting the run', (s, m) => s.runStarted(m, todo.length));
      for (const group of scoringGroups(todo)) {
        if (this.scoring.paused) {
          this.scoring.halted = true;
          await new Promise<void>((resolve) => (this.resume = resolve));
          this.scoring.halted = false;
        }
        // Between groups (a batch being saved, a pause) the run can be stopped or its model lost: say so as a
        // call in flight would have.
        if (controller.signal.aborted) {
          if (controller.signal.reason instanceof ModelChanged)
            this.scoringStopped(group, controller.signal.reason);
          break;
        }
        if (epoch !== this.epoch) {
          const model = this.model as ModelState; // changed since the run started
          this.scoringStopped(
            group,
            model.status === 'failed'
              ? new Error(model.message)
              : new ModelChanged('the model is no longer loaded'),
          );
          break;
        }
        const before = { tokens: this.scoring.tokens, bytes: this.scoring.bytesDone };
        try {
          const { value: results } = await this.scoreTexts(
            group.map((d) => d.text),
            {
              epoch,
              signal: controller.signal,
              pause: this.pauseSwitch,
              onHeld: () => {
                if (this.scoring.paused) this.scoring.halted = true;
              },
              onProgress: (p) => {
                if (controller.signal.aborted) return;
                this.scoring.tokens = before.tokens + p.tokens;
                this.scoring.bytesDone = before.bytes + p.bytes;
              },
            },
            k,
          );
          // prior.score answered for `epoch` and it is still current: these are this model's scores.
          if (shelf) await shelve('a batch', (s, m) => s.save(m, group, results));
          let bytes = before.bytes;
          let tokens = before.tokens;
          group.forEach((doc, i) => {
            this.scores.set(`${modelKey}|${doc.key}`, results[i]);
            tokens += results[i].tokenIds.length;
            bytes += utf8Length(doc.text);
          });
          this.scoring.tokens = tokens;
          this.scoring.bytesDone = bytes;
          this.scoring.done += group.length;
        } catch (error) {
          this.scoring.tokens = before.tokens;
          this.scoring.bytesDone = before.bytes;
          if (!(isAbort(error) && controller.signal.aborted)) this.scoringStopped(group, error);
          break;
        }
      }
      finished = this.scoring.done === todo.length;
    } finally {
      this.scoring.running = false;
      this.scoring.paused = false;
      this.scoring.halted = false;
      this.pauseSwitch.set(false);
      if (this.scoreAbort === controller) this.scoreAbort = null;
    }
    // Called before anything else can start a run, so the shelf hears this end before the next start.
    if (shelf) await shelve('ending the run', (s, m) => s.runEnded(m, finished));
  }

  /**
   * Files the shelf's stored scores for the documents under the model of `epoch`, where that model is still
   * loaded. Never rejects: a shelf that cannot be read is told in a notice, and scoring goes on without it.
   */
  private async fillFromShelf(shelf: ScoreShelf, epoch: number): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    const modelKey = this.modelKey;
    // Only what the page lacks: a second Score click asks the shelf for nothing already filed.
    const lacking = this.documents.filter((d) => !this.scores.has(`${modelKey}|${d.key}`));
    if (lacking.length === 0) return;
    try {
      const stored = await shelf.load(loaded, lacking);
      if (epoch !== this.epoch) return;
      for (const [key, scores] of stored) {
        const filed = `${modelKey}|${key}`;
        if (!this.scores.has(filed)) this.scores.set(filed, scores);
      }
    } catch (error) {
      this.notices = [
        ...this.notices,
        {
          severity: 'warning',
          source: 'storage on this device',
          message: `Saved scores could not be read: ${errorMessage(error)}`,
          hint: 'The documents will be scored again.',
        },
      ];
    }
  }

  /** Tells why a run stopped short: the model changed, or scoring failed at `group`. */
  private scoringStopped(group: SessionDocument[], error: unknown): void {
    const kept = this.scoring.done;
    const keptNote = `The ${kept} document${kept === 1 ? '' : 's'} scored before keep their scores.`;
    const first = group[0].origin;
    const where = first.line === undefined ? first.source : `${first.source}, line ${first.line}`;
    this.notices = [
      ...this.notices,
      error instanceof ModelChanged
        ? {
            severity: 'warning',
            source: where,
            message: `Scoring stopped here: ${error.message}.`,
            hint: `${keptNote} Score again to continue with the loaded model.`,
          }
        : {
            severity: 'error',
            source: where,
            message: `Scoring failed${group.length > 1 ? ` in a batch of ${group.length} documents starting here` : ''}: ${errorMessage(error)}`,
            hint: `${keptNote} Load the model again to continue.`,
          },
    ];
  }

  pauseScoring(): void {
    if (!this.scoring.running || this.scoring.paused) return;
    this.scoring.paused = true;
    this.clock?.pause(performance.now());
    this.pauseSwitch.set(true);
  }

  resumeScoring(): void {
    if (!this.scoring.paused) return;
    this.scoring.paused = false;
    this.scoring.halted = false;
    this.clock?.resume(performance.now());
    this.pauseSwitch.set(false);
    this.resume?.();
    this.resume = null;
  }

  /** Stops at once, within the document being scored; every finished document keeps its scores. */
  cancelScoring(): void {
    this.stopScoring();
  }

  private stopScoring(reason?: Error): void {
    if (!this.scoreAbort) return;
    this.scoring.cancelRequested = true;
    this.scoreAbort.abort(reason);
    this.resumeScoring();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
