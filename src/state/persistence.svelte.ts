/**
 * Keeps the Text page's session on this machine: its sources (pasted texts in IndexedDB, files copied into
 * OPFS), the editor's settings and seed, and every batch of scores as it is computed (the session's score
 * shelf). A reload, a crash or a closed tab brings the documents back, and scoring with the same model
 * continues from the first document not yet on disk. Layout: src/lib/persist/session-record.ts.
 *
 * Nothing is stored until the user adds something, and nothing is ever sent: both stores belong to this
 * origin in this browser profile. Storage writes run one after another (a queue), so the record always
 * describes files that exist.
 */
import { untrack } from 'svelte';
import type { DocumentScores } from '../lib/scoring/scores';
import type { ModelSource } from '../lib/scoring/models/source';
import { contentHash, hashHex } from '../lib/persist/content-hash';
import { settingsFromRecord, type EditorSettings } from '../lib/persist/editor-settings';
import { ScoreShelfFiles, type ShelfModel } from '../lib/persist/score-shelf-files';
import {
  decodeGenerations,
  encodeGenerations,
  GENERATIONS_FILE,
  type StoredGenerations,
} from '../lib/persist/generations-record';
import { scoreFileName, type ScoreKey } from '../lib/persist/score-key';
import {
  DATABASE,
  scoresDir,
  sessionDir,
  sessionName,
  SESSIONS_DIR,
  sourcesDir,
  type SessionRecord,
  type StoredModel,
  type StoredRun,
  type StoredSource,
} from '../lib/persist/session-record';
import type { ToEditConfig } from '../lib/toedit/config';
import type { CorpusKind } from '../lib/io/corpus-file';
import type { Editor } from './editor.svelte';
import {
  entryNames,
  folder,
  folderBytes,
  opfsRoot,
  OpfsSegments,
  readBlob,
  removeEntry,
  writeBlob,
} from './opfs';
import { utf8Length } from '../lib/scoring/tokens/utf8-length';
import { SegmentedByteStore } from '../lib/persist/segmented-store';
import { unshared } from '../lib/persist/unshared';
import { SessionDb } from './session-db';
import { forgetPlan } from './corpus-run-db';
import { CORPUS_RUN_DIR, CORPUS_RUN_OUTPUTS } from '../lib/run/run-files';
import { claimSessionLock, sessionLockFreed } from './session-lock';
import type { LoadedModel, ScoreShelf, Session, SessionDocument } from './session.svelte';
import { corpusShelves, type CorpusShelf, type StoredCorpus } from './stats.svelte';

export interface StoredSessionSummary {
  id: string;
  name: string;
  updated: number;
  current: boolean;
  /** Bytes its documents take: copies of its files in OPFS, and its pasted texts (UTF-8). */
  documentBytes: number;
  /** Bytes of its score files in OPFS. */
  scoreBytes: number;
}

/** The run an earlier page left unfinished, and how much of it is on disk. */
export interface InterruptedRun extends StoredRun {
  saved: number;
}

/** What the page shows of a source, as far as storing it goes. */
interface LiveSource {
  id: number;
  name: string;
  kind: CorpusKind;
  file: Blob | null;
  field: string | undefined;
  instructions: boolean;
  /** A pasted text's text ('' for a file). */
  text: string;
}

/** Editor settings are written this long after the last change (a slider drag writes once). */
const SETTINGS_DELAY_MS = 400;

export interface PersistenceOptions {
  /** Reloads the page (after clearing, or to open another session). */
  reload?: () => void;
}

