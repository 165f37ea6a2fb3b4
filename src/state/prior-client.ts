import * as Comlink from 'comlink';
import type { LoadProgress, LoadedPrior, PriorWorkerApi } from '../lib/scoring/prior-worker-api';
import type { ModelSource } from '../lib/scoring/models/source';
import type { Device, ScoringProgress } from '../lib/scoring/prior';
import type { DocumentScores } from '../lib/scoring/scores';
import type { GpuCapabilities } from '../lib/scoring/transformers/gpu';
import {
  connectWorker,
  isAbort,
  untilAborted,
  WorkerGone,
  type WorkerConnection,
} from '../lib/worker/worker-connection';

/**
 * A cancelled scoring call stops at its next checkpoint, after the forward pass running. If it has not
 * stopped within this time (one long pass, or tokenizing a very long document, which has no checkpoint),
 * its worker is ended instead, so a cancel always lands within a second.
 */
export const CANCEL_GRACE_MS = 400;

/** Why the worker was replaced by a fresh one; whatever model it held is gone. */
export type RestartReason = 'cancel' | 'model-error' | 'crashed' | 'requested';

export interface PriorRestart {
  reason: RestartReason;
  message: string;
}

export interface PriorClientOptions {
  /** Starts a worker (default: workers/prior.worker.ts; unit tests pass fake workers). */
  spawn?: () => WorkerConnection<PriorWorkerApi>;
  cancelGraceMs?: number;
}

/**
 * Pauses a scoring call where it stands (at its next checkpoint, within a document too) and lets it go on.
 * The caller flips it; the client tells the worker.
 */
export class PauseSwitch {
  private value = false;
  private readonly listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.value;
  }

  set(paused: boolean): void {
    if (paused === this.value) return;
    this.value = paused;
    for (const listener of [...this.listeners]) listener(paused);
  }

  listen(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface ScoreOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScoringProgress) => void;
  /** Holds the call at its next checkpoint while on. */
  pause?: PauseSwitch;
  /** Called when the worker holds the call after a pause (not if the call finished first). */
  onHeld?: () => void;
}

/** Conversations for the chat template: each a list of messages. */
export type RenderedChatRequest = { role: string; content: string }[][];
/** Per conversation its rendering or the template's error; null when the model has no chat template. */
export type RenderedChat = (string | { error: string })[] | null;

export function browserPriorWorker(): WorkerConnection<PriorWorkerApi> {
  const worker = new Worker(new URL('../../workers/prior.worker.ts', import.meta.url), { type: 'module' });
  return connectWorker<PriorWorkerApi>(worker, 'the prior worker');
}

/**
 * The owner of one prior worker. Loads and scoring calls reach the worker one at a time: a call waits until
 * the worker has really finished the previous one (answered, failed, stopped at a checkpoint, or been ended),
 * so a model is never replaced under a running pass. Each call takes its own AbortSignal.
 *
 * Any model error leaves transformers.js broken inside that worker (runtime.md), so a failed call replaces
 * the worker with a fresh one; so does a crash. Either way `onRestart` listeners hear it: the model is gone.
 */
export class PriorClient {
  private connection: WorkerConnection<PriorWorkerApi>;
  private readonly spawn: () => WorkerConnection<PriorWorkerApi>;
  private readonly grace: number;
  /** Settles when the worker has finished every call given to it so far. */
  private turns: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly listeners = new Set<(restart: PriorRestart) => void>();
  /** WASM threads the worker's runtime started with (it cannot change them): null until its first model. */
  private workerThreads: number | null = null;

  constructor(options: PriorClientOptions = {}) {
    this.spawn = options.spawn ?? browserPriorWorker;
    this.grace = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.connection = this.open();
  }

  private open(): WorkerConnection<PriorWorkerApi> {
    this.workerThreads = null;
    const connection = this.spawn();
    connection.onGone((gone) => {
      if (gone.kind !== 'terminated' && connection === this.connection) this.replace('crashed', gone.message);
    });
    return connection;
  }

  /** Ends the worker, starts a fresh one, and tells the listeners. */
  private replace(reason: RestartReason, message: string): void {
    const old = this.connection;
    this.connection = this.open();
    old.terminate(`was ended (${message})`);
    for (const listener of [...this.listeners]) listener({ reason, message });
  }

