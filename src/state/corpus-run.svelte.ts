/**
 * "Edit the whole corpus to a file": the Text page's way to run corpora larger than the page can hold.
 * The files go to the corpus-run worker (workers/corpus-run.worker.ts) with the loaded model lent to it
 * (PriorClient.lend) and the editor's settings and seed; the page holds only progress and counts.
 *
 * The output goes to a file the user picks (showSaveFilePicker) where the browser has it; elsewhere to an
 * OPFS file that is then offered as a download of that disk-backed File, so the output is never built in
 * page memory. The run's scores stay in OPFS: running the same files again (after a reload, a cancel, a
 * crash) scores only what is not there yet.
 */
import * as Comlink from 'comlink';
import type { CorpusRunProgress, CorpusRunSummary, RunOutput } from '../lib/run/corpus-run';
import type { CorpusRunWorkerApi } from '../lib/run/corpus-run-worker-api';
import { CORPUS_RUN_DIR, outputFileName } from '../lib/run/run-files';
import type { PackedVocabulary } from '../lib/scoring/tokens/packed-vocabulary';
import type { ToEditConfig } from '../lib/toedit';
import { editRecipe } from '../lib/toedit/edit-export';
import type { PriorInfo } from '../lib/scoring/prior';
import { isAbort, type WorkerConnection } from '../lib/worker/worker-connection';
import { browserCorpusRunWorker } from './corpus-run-client';
import { downloadBlob } from './download';
import type { Editor } from './editor.svelte';
import { folder, opfsRoot } from './opfs';
import { scoreKeyOf } from './persistence.svelte';
import type { Session } from './session.svelte';

type SaveFilePicker = (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;

export type CorpusRunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export class CorpusRun {
  status = $state<CorpusRunStatus>('idle');
  progress = $state<CorpusRunProgress | null>(null);
  /** Input MB/s of the stage running, since it started. */
  rate = $state(0);
  summary = $state<CorpusRunSummary | null>(null);
  /** What went wrong, or why the run cannot start. */
  message = $state('');
  /** Where the output went: a file the user picked, or a download. */
  saved = $state<{ name: string; bytes: number; how: 'picked' | 'download' } | null>(null);
  /** Each stage's working time and the text it went through (documents' UTF-8 bytes), as it goes. */
  stages = $state<Partial<Record<CorpusRunProgress['stage'], { seconds: number; textBytes: number }>>>({});
  /** The corpus the next run reads, as picked in the panel or handed over by another part of the page. */
  files = $state.raw<readonly File[]>([]);
  /** Why the files are here when the panel did not pick them (e.g. too big for the Text page's session). */
  filesNote = $state('');
  private connection: WorkerConnection<CorpusRunWorkerApi> | null = null;
  private stage: { name: string; at: number } | null = null;

  constructor(
    private readonly session: Session,
    private readonly editor: Editor,
    private readonly spawn: () => WorkerConnection<CorpusRunWorkerApi> = browserCorpusRunWorker,
  ) {}

  /** Makes `files` the corpus of the next run; `note` says why when the user did not pick them here. */
  choose(files: readonly File[], note = ''): void {
    if (this.status === 'running') return;
    this.files = files;
    this.filesNote = note;
  }

  /** Scores, edits and exports `files` as one corpus into one `kind` of output. */
  async start(files: readonly File[], kind: RunOutput): Promise<void> {
    if (this.status === 'running') return;
    const model = this.session.loadedModel;
    const ready = this.session.model;
    if (!model || ready.status !== 'ready') return this.fail('Load a model first: the run scores with it.');
    if (files.length === 0) return this.fail('Choose the files of the corpus first.');
    if (this.editor.issues.length > 0)
      return this.fail(
        `Fix the editing settings first: ${this.editor.issues.map((i) => i.message).join('; ')}`,
      );
    const name = outputFileName(kind);
    const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
    let handle: FileSystemFileHandle;
    try {
      handle = picker
        ? await picker({ suggestedName: name })
        : await (await folder(await opfsRoot(), [CORPUS_RUN_DIR, 'out'], true))!.getFileHandle(name, {
            create: true,
          });
    } catch (error) {
      if (isAbort(error)) return; // the user closed the save dialog
      return this.fail(`The output file could not be opened: ${messageOf(error)}`);
    }
    this.status = 'running';
    this.message = '';
    this.summary = null;
    this.saved = null;
    this.progress = null;
    this.stages = {};
    if (!this.connection?.alive) this.connection = this.spawn();
    const connection = this.connection;
    const key = await scoreKeyOf(model);
    const config = $state.snapshot(this.editor.config) as ToEditConfig;
    const seed = this.editor.seed;
    const request = {
      files: files.map((f) => ({ name: f.webkitRelativePath || f.name, blob: f })),
      key,
      vocabulary: $state.snapshot(ready.vocabulary) as PackedVocabulary, // the model state is a proxy: not cloneable
      config,
      seed,
      outputs: { [kind]: handle },
      // The recipe in the table's metadata, as `semisynth edit --output X.parquet` writes it.
      ...(kind === 'parquet'
        ? { parquetMetadata: { 'semisynth.recipe': recipeJson(ready.info, key.k, config, seed) } }
        : {}),
    };
    // A stage runs from the previous stage's last report (scoring: from the start) to its own last one.
    let last = performance.now();
    this.stage = { name: 'scoring', at: last };
    const onProgress = (p: CorpusRunProgress) => {
      const now = performance.now();
      if (this.stage?.name !== p.stage) this.stage = { name: p.stage, at: last };
      last = now;
      const seconds = (now - this.stage.at) / 1000;
      this.rate = seconds > 0 ? p.bytesRead / 1e6 / seconds : 0;
      this.stages = { ...this.stages, [p.stage]: { seconds, textBytes: p.textBytes } };
      this.progress = p;
    };
    try {
      const summary = await this.session.prior.client.lend((port) =>
        connection.call((api) => api.run(request, Comlink.transfer(port, [port]), Comlink.proxy(onProgress))),
      );
      this.summary = summary;
      const bytes = summary.written[kind] ?? 0;
      if (picker) this.saved = { name: handle.name, bytes, how: 'picked' };
      else {
        downloadBlob(name, await handle.getFile()); // a File of the OPFS file: read from disk as it downloads
        this.saved = { name, bytes, how: 'download' };
      }
      this.status = 'done';
    } catch (error) {
      if (isAbort(error)) this.status = 'cancelled';
      else this.fail(`The run stopped: ${messageOf(error)}`);
    }
  }

  /** Stops the run within one forward pass: its output is discarded, the scores so far are kept. */
  cancel(): void {
    if (this.status !== 'running') return;
    this.connection?.call((api) => api.cancel()).catch(() => {});
  }

  dispose(): void {
    this.connection?.terminate('was closed');
  }

  private fail(message: string): void {
    this.status = 'failed';
    this.message = message;
  }
}

/** The recipe as `semisynth edit` writes it beside its output (OUT.recipe.json). */
function recipeJson(info: PriorInfo, k: number, config: ToEditConfig, seed: number): string {
  return JSON.stringify(editRecipe(__SEMISYNTH_VERSION__, info, k, config, seed), null, 2) + '\n';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