export class Persistence implements ScoreShelf, CorpusShelf {
  /**
   * 'off': this browser has no OPFS or IndexedDB for the page (the panel says so; nothing is kept).
   * 'elsewhere': another tab of this site holds the saved session (session-lock.ts); this one neither
   * restores nor saves anything, and says so.
   */
  status = $state<'starting' | 'ready' | 'off' | 'elsewhere'>('starting');
  /** 'elsewhere' only: the other tab has gone, so a reload opens the saved session here. */
  otherTabGone = $state(false);
  problem = $state('');
  estimate = $state<{ usage: number; quota: number } | null>(null);
  /** Whether the browser promised not to evict this origin's storage (null: not known yet). */
  persisted = $state<boolean | null>(null);
  sessions = $state.raw<StoredSessionSummary[]>([]);
  /** What corpus runs keep (corpus-run.svelte.ts): their score files, and the last outputs written to OPFS. */
  corpusRuns = $state<{ scoreBytes: number; outputBytes: number }>({ scoreBytes: 0, outputBytes: 0 });
  /** The run the page restored unfinished; cleared when another run starts. */
  interrupted = $state<InterruptedRun | null>(null);
  /** Scores the page found cut short on disk and will score again (shown once). */
  tornNote = $state('');

  private db: SessionDb | null = null;
  private root: FileSystemDirectoryHandle | null = null;
  private id = '';
  /** The stored record; null until the session holds something worth keeping. */
  private record: SessionRecord | null = null;
  /** Live source id → its stored form. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
  private readonly tracked = new Map<number, StoredSource>();
  /** The session's score files, each indexed in memory once opened (opened under `root` in start()). */
  private readonly shelfFiles = new ScoreShelfFiles({
    openStore: async (name) =>
      SegmentedByteStore.open(
        new OpfsSegments((await folder(this.root!, [...scoresDir(this.id), name], true))!),
      ),
    onTorn: (model, reason) => {
      this.tornNote = `The saved scores of ${model.label} ended in a write cut short (${reason}): the documents of that batch are scored again.`;
    },
  });
  private queue: Promise<void> = Promise.resolve();
  private settingsTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** The generation rows last written or restored (the same array: nothing to write). */
  private generationsSaved: unknown = null;
  private readonly reload: () => void;
  /** Settles when start() has restored what it could (the Statistics page's corpora wait for it). */
  private readonly started: Promise<void>;
  private markStarted: () => void = () => {};

  constructor(
    private readonly session: Session,
    private readonly editor: Editor,
    options: PersistenceOptions = {},
  ) {
    this.reload = options.reload ?? (() => location.reload());
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    // Now, not in start(): a page opened on the Statistics page makes its state before the app mounts.
    corpusShelves.set(session, this);
  }

  /** Restores the current stored session, if any, then keeps the page's session. Never rejects. */
  async start(): Promise<void> {
    await this.begin();
    this.markStarted();
  }

  private async begin(): Promise<void> {
    try {
      if (!globalThis.navigator?.storage?.getDirectory || !globalThis.indexedDB)
        throw new Error('this browser gives the page no private file system (OPFS) or IndexedDB');
      if ((await claimSessionLock()) === 'elsewhere') {
        this.standAside();
        return;
      }
      this.root = await opfsRoot();
      // Opening the database creates it: only where it exists already, so an unused page stores nothing.
      const existing = (await indexedDB.databases()).some((d) => d.name === DATABASE);
      if (existing) {
        this.db = await SessionDb.open();
        const id = await this.db.current();
        const record = id ? await this.db.get(id) : undefined;
        this.id = id ?? crypto.randomUUID();
        if (record) await this.restore(record);
      } else this.id = crypto.randomUUID();
      this.session.shelf = this;
      this.status = 'ready';
      this.watch();
      await this.refresh();
      this.persisted = (await navigator.storage.persisted?.()) ?? false;
    } catch (error) {
      this.status = 'off';
      this.problem = `Nothing is kept on this device: ${errorMessage(error)}.`;
    }
  }

