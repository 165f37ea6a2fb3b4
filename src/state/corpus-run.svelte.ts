/**
 * "Edit the whole corpus to a file": the Text page's way to run corpora larger than the page can hold.
 * The files go to the corpus-run worker (workers/corpus-run.worker.ts) with the loaded model lent to it
 * (PriorClient.lend) and the editor's settings and seed; the page holds only progress and counts.
 *
 * The output goes to a file the user picks (showSaveFilePicker) where the browser has it; elsewhere to an
 * OPFS file that is then offered as a download of that disk-backed File, so the output is never built in
 * page memory. The run's scores stay in OPFS: running the same files again (after a reload, a cancel, a
 * crash) scores only what is not there yet.
 *
 * While it runs, its plan (run-plan.ts: files, model key, settings, seed, output) is kept in IndexedDB
 * (corpus-run-db.ts), so a page reopened after a reload, a crash or a closed tab offers to finish it: the
 * files reopen from their stored handles where the browser's pickers gave them (picked-handles.ts), or are
 * picked again and checked; the model is loaded again where the page can; the settings and seed are the
 * plan's, so the output is the uninterrupted run's. One run at a time across tabs (a Web Lock).
 */
import * as Comlink from 'comlink';
import type { CorpusRunProgress, CorpusRunSummary, RunOutput } from '../lib/run/corpus-run';
import type { CorpusRunWorkerApi } from '../lib/run/corpus-run-worker-api';
import { CORPUS_RUN_DIR, CORPUS_RUN_OUTPUTS, outputFileName } from '../lib/run/run-files';
import { corpusLabel, fileMismatch, plannedFiles, runFiles, type PathedFile } from '../lib/run/run-plan';
import { scoreKeyText } from '../lib/persist/score-key';
import type { PackedVocabulary } from '../lib/scoring/tokens/packed-vocabulary';
import type { ToEditConfig } from '../lib/toedit';
import { editRecipe } from '../lib/toedit/edit-export';
import type { PriorInfo } from '../lib/scoring/prior';
import { isAbort, type WorkerConnection } from '../lib/worker/worker-connection';
import { browserCorpusRunWorker } from './corpus-run-client';
import { downloadBlob } from './download';
import type { Editor } from './editor.svelte';
import { folder, opfsRoot } from './opfs';
import { forgetPlan, readPlan, writePlan, type BrowserPlan } from './corpus-run-db';
import { scoreKeyOf, storedModel } from './persistence.svelte';
import { filePicker, filesOf, folderPicker, mayUse } from './picked-handles';
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
  files = $state.raw<readonly PathedFile[]>([]);
  /** Why the files are here when the panel did not pick them (e.g. too big for the Text page's session). */
  filesNote = $state('');
  /** A run a reload, crash or closed tab cut short, kept on this device: the panel offers to finish it. */
  unfinished = $state.raw<BrowserPlan | null>(null);
  /** The pickers' handles of `files`, kept with the plan so a reopened page can read them again. */
  private handles: FileSystemHandle[] | null = null;
  private resuming = false;
  private connection: WorkerConnection<CorpusRunWorkerApi> | null = null;
  private stage: { name: string; at: number } | null = null;

  constructor(
    private readonly session: Session,
    private readonly editor: Editor,
    private readonly spawn: () => WorkerConnection<CorpusRunWorkerApi> = browserCorpusRunWorker,
  ) {}

  /** Finds a run an earlier page left unfinished. Never rejects (a page without IndexedDB has none). */
  async restore(): Promise<void> {
    try {
      const plan = await readPlan();
      if (plan && this.status !== 'running') this.unfinished = plan;
    } catch {
      // nothing kept, nothing to offer
    }
  }

  /** Makes `files` the corpus of the next run; `note` says why when the user did not pick them here. */
  choose(files: readonly File[], note = ''): void {
    // Also while a run goes (a hand-over from the Text page): the run holds its own files, these are the next's.
    this.files = files.map((file) => ({ path: file.webkitRelativePath || file.name, file }));
    this.filesNote = note;
    this.handles = null;
    this.clearFailure();
  }

  /** New files make an earlier failure's message stale. */
  private clearFailure(): void {
    if (this.status !== 'failed') return;
    this.status = 'idle';
    this.message = '';
  }

  /**
   * Picks files (or a folder) with the browser's picker, whose handles outlive the page; false where the
   * browser has none (the panel's <input> picks instead).
   */
  async pick(what: 'files' | 'folder'): Promise<boolean> {
    const picker = what === 'files' ? filePicker() : folderPicker();
    if (!picker) return false;
    if (this.status === 'running') return true;
    try {
      const picked = await picker({ multiple: true, mode: 'read' });
      const handles = Array.isArray(picked) ? picked : [picked];
      this.files = await filesOf(handles);
      this.handles = handles;
      this.filesNote = '';
      this.clearFailure();
    } catch (error) {
      if (!isAbort(error)) this.fail(`The files could not be opened: ${messageOf(error)}`);
    }
    return true;
  }

  /** The chosen files in a sentence ("shards/ (12 files, 1.2 GB)"), '' when none. */
  get chosenCorpus(): string {
    return this.files.length > 0 ? corpusLabel(plannedFiles(this.files)) : '';
  }

  /** What the unfinished run read, in a sentence ("shards/ (12 files, 1.2 GB)"). */
  get unfinishedCorpus(): string {
    return this.unfinished ? corpusLabel(this.unfinished.files) : '';
  }

  /** Scores, edits and exports the chosen files as one corpus into one `kind` of output. */
  async start(kind: RunOutput): Promise<void> {
    if (this.status === 'running') return;
    const model = this.session.loadedModel;
    const ready = this.session.model;
    if (!model || ready.status !== 'ready') return this.fail('Load a model first: the run scores with it.');
    if (this.files.length === 0) return this.fail('Choose the files of the corpus first.');
    if (this.editor.issues.length > 0)
      return this.fail(
        `Fix the editing settings first: ${this.editor.issues.map((i) => i.message).join('; ')}`,
      );
    const output = await this.openOutput(kind, null);
    if (!output) return;
    const plan: BrowserPlan = {
      started: Date.now(),
      files: plannedFiles(this.files),
      handles: this.handles,
      output: kind,
      outputHandle: output.picked ? output.handle : null,
      key: await scoreKeyOf(model),
      model: storedModel(model),
      modelLabel: model.label,
      config: $state.snapshot(this.editor.config) as ToEditConfig,
      seed: this.editor.seed,
    };
    await this.execute(plan, this.files, output);
  }

  /**
   * Finishes the unfinished run: its files reopened (from their handles, asking for access again: call from
   * a click) or as picked again, checked against the plan; its model loaded again where the page can.
   */
  async resume(): Promise<void> {
    if (this.resuming) return; // a second click while the model loads or access is asked
    this.resuming = true;
    try {
      await this.resumeOnce();
    } finally {
      this.resuming = false;
    }
  }

  private async resumeOnce(): Promise<void> {
    const plan = this.unfinished;
    if (!plan || this.status === 'running') return;
    let files = this.files;
    try {
      if (plan.handles) {
        for (const handle of plan.handles)
          if (!(await mayUse(handle, 'read')))
            return this.fail(
              `Reading ${handle.name} again was not allowed: press Resume and allow it, or choose the files again.`,
            );
        files = await filesOf(plan.handles);
      }
    } catch (error) {
      return this.fail(
        `The run’s files could not be opened again (${messageOf(error)}): choose them again to resume.`,
      );
    }
    if (files.length === 0)
      return this.fail(
        `Choose the run’s files again to resume it: ${this.unfinishedCorpus}. This browser does not let the page keep access to picked files.`,
      );
    const mismatch = fileMismatch(plan.files, plannedFiles(files));
    if (mismatch) return this.fail(`These are not the run’s files: ${mismatch}`);
    if (!(await this.modelOf(plan))) return;
    const output = await this.openOutput(plan.output, plan.outputHandle as FileSystemFileHandle | null);
    if (!output) return;
    this.files = files;
    this.handles = plan.handles;
    await this.execute(plan, files, output);
  }

  /** Lets the unfinished run go (its scores stay, and serve any later run of the same texts and model). */
  async discard(): Promise<void> {
    this.unfinished = null;
    await forgetPlan().catch(() => {});
  }

  /** Stops the run within one forward pass: its output is discarded, the scores so far are kept. */
  cancel(): void {
    if (this.status !== 'running') return;
    this.connection?.call((api) => api.cancel()).catch(() => {});
  }

  dispose(): void {
    this.connection?.terminate('was closed');
  }

  /** Whether the plan's model is the loaded one, loading it again where the page can. */
  private async modelOf(plan: BrowserPlan): Promise<boolean> {
    const matches = async () => {
      const loaded = this.session.loadedModel;
      return (
        loaded !== null &&
        this.session.model.status === 'ready' &&
        scoreKeyText(await scoreKeyOf(loaded)) === scoreKeyText(plan.key)
      );
    };
    if (await matches()) return true;
    const keyed = `${plan.modelLabel} on ${plan.key.device}, ${plan.key.dtype}, k = ${plan.key.k}`;
    if (plan.model) {
      this.session.setScoredK(plan.key.k);
      await this.session.loadModel(plan.model.source, plan.model.device, plan.model.dtype);
      if (await matches()) return true;
    }
    this.fail(
      `The run scores with ${keyed}: load that model${plan.model ? '' : ' (a folder or n-gram model is picked again)'} with ${plan.key.k} alternatives per token, then resume.`,
    );
    return false;
  }

  /** The output file: a picked one (asked for now, or the plan's again), else an OPFS file to download. */
  private async openOutput(
    kind: RunOutput,
    again: FileSystemFileHandle | null,
  ): Promise<{ handle: FileSystemFileHandle; picked: boolean } | null> {
    const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
    try {
      if (again) {
        if (await mayUse(again, 'readwrite')) return { handle: again, picked: true };
        this.fail(`Writing ${again.name} again was not allowed: press Resume and allow it.`);
        return null;
      }
      if (picker) return { handle: await picker({ suggestedName: outputFileName(kind) }), picked: true };
      const out = (await folder(await opfsRoot(), [CORPUS_RUN_DIR, CORPUS_RUN_OUTPUTS], true))!;
      return { handle: await out.getFileHandle(outputFileName(kind), { create: true }), picked: false };
    } catch (error) {
      if (!isAbort(error)) this.fail(`The output file could not be opened: ${messageOf(error)}`); // else: the dialog was closed
      return null;
    }
  }

  /** Runs `plan` over `files` into `output`, keeping the plan on this device until the run ends. */
  private async execute(
    plan: BrowserPlan,
    files: readonly PathedFile[],
    output: { handle: FileSystemFileHandle; picked: boolean },
  ): Promise<void> {
    const ready = this.session.model;
    if (ready.status !== 'ready') return this.fail('Load a model first: the run scores with it.');
    const before = this.unfinished;
    this.unfinished = null; // running now: offered again only if this run stops short
    this.status = 'running';
    this.message = '';
    this.summary = null;
    this.saved = null;
    this.progress = null;
    this.stages = {};
    const kind = plan.output;
    const request = {
      files: runFiles(files),
      key: plan.key,
      vocabulary: $state.snapshot(ready.vocabulary) as PackedVocabulary, // the model state is a proxy: not cloneable
      config: plan.config,
      seed: plan.seed,
      outputs: { [kind]: output.handle },
      // The recipe in the table's metadata, as `semisynth edit --output X.parquet` writes it.
      ...(kind === 'parquet'
        ? {
            parquetMetadata: {
              'semisynth.recipe': recipeJson(ready.info, plan.key.k, plan.config, plan.seed),
            },
          }
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
      const summary = await oneRunAtATime(async () => {
        await writePlan(plan).catch(() => {}); // a page that cannot keep it still runs; it cannot resume
        if (!this.connection?.alive) this.connection = this.spawn();
        const connection = this.connection;
        return this.session.prior.client.lend((port) =>
          connection.call((api) =>
            api.run(request, Comlink.transfer(port, [port]), Comlink.proxy(onProgress)),
          ),
        );
      });
      this.summary = summary;
      const bytes = summary.written[kind] ?? 0;
      if (output.picked) this.saved = { name: output.handle.name, bytes, how: 'picked' };
      else {
        const name = outputFileName(kind);
        downloadBlob(name, await output.handle.getFile()); // a File of the OPFS file: read from disk as it downloads
        this.saved = { name, bytes, how: 'download' };
      }
      this.status = 'done';
      await forgetPlan().catch(() => {});
    } catch (error) {
      if (isAbort(error)) {
        this.status = 'cancelled';
        await forgetPlan().catch(() => {}); // the user stopped it: nothing to offer after a reload
      } else {
        this.fail(`The run stopped: ${messageOf(error)}`);
        // Kept: Resume tries again. Refused for another tab's run, this one never started (nor was written).
        this.unfinished = error instanceof OtherTabRunning ? before : plan;
      }
    }
  }

  private fail(message: string): void {
    this.status = 'failed';
    this.message = message;
  }
}

class OtherTabRunning extends Error {}

/** Runs `work` holding the corpus run's Web Lock: two tabs appending to one score file would tear it. */
async function oneRunAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request('semisynth-corpus-run', { ifAvailable: true }, async (lock) => {
    if (!lock)
      throw new OtherTabRunning(
        'another tab of Semisynth is running a corpus run; wait for it to finish (or cancel it there), then start this one.',
      );
    return work();
  }) as Promise<T>;
}

/** The recipe as `semisynth edit` writes it beside its output (OUT.recipe.json). */
function recipeJson(info: PriorInfo, k: number, config: ToEditConfig, seed: number): string {
  return JSON.stringify(editRecipe(__SEMISYNTH_VERSION__, info, k, config, seed), null, 2) + '\n';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
