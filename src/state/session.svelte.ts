import { SvelteMap } from 'svelte/reactivity';
import type { Document, Problem } from '../lib/corpus/types';
import { fromPastedText, readCorpusFile, toDocuments, type ParsedCorpus } from '../lib/input/corpus-file';
import type { DocumentScores } from '../lib/scoring/types';
import type { Device, PriorInfo } from '../lib/prior/transformers-prior';
import type { GpuCapabilities } from '../lib/prior/gpu';
import { sourceLabel, type ModelSource } from '../lib/model/source';
import { PriorClient } from './prior-client';
import type { PackedVocabulary } from '../lib/tokens/packed-vocabulary';
import { ProgressClock } from '../lib/progress/progress-clock';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import { utf8Length } from '../lib/tokens/utf8-length';
import type { SelfTestVerdict } from '../lib/prior/self-test';
import { LoadedModelFailed, rememberedVerdict, runSelfTest } from './self-test';
import type { ProbabilityRange } from '../lib/charts/probability-range';

/** A file (or the pasted text) the user added, with the field chosen for JSONL/CSV. */
export interface CorpusSource {
  id: number;
  parsed: ParsedCorpus;
  field: string | undefined;
}

export interface SessionDocument extends Document {
  /** The CorpusSource (file or pasted text) it came from. */
  sourceId: number;
  /** Stable across re-ordering: source, field and line, so scores survive a field switch and back. */
  key: string;
}

export type ModelState =
  | { status: 'none' }
  | { status: 'loading'; label: string; loaded: number; total: number; file: string }
  | { status: 'ready'; label: string; info: PriorInfo; labels: string[]; vocabulary: PackedVocabulary }
  | { status: 'failed'; label: string; message: string };

export interface ScoringState {
  running: boolean;
  /** Pause requested; `halted` once the document in flight has finished and nothing is running. */
  paused: boolean;
  halted: boolean;
  cancelRequested: boolean;
  /** Documents. */
  done: number;
  total: number;
  /** Text bytes: the unit of the ETA. */
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

/** Thrown into a pending load when the user cancels it. */
class Cancelled extends Error {}

export const K_ALTERNATIVES = 8;

export class Session {
  readonly client = new PriorClient();
  sources = $state<CorpusSource[]>([]);
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
  private cancelLoad: ((reason: Error) => void) | null = null;
  selectedKey = $state<string | null>(null);
  /** Linked brushing: the token-probability range picked on either page, highlighted on both. */
  probabilityHighlight = $state<ProbabilityRange | null>(null);
  private nextSourceId = 1;
  /** Reactive: everything reading scoresFor() must re-derive when another model is loaded. */
  private modelKey = $state('');
  /** The model behind the scores scoresFor() returns; kept after that model fails, so they stay exportable. */
  scoresModel = $state<PriorInfo | null>(null);

  readonly built = $derived.by(() => {
    const documents: SessionDocument[] = [];
    const problems: Problem[] = [];
    for (const s of this.sources) {
      problems.push(...s.parsed.problems);
      const out = toDocuments(s.parsed, s.field, documents.length);
      problems.push(...out.problems);
      for (const d of out.documents)
        documents.push({ ...d, sourceId: s.id, key: `${s.id}/${s.field ?? ''}/${d.origin.line ?? 0}` });
    }
    return { documents, problems };
  });

  get documents(): SessionDocument[] {
    return this.built.documents;
  }

  get problems(): Problem[] {
    return [...this.notices, ...this.built.problems];
  }

  get selected(): SessionDocument | undefined {
    return this.documents.find((d) => d.key === this.selectedKey) ?? this.documents[0];
  }

  scoresFor(doc: SessionDocument | undefined): DocumentScores | undefined {
    return doc && this.scores.get(`${this.modelKey}|${doc.key}`);
  }

  addPastedText(text: string, name = 'pasted text'): boolean {
    const { problems } = fromPastedText(text);
    if (problems.length > 0) {
      this.notices = [...this.notices, ...problems];
      return false;
    }
    this.addParsed({ kind: 'txt', source: name, text, hadBom: false, problems: [] });
    return true;
  }

  async addFiles(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      this.addParsed(readCorpusFile(file.name, bytes));
    }
  }

  private addParsed(parsed: ParsedCorpus): void {
    const field = parsed.kind === 'txt' ? undefined : parsed.defaultField;
    const source: CorpusSource = { id: this.nextSourceId++, parsed, field };
    this.sources = [...this.sources, source];
    // Show what was just added (the derived document list builds the keys).
    const first = this.documents.find((d) => d.sourceId === source.id);
    if (first) this.selectedKey = first.key;
  }

  setField(sourceId: number, field: string): void {
    this.sources = this.sources.map((s) => (s.id === sourceId ? { ...s, field } : s));
  }

  removeSource(sourceId: number): void {
    this.sources = this.sources.filter((s) => s.id !== sourceId);
  }

  dismissNotice(index: number): void {
    this.notices = this.notices.filter((_, i) => i !== index);
  }