  /** Another tab keeps the session: this page stores nothing, so it overwrites nothing of that tab's. */
  private standAside(): void {
    this.closed = true;
    this.status = 'elsewhere';
    this.problem =
      'Another tab of Semisynth holds the session saved on this device, so nothing you do in this tab is saved: its documents, scores and settings live in this page only (export what you want to keep). Close the other tab and reload this one to work with the saved session.';
    void sessionLockFreed().then(() => (this.otherTabGone = true));
  }

  /** Reloads the page (to open the saved session once the other tab has gone). */
  reopen(): void {
    this.reload();
  }

  /** Asks the browser not to evict this origin's storage when the disk runs low. */
  async askPersistence(): Promise<void> {
    this.persisted = (await navigator.storage.persist?.()) ?? false;
  }

  /** Loads the run's model again (where the page can) and scores what is left. */
  async resume(): Promise<void> {
    const model = this.interrupted?.model;
    if (!model) return;
    await this.session.loadModel(model.source, model.device, model.dtype);
    if (this.session.model.status === 'ready') await this.session.scoreAll();
  }

  /** Deletes a stored session; the current one also leaves the page (it reloads empty). Never rejects. */
  async clearSession(id: string): Promise<void> {
    if (id === this.id) this.closed = true;
    const cleared = await this.enqueue(async () => {
      const sessions = this.root && (await folder(this.root, [SESSIONS_DIR], false));
      if (sessions) await removeEntry(sessions, id);
      await this.db?.delete(id);
      // The last session gone: the database goes too, so the origin stores nothing.
      if (this.db && (await this.db.all()).length === 0) {
        await this.db.destroy();
        this.db = null;
      }
      return true;
    }).catch((error: unknown) => this.clearingFailed(error));
    if (cleared && id === this.id) this.reload();
    else await this.refresh();
  }

  /** Deletes every stored session of this origin (OPFS and IndexedDB), then reloads the page empty. */
  async clearEverything(): Promise<void> {
    this.closed = true;
    const cleared = await this.enqueue(async () => {
      const root = this.root ?? (await opfsRoot());
      for (const name of await entryNames(root)) await removeEntry(root, name);
      if (this.db) await this.db.destroy();
      else await SessionDb.deleteAll();
      await forgetPlan(); // an unfinished corpus run's plan: its own database
      this.db = null;
      return true;
    }).catch((error: unknown) => this.clearingFailed(error));
    if (cleared) this.reload();
  }

  /**
   * Deletes what corpus runs keep: their score files, the outputs left in OPFS, and an unfinished run's plan.
   * Not while one runs (the panel does not offer it then). Never rejects.
   */
  async clearCorpusRuns(): Promise<void> {
    try {
      if (this.root) await removeEntry(this.root, CORPUS_RUN_DIR);
      await forgetPlan();
    } catch (error) {
      this.problem = `Clearing the corpus runs' files did not finish: ${errorMessage(error)}.`;
    }
    await this.refresh();
  }

  /** Saving stays off (the user asked for the data to go); what is left is told. */
  private clearingFailed(error: unknown): false {
    this.problem = `Clearing did not finish: ${errorMessage(error)}. Nothing more is saved from this page; reload it and clear again, or clear this site's data in the browser's settings.`;
    return false;
  }

  /** Leaves this session stored and opens an empty page with a new one. */
  async newSession(): Promise<void> {
    this.closed = true;
    await this.enqueue(async () => {
      if (this.db) await this.db.setCurrent(crypto.randomUUID());
    }).catch((error: unknown) => this.failed(error));
    this.reload();
  }

  /** Opens another stored session (the page reloads with it). */
  async openSession(id: string): Promise<void> {
    this.closed = true;
    await this.enqueue(async () => {
      await this.db?.setCurrent(id);
    }).catch((error: unknown) => this.failed(error));
    this.reload();
  }

  // ScoreShelf -------------------------------------------------------------------------------------------