  /** Hears every replacement of the worker (the model it held is gone). */
  onRestart(listener: (restart: PriorRestart) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the worker (and whatever it was doing) and starts a fresh one. */
  restart(): void {
    this.replace('requested', 'the prior worker was restarted');
  }

  /** Ends the worker for good (a short-lived second worker, e.g. the self-test's). */
  dispose(): void {
    this.connection.terminate('was closed');
  }

  /** Waits until the worker has finished its earlier calls; returns what ends this call's turn. */
  private async turn(signal: AbortSignal | undefined): Promise<() => void> {
    const previous = this.turns;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.turns = previous.then(() => done);
    try {
      await untilAborted(previous, signal);
      signal?.throwIfAborted(); // also when it fired just as the turn came
    } catch (error) {
      release(); // cancelled while waiting: the worker never saw this call
      throw error;
    }
    return release;
  }

  /**
   * After `answer` settles: a model error (not a cancel, not a dead worker) leaves the worker unusable.
   * Never rejects: the caller has the answer itself.
   */
  private afterAnswer(answer: Promise<unknown>, connection: WorkerConnection<PriorWorkerApi>): Promise<void> {
    return answer.then(
      () => {},
      (error: unknown) => {
        if (isAbort(error) || error instanceof WorkerGone || connection !== this.connection) return;
        this.replace('model-error', errorMessage(error));
      },
    );
  }

  detectGpu(): Promise<GpuCapabilities> {
    return this.connection.call((api) => api.detectGpu());
  }

  /**
   * Lends the loaded model to another worker for as long as `use` runs: a MessageChannel to the same API
   * (prior-worker-api `connect`). It takes a turn, so the page's own calls wait until the borrower is done.
   */
  async lend<T>(use: (port: MessagePort) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.turn(signal);
    try {
      const channel = new MessageChannel();
      await this.connection.call((api) => api.connect(Comlink.transfer(channel.port2, [channel.port2])));
      return await use(channel.port1);
    } finally {
      release();
    }
  }

  /**
   * Loads a model; aborting ends the worker at once (a download cannot stop between passes). `threads` is
   * the WASM thread count: a worker whose runtime already runs another count is replaced by a fresh one.
   */
  async load(
    source: ModelSource,
    device: Device,
    dtype: string,
    onProgress: (p: LoadProgress) => void,
    signal?: AbortSignal,
    threads?: number,
  ): Promise<LoadedPrior> {
    const release = await this.turn(signal);
    const neural = source.kind !== 'ngram';
    if (neural && threads !== undefined && this.workerThreads !== null && this.workerThreads !== threads)
      this.replace(
        'requested',
        `the prior worker was restarted to run ${threads} WASM thread${threads === 1 ? '' : 's'}`,
      );
    const connection = this.connection;
    const onAbort = () => {
      if (connection === this.connection) this.replace('requested', 'loading was cancelled');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const answer = connection
      .call((api) => api.load(source, device, dtype, Comlink.proxy(onProgress), { threads }))
      .then((loaded) => {
        if (neural && connection === this.connection) this.workerThreads = loaded.threads;
        return loaded;
      });
    void this.afterAnswer(answer, connection).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      release();
    });
    return untilAborted(answer, signal);
  }

  /**
   * Scores documents; results in input order. `onProgress` hears tokens and bytes within the call, so a long
   * document shows progress; `pause` holds it after the pass running. Aborting rejects at once; the worker
   * stops after its running pass, or is ended after CANCEL_GRACE_MS, and the next call waits for that.
   */
  async score(texts: string[], k: number, options: ScoreOptions = {}): Promise<DocumentScores[]> {
    const { signal, onProgress, pause } = options;
    const release = await this.turn(signal);
    const connection = this.connection;
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      connection.call((api) => api.cancel(id)).catch(() => {}); // a dead worker has stopped anyway
      timer = setTimeout(() => {
        if (connection === this.connection)
          this.replace('cancel', `scoring was cancelled and did not stop within ${this.grace} ms`);
      }, this.grace);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const answer = connection.call((api) =>
      api.score(id, texts, k, onProgress && Comlink.proxy((p: ScoringProgress) => onProgress(p))),
    );
    // Sent after the call, so the worker sees them in order; a held call reports back through onHeld.
    const onPause = (paused: boolean) => {
      if (!paused) return void connection.call((api) => api.resume(id)).catch(() => {});
      connection
        .call((api) => api.pause(id))
        .then((held) => held && pause?.paused && options.onHeld?.())
        .catch(() => {});
    };
    const unlisten = pause?.listen(onPause);
    if (pause?.paused) onPause(true);
    void this.afterAnswer(answer, connection).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      unlisten?.();
      release();
    });
    return untilAborted(answer, signal);
  }

  /**
   * Each conversation through the loaded tokenizer's chat template (null: the model has none), per
   * conversation its text or the template's error. Rendering is quick and has no checkpoint: it takes its
   * turn like any call, so it never runs against a model being replaced.
   */
  async renderChat(conversations: RenderedChatRequest, signal?: AbortSignal): Promise<RenderedChat> {
    const release = await this.turn(signal);
    const answer = this.connection.call((api) => api.renderChat(conversations));
    void answer.then(release, release);
    return untilAborted(answer, signal);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