  async detectGpu(): Promise<void> {
    this.gpu = await this.client.detectGpu();
  }

  async loadModel(source: ModelSource, device: Device, dtype: string): Promise<void> {
    const label = sourceLabel(source);
    this.model = { status: 'loading', label, loaded: 0, total: 0, file: '' };
    try {
      // Reactive proxies cannot be posted to a worker; send a plain copy.
      const plain = $state.snapshot(source) as ModelSource;
      // Progress arrives per file; the bar shows all files together.
      const files: Record<string, { loaded: number; total: number }> = {};
      const loading = this.client.load(plain, device, dtype, (p) => {
        if (this.model.status !== 'loading') return;
        files[p.file] = p;
        let loaded = 0;
        let total = 0;
        for (const f of Object.values(files)) {
          loaded += f.loaded;
          total += f.total;
        }
        this.model = { ...this.model, file: p.file, loaded, total };
      });
      // A terminated worker never answers, so cancelling must reject the wait itself.
      const cancelled = new Promise<never>((_, reject) => (this.cancelLoad = reject));
      const { info, labels, vocabulary } = await Promise.race([loading, cancelled]);
      this.modelKey = `${info.modelId}|${info.dtype}|${info.device}`;
      this.scoresModel = info;
      this.model = { status: 'ready', label, info, labels, vocabulary };
      this.selfTest = { status: 'none' };
      if (info.device === 'webgpu') void this.checkAgainstWasm(plain, info.modelId, dtype);
    } catch (error) {
      this.model =
        error instanceof Cancelled
          ? { status: 'none' }
          : { status: 'failed', label, message: errorMessage(error) };
    } finally {
      this.cancelLoad = null;
    }
  }

  private async checkAgainstWasm(source: ModelSource, modelId: string, dtype: string): Promise<void> {
    const key = `${source.kind}:${modelId}|${dtype}`;
    const remembered = rememberedVerdict(key);
    if (remembered) {
      this.selfTest = { status: 'done', verdict: remembered, remembered: true };
      return;
    }
    this.selfTest = { status: 'running' };
    try {
      this.selfTest = {
        status: 'done',
        verdict: await runSelfTest(key, source, dtype, this.client),
        remembered: false,
      };
    } catch (error) {
      this.selfTest = { status: 'failed', message: errorMessage(error) };
      if (error instanceof LoadedModelFailed)
        this.model = { status: 'failed', label: modelId, message: errorMessage(error) };
    }
  }

  /** Stops a download or load in progress (the worker is recreated; the browser keeps finished files cached). */
  cancelLoading(): void {
    if (!this.cancelLoad) return;
    this.client.restart();
    this.cancelLoad(new Cancelled('cancelled'));
  }

  /** Scores every document not yet scored with the current model, one at a time so pause and cancel are prompt. */
  async scoreAll(): Promise<void> {
    if (this.model.status !== 'ready' || this.scoring.running) return;
    const todo = this.documents.filter((d) => !this.scoresFor(d));
    this.scoring = {
      ...IDLE,
      running: true,
      total: todo.length,
      bytesTotal: todo.reduce((n, d) => n + utf8Length(d.text), 0),
    };
    this.clock = new ProgressClock(performance.now());
    const modelKey = this.modelKey;
    for (const group of scoringGroups(todo)) {
      if (this.scoring.paused) {
        this.scoring.halted = true;
        await new Promise<void>((resolve) => (this.resume = resolve));
        this.scoring.halted = false;
      }
      if (this.scoring.cancelRequested) break;
      try {
        const results = await this.client.scoreBatch(
          group.map((d) => d.text),
          K_ALTERNATIVES,
        );
        group.forEach((doc, i) => {
          this.scores.set(`${modelKey}|${doc.key}`, results[i]);
          this.scoring.tokens += results[i].tokenIds.length;
          this.scoring.bytesDone += utf8Length(doc.text);
        });
        this.scoring.done += group.length;
      } catch (error) {
        const first = group[0].origin;
        const where = first.line === undefined ? first.source : `${first.source}, line ${first.line}`;
        this.notices = [
          ...this.notices,
          {
            severity: 'error',
            source: where,
            message: `Scoring failed${group.length > 1 ? ` in a batch of ${group.length} documents starting here` : ''}: ${errorMessage(error)}`,
            hint: 'Scores already computed are kept. Load the model again to continue.',
          },
        ];
        this.model = { status: 'none' }; // the worker was recreated; its model is gone
        break;
      }
    }
    this.scoring.running = false;
    this.scoring.paused = false;
  }

  pauseScoring(): void {
    if (!this.scoring.running || this.scoring.paused) return;
    this.scoring.paused = true;
    this.clock?.pause(performance.now());
  }

  resumeScoring(): void {
    if (!this.scoring.paused) return;
    this.scoring.paused = false;
    this.clock?.resume(performance.now());
    this.resume?.();
    this.resume = null;
  }

  /** Stops after the document being scored; everything scored so far is kept. */
  cancelScoring(): void {
    this.scoring.cancelRequested = true;
    this.resumeScoring();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