  async load(model: LoadedModel, docs: readonly SessionDocument[]): Promise<Map<string, DocumentScores>> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a result handed over, never shown
    const found = new Map<string, DocumentScores>();
    if (this.closed || !this.root || !(await folder(this.root, scoresDir(this.id), false))) return found;
    const shelfModel = await shelfModelOf(model);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, never shown
    this.shelfFiles.retain(new Set(this.session.documents.map((d) => d.key)));
    const stored = await this.enqueue(() => this.shelfFiles.load(shelfModel, docs));
    return this.closed ? found : stored;
  }

  async save(
    model: LoadedModel,
    docs: readonly SessionDocument[],
    scores: readonly DocumentScores[],
  ): Promise<void> {
    if (this.closed) return;
    const shelfModel = await shelfModelOf(model);
    await this.enqueue(async () => {
      await this.ensureRecord();
      await this.shelfFiles.save(shelfModel, docs, scores);
    });
    this.refreshEstimateSoon();
  }

  async runStarted(model: LoadedModel, total: number): Promise<void> {
    this.interrupted = null;
    if (this.closed) return;
    const { key } = await shelfModelOf(model);
    await this.enqueue(async () => {
      const record = await this.ensureRecord();
      record.run = { key, model: storedModel(model), modelLabel: model.label, total, finished: false };
      await this.writeRecord();
    });
  }

  async runEnded(_model: LoadedModel, finished: boolean): Promise<void> {
    if (this.closed) return;
    await this.enqueue(async () => {
      if (!this.record?.run) return;
      this.record.run.finished = finished;
      await this.writeRecord();
    });
  }

  // CorpusShelf ------------------------------------------------------------------------------------------

  /** The Statistics page's corpora stored with this session (none where nothing is stored). */
  async storedCorpora(): Promise<StoredCorpus[]> {
    await this.started;
    if (this.closed || !this.db || !this.record) return [];
    return this.db.corpora<StoredCorpus>(this.id);
  }

  async saveCorpora(corpora: StoredCorpus[]): Promise<void> {
    if (this.closed || (corpora.length === 0 && !this.record)) return;
    await this.enqueue(async () => {
      await this.ensureRecord();
      // Reports hold their exact n-gram runs in shared memory, which IndexedDB does not take.
      await this.db!.putCorpora(
        this.id,
        corpora.map((c) => ({ ...c, report: unshared(c.report) })),
      );
      await this.writeRecord(); // the session's "updated" time
    }).catch((error: unknown) => this.failed(error));
    this.refreshEstimateSoon();
  }

  // Inside -----------------------------------------------------------------------------------------------

  /** Runs storage work after the work queued before it; the returned promise has its result. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const done = this.queue.then(work, work);
    this.queue = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  /** Puts a stored session back on the page: settings, then sources in their order. */
  private async restore(record: SessionRecord): Promise<void> {
    this.record = record;
    const settings = settingsFromRecord(record.editor);
    this.editor.config = settings.config;
    this.editor.seed = settings.seed;
    this.session.setScoredK(settings.scoredK);
    const dir = await folder(this.root!, sourcesDir(record.id), false);
    const kept: StoredSource[] = [];
    for (const source of record.sources) {
      if (source.kind === 'pasted') {
        this.session.addPastedText(source.text, source.name);
      } else {
        let file: File;
        try {
          if (!dir) throw new Error('its folder is gone');
          file = await readBlob(dir, source.file);
        } catch (error) {
          this.session.notices = [
            ...this.session.notices,
            {
              severity: 'warning',
              source: source.name,
              message: `${source.name} could not be restored from this device's storage: ${errorMessage(error)}`,
              hint: 'Add the file again; its saved scores are found by its text.',
            },
          ];
          continue;
        }
        void this.session.addFiles([new File([file], source.name, { type: file.type })]);
        const added = this.session.sources[this.session.sources.length - 1];
        if (source.field !== undefined) this.session.setField(added.id, source.field);
        if (source.instructions) this.session.setInstructions(added.id, true);
      }
      const added = this.session.sources[this.session.sources.length - 1];
      if (added) this.tracked.set(added.id, source);
      kept.push(source);
    }
    record.sources = kept;
    await this.restoreGenerations(record.id);
    if (record.run && !record.run.finished) {
      const name = await scoreFileName(record.run.key);
      const dir = await folder(this.root!, [...scoresDir(record.id), name], false);
      // Opened (and indexed) once here: the Score click that continues the run reads the index.
      const run = { key: record.run.key, label: record.run.modelLabel };
      const saved = dir ? await this.shelfFiles.count(run) : 0;
      this.interrupted = { ...record.run, saved };
    }
  }

  /** The generations an earlier page ran, back in the editor's table (a file that cannot be read is told). */
  private async restoreGenerations(id: string): Promise<void> {
    const dir = await folder(this.root!, sessionDir(id), false);
    if (!dir || !(await entryNames(dir)).includes(GENERATIONS_FILE)) return;
    try {
      const { rows, texts, model } = decodeGenerations(await (await readBlob(dir, GENERATIONS_FILE)).text());
      // Scored by a model of an earlier page: no epoch of this page's is theirs (watch() hands them to the
      // same model once it is loaded again).
      this.editor.generations = {
        running: false,
        done: rows.length,
        total: rows.length,
        rows,
        error: '',
        epoch: -1,
        model,
      };
      this.editor.generationTexts = texts;
      this.generationsSaved = rows;
    } catch (error) {
      this.editor.generations = {
        ...this.editor.generations,
        error: `The generations saved on this device could not be read back (${errorMessage(error)}); run them again.`,
      };
    }
  }

  /** Writes the editor's generations once a run ends (an empty table deletes the file). */
  private async saveGenerations(generations: StoredGenerations): Promise<void> {
    if (this.closed || generations.rows === this.generationsSaved) return;
    if (!this.record && generations.rows.length === 0) return;
    this.generationsSaved = generations.rows;
    await this.enqueue(async () => {
      await this.ensureRecord();
      const dir = (await folder(this.root!, sessionDir(this.id), true))!;
      if (generations.rows.length === 0) await removeEntry(dir, GENERATIONS_FILE);
      else await writeBlob(dir, GENERATIONS_FILE, new Blob([encodeGenerations(generations)]));
    }).catch((error: unknown) => this.failed(error));
  }

  /** Follows the page: sources added, removed or read with another field; the editor's settings. */
  private watch(): void {
    $effect.root(() => {
      $effect(() => {
        // A held source is not in the corpus yet (its selection may still be refused): nothing is copied.
        const sources = this.session.sources
          .filter((s) => !s.held)
          .map((s) => ({
            id: s.id,
            name: s.name,
            kind: s.kind,
            file: s.file,
            field: s.field,
            instructions: s.instructions,
            text: s.file ? '' : (s.documents[0]?.text ?? ''),
          }));
        untrack(() => void this.syncSources(sources));
      });
      $effect(() => {
        if (this.editor.generations.running) return;
        const generations = {
          rows: this.editor.generations.rows,
          texts: this.editor.generationTexts,
          model: this.editor.generations.model,
        };
        untrack(() => void this.saveGenerations(generations));
      });
      $effect(() => {
        // Restored generations count as another model's until the model that scored them (by its label)
        // is loaded again; then they are this model's, as if just run.
        const model = this.session.model;
        const g = this.editor.generations;
        if (model.status !== 'ready' || g.epoch !== -1 || g.model === '' || g.model !== model.label) return;
        const epoch = this.session.modelEpoch;
        untrack(() => (this.editor.generations = { ...g, epoch }));
      });
      $effect(() => {
        const settings: EditorSettings = {
          config: $state.snapshot(this.editor.config) as ToEditConfig,
          seed: this.editor.seed,
          scoredK: this.session.scoredK,
        };
        untrack(() => {
          if (this.settingsTimer) clearTimeout(this.settingsTimer);
          this.settingsTimer = setTimeout(() => void this.saveSettings(settings), SETTINGS_DELAY_MS);
        });
      });
    });
  }

  private async saveSettings(settings: EditorSettings): Promise<void> {
    if (this.closed || !this.record) return;
    await this.enqueue(async () => {
      if (!this.record) return;
      this.record.editor = settings;
      await this.writeRecord();
    }).catch((error: unknown) => this.failed(error));
  }

  private async syncSources(live: LiveSource[]): Promise<void> {
    if (this.closed) return;
    const removed = [...this.tracked.keys()].filter((id) => !live.some((s) => s.id === id));
    const copies: { name: string; blob: Blob }[] = [];
    let changed = removed.length > 0;
    for (const s of live) {
      const known = this.tracked.get(s.id);
      if (known) {
        if (known.kind === 'file' && s.field !== undefined && known.field !== s.field) {
          this.tracked.set(s.id, { ...known, field: s.field });
          changed = true;
        }
        if (known.kind === 'file' && (known.instructions ?? false) !== s.instructions) {
          const { instructions: _, ...rest } = this.tracked.get(s.id) as typeof known;
          this.tracked.set(s.id, s.instructions ? { ...rest, instructions: true } : rest);
          changed = true;
        }
        continue;
      }
      if (s.file) {
        const name = crypto.randomUUID();
        copies.push({ name, blob: s.file });
        this.tracked.set(s.id, {
          kind: 'file',
          name: s.name,
          format: s.kind,
          field: s.field,
          ...(s.instructions ? { instructions: true } : {}),
          file: name,
          bytes: s.file.size,
        });
      } else this.tracked.set(s.id, { kind: 'pasted', name: s.name, text: s.text });
      changed = true;
    }
    const gone = removed.map((id) => this.tracked.get(id)!);
    for (const id of removed) this.tracked.delete(id);
    if (!changed) return;
    const sources = live.map((s) => this.tracked.get(s.id)!);
    await this.enqueue(async () => {
      if (sources.length === 0 && !this.record) return;
      const record = await this.ensureRecord();
      const dir = (await folder(this.root!, sourcesDir(this.id), true))!;
      for (const copy of copies) await writeBlob(dir, copy.name, copy.blob);
      for (const g of gone) if (g.kind === 'file') await removeEntry(dir, g.file);
      record.sources = sources;
      record.name = sessionName(sources);
      await this.writeRecord();
    }).catch((error: unknown) => this.failed(error));
    await this.refresh();
  }

  /** The session's record, created (and made the current session) on first need. */
  private async ensureRecord(): Promise<SessionRecord> {
    if (this.record) return this.record;
    this.db ??= await SessionDb.open();
    const now = Date.now();
    this.record = {
      id: this.id,
      name: 'empty session',
      created: now,
      updated: now,
      sources: [],
      editor: {
        config: $state.snapshot(this.editor.config) as ToEditConfig,
        seed: this.editor.seed,
        scoredK: this.session.scoredK,
      },
      run: null,
    };
    await this.db.setCurrent(this.id);
    await this.db.put($state.snapshot(this.record) as SessionRecord);
    return this.record;
  }

  private async writeRecord(): Promise<void> {
    if (!this.record || this.closed) return;
    this.record.updated = Date.now();
    this.db ??= await SessionDb.open();
    await this.db.put($state.snapshot(this.record) as SessionRecord);
  }

  private failed(error: unknown): void {
    this.problem = `Saving on this device failed: ${errorMessage(error)}. What is on the page is not lost; export it to keep it.`;
  }

  /** The stored sessions and the storage estimate, for the panel. Never rejects. */
  async refresh(): Promise<void> {
    try {
      await this.listSessions();
    } catch (error) {
      this.failed(error);
    }
  }

  private async listSessions(): Promise<void> {
    if (this.db) {
      const all = await this.db.all();
      // In the queue: no file is written or cut while it is measured.
      const sizes = await this.enqueue(() => Promise.all(all.map((r) => this.sessionBytes(r))));
      this.sessions = all
        .map((r, i) => ({
          id: r.id,
          name: r.name,
          updated: r.updated,
          current: r.id === this.id,
          ...sizes[i],
        }))
        .sort((a, b) => b.updated - a.updated);
    } else this.sessions = [];
    const runs = this.root && (await folder(this.root, [CORPUS_RUN_DIR], false));
    const outputs = runs && (await folder(runs, [CORPUS_RUN_OUTPUTS], false));
    const outputBytes = outputs ? await folderBytes(outputs) : 0;
    this.corpusRuns = { scoreBytes: (runs ? await folderBytes(runs) : 0) - outputBytes, outputBytes };
    const estimate = await navigator.storage.estimate?.();
    if (estimate) this.estimate = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
  }

  /** What a stored session takes on this device: its documents and its scores. */
  private async sessionBytes(record: SessionRecord): Promise<{ documentBytes: number; scoreBytes: number }> {
    const pasted = record.sources.reduce((n, s) => n + (s.kind === 'pasted' ? utf8Length(s.text) : 0), 0);
    const sources = this.root && (await folder(this.root, sourcesDir(record.id), false));
    const scores = this.root && (await folder(this.root, scoresDir(record.id), false));
    return {
      documentBytes: pasted + (sources ? await folderBytes(sources) : 0),
      scoreBytes: scores ? await folderBytes(scores) : 0,
    };
  }

  private estimateTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshEstimateSoon(): void {
    this.estimateTimer ??= setTimeout(() => {
      this.estimateTimer = null;
      void this.refresh();
    }, 1000);
  }
}

