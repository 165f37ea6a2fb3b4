import type { LoadProgress, LoadedPrior } from '../lib/scoring/prior-worker-api';
import type { ModelSource } from '../lib/scoring/models/source';
import type { Device } from '../lib/scoring/prior';
import type { DocumentScores } from '../lib/scoring/scores';
import type {
  PriorClient,
  RenderedChat,
  RenderedChatRequest,
  RestartReason,
  ScoreOptions,
} from './prior-client';

/** The model a call was for is no longer loaded (another was loaded, or its worker was lost). */
export class ModelChanged extends Error {
  override name = 'ModelChanged';
}

/** An answer with the epoch of the model that produced it. */
export interface FromModel<T> {
  epoch: number;
  value: T;
}

/** The loaded model's worker was replaced: the model of `epoch` is gone. */
export interface ModelLost {
  epoch: number;
  reason: RestartReason;
  message: string;
}

export interface ScoreCall extends ScoreOptions {
  /** Score with this model only: reject with ModelChanged if another one is loaded (default: the current). */
  epoch?: number;
}

/**
 * The one owner of the page's prior model. Every load starts a new epoch; every answer carries the epoch
 * of the model that produced it and is dropped (ModelChanged) when that model is no longer the current one.
 *
 * Loading stops the running work first: every scoring call of the old model (the Text page's run, the
 * editor's generations, the Statistics page's re-scoring) rejects with ModelChanged, keeping what it had
 * finished, and the new model loads once the worker is free. A lost worker is reported through `onLost`;
 * what becomes of the model state is the session's decision.
 */
export class PriorService {
  /** The epoch of the model ready in the worker; 0 while none is (nothing loaded, loading, or lost). */
  private current = 0;
  private latest = 0;
  /** Scoring calls of the current model, queued or running. */
  private readonly work = new Set<AbortController>();
  private loading: AbortController | null = null;
  private readonly lostListeners = new Set<(lost: ModelLost) => void>();

  constructor(readonly client: PriorClient) {
    client.onRestart((restart) => {
      const epoch = this.current;
      if (epoch === 0) return; // no model was ready: a load on its way hears it through its own call
      this.current = 0;
      // The calls of the lost model fail with why it was lost (not ModelChanged: nothing replaced it).
      this.stopWork(new Error(restart.message));
      for (const listener of [...this.lostListeners]) listener({ epoch, ...restart });
    });
  }

  /** The current model's epoch (0: none ready). */
  get epoch(): number {
    return this.current;
  }

  onLost(listener: (lost: ModelLost) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private stopWork(reason: Error): void {
    for (const controller of [...this.work]) controller.abort(reason);
  }

  /** Stops the running work, then loads; a newer load supersedes this one (ModelChanged). */
  async load(
    source: ModelSource,
    device: Device,
    dtype: string,
    options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal; threads?: number } = {},
  ): Promise<FromModel<LoadedPrior>> {
    const superseded = new ModelChanged('another model is being loaded');
    this.stopWork(superseded);
    this.loading?.abort(superseded);
    const controller = new AbortController();
    this.loading = controller;
    const epoch = ++this.latest;
    this.current = 0;
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    try {
      const value = await this.client.load(
        source,
        device,
        dtype,
        options.onProgress ?? (() => {}),
        signal,
        options.threads,
      );
      if (epoch !== this.latest) throw superseded;
      this.current = epoch;
      return { epoch, value };
    } finally {
      if (this.loading === controller) this.loading = null;
    }
  }

  /** Scores with the current model (or `call.epoch`'s); the answer carries its epoch. */
  async score(texts: string[], k: number, call: ScoreCall = {}): Promise<FromModel<DocumentScores[]>> {
    const onProgress = call.onProgress;
    return this.withModel(call, 'scoring', (epoch, signal) =>
      this.client.score(texts, k, {
        ...call,
        signal,
        onProgress: onProgress && ((p) => this.current === epoch && onProgress(p)),
      }),
    );
  }

  /**
   * Runs `work` on the current model (or `call.epoch`'s: ModelChanged when another is loaded), stopped by
   * a load or a loss; an answer that arrives after another model was loaded is dropped.
   */
  private async withModel<T>(
    call: { epoch?: number; signal?: AbortSignal },
    doing: string,
    work: (epoch: number, signal: AbortSignal) => Promise<T>,
  ): Promise<FromModel<T>> {
    const epoch = this.current;
    if (epoch === 0) throw new ModelChanged('no model is loaded: load one first');
    if (call.epoch !== undefined && call.epoch !== epoch)
      throw new ModelChanged('another model was loaded since this work started');
    const controller = new AbortController();
    this.work.add(controller);
    const signal = call.signal ? AbortSignal.any([call.signal, controller.signal]) : controller.signal;
    try {
      const value = await work(epoch, signal);
      if (epoch !== this.current)
        throw new ModelChanged(`the model changed while ${doing}; its answer was dropped`);
      return { epoch, value };
    } finally {
      this.work.delete(controller);
    }
  }

  /**
   * Renders conversations with the current model's chat template (or `epoch`'s: ModelChanged when another
   * is loaded); a load meanwhile drops the answer, so a layout never comes from a model no longer loaded.
   */
  async renderChat(
    conversations: RenderedChatRequest,
    call: { epoch?: number; signal?: AbortSignal } = {},
  ): Promise<FromModel<RenderedChat>> {
    return this.withModel(call, 'rendering', (_epoch, signal) =>
      this.client.renderChat(conversations, signal),
    );
  }
}