const shelfModels = new WeakMap<LoadedModel, Promise<ShelfModel>>();

/** The model's score key and label, worked out once per loaded model (a folder or n-gram key hashes its files). */
function shelfModelOf(model: LoadedModel): Promise<ShelfModel> {
  let found = shelfModels.get(model);
  if (!found) {
    found = scoreKeyOf(model).then((key) => ({ key, label: model.label }));
    shelfModels.set(model, found);
    found.catch(() => shelfModels.delete(model));
  }
  return found;
}

/** The key a model's scores are filed under (score-key.ts). */
export async function scoreKeyOf(model: LoadedModel): Promise<ScoreKey> {
  return {
    modelId: model.info.modelId,
    revision: await revisionOf(model.source),
    dtype: model.info.dtype,
    device: model.info.device,
    k: model.k,
  };
}

/** What names the model files' version: the source says what it can. */
async function revisionOf(source: ModelSource): Promise<string> {
  switch (source.kind) {
    case 'bundled':
      return 'bundled';
    case 'hub':
      return `${source.host} main`;
    case 'folder': {
      const files = Object.entries(source.files)
        .map(([path, blob]) => `${path}:${blob.size}:${(blob as Partial<File>).lastModified ?? ''}`)
        .sort()
        .join('\n');
      return `folder ${hashHex(await contentHash(files))}`;
    }
    case 'ngram':
      return `ngram ${hashHex(await contentHash(`${source.order}\n${source.texts.join('\u0000')}`))}`;
  }
}

/** The model as the page can load it again by itself, or null (a folder or n-gram prior is picked again). */
export function storedModel(model: LoadedModel): StoredModel | null {
  const { source } = model;
  const device = model.device === 'webgpu' ? 'webgpu' : 'wasm';
  if (source.kind === 'bundled')
    return { source: { kind: 'bundled', id: source.id }, device, dtype: model.dtype, label: model.label };
  if (source.kind === 'hub')
    return {
      source: { kind: 'hub', id: source.id, host: source.host },
      device,
      dtype: model.dtype,
      label: model.label,
    };
  return null;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
