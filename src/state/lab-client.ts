import * as Comlink from 'comlink';
import type { GenerationText, LabWorkerApi } from '../lib/lab/lab-worker-api';
import type { LabFrame, RunOutcome } from '../lib/lab/runner';
import type { Params } from '../lib/lab/simulation';
import type { VerifierData } from '../lib/lab/sim5-verifier/verifier-file';
import { connectWorker, WorkerGone, type WorkerConnection } from '../lib/worker/worker-connection';

export type ClientOutcome = RunOutcome | { status: 'superseded' };

export interface LabClientOptions {
  /** Starts a worker (default: workers/lab.worker.ts; unit tests pass fake workers). */
  spawn?: () => WorkerConnection<LabWorkerApi>;
  /** How long a newer run waits behind an older one before the worker is ended (ms, default 1500). */
  grace?: number;
  /** Whether runs can be told to stop through shared memory (default: when the page is cross-origin isolated). */
  shared?: boolean;
}

function browserLabWorker(): WorkerConnection<LabWorkerApi> {
  const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module' });
  return connectWorker<LabWorkerApi>(worker, 'the lab worker');
}

/**
 * The page's handle on the lab worker. The newest run wins: starting one tells the older run to stop (a
 * shared flag it polls at each partial result) and drops its late frames and answer. If the older run
 * does not stop within `grace` ms (a simulation that reports no partial results, or no shared memory
 * because the page is not cross-origin isolated), the worker is ended and the newest run re-sent to a
 * fresh one. A worker that dies fails the run it held with the reason; the next run starts a fresh one.
 */
export class LabClient {
  private connection: WorkerConnection<LabWorkerApi> | null = null;
  private readonly spawn: () => WorkerConnection<LabWorkerApi>;
  private readonly grace: number;
  private readonly flag: Int32Array | null;
  private latest = 0;
  /** Runs sent to the current worker and not yet answered. */
  private busy = 0;
  /** The corpus "collapse on your own text" runs on, re-sent to a fresh worker. */
  private corpus: { key: string; texts: string[]; name: string } | null = null;
  private corpusSent = '';
  /** The learner's verifier file, likewise. */
  private verifier: { key: string; data: VerifierData } | null = null;
  private verifierSent = '';

  constructor(options: LabClientOptions = {}) {
    this.spawn = options.spawn ?? browserLabWorker;
    this.grace = options.grace ?? 1500;
    const shared =
      options.shared ?? (typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true);
    this.flag = shared ? new Int32Array(new SharedArrayBuffer(4)) : null;
  }

  private connect(): WorkerConnection<LabWorkerApi> {
    if (!this.connection?.alive) {
      this.connection = this.spawn();
      this.busy = 0;
      const flag = this.flag;
      if (flag) void this.send((api) => api.share(flag.buffer as SharedArrayBuffer));
      this.corpusSent = '';
      this.verifierSent = '';
    }
    const verifier = this.verifier;
    if (verifier && this.verifierSent !== verifier.key) {
      void this.send((api) => api.setVerifierData(verifier.data));
      this.verifierSent = verifier.key;
    }
    const corpus = this.corpus;
    if (corpus && this.corpusSent !== corpus.key) {
      void this.send((api) => api.setCorpus(corpus.texts, corpus.name));
      this.corpusSent = corpus.key;
    }
    return this.connection;
  }

  /** A call whose failure shows up in the run that follows it (same worker, messages in order); never rejects. */
  private send(invoke: (api: Comlink.Remote<LabWorkerApi>) => Promise<unknown>): Promise<unknown> {
    return this.connection!.call(invoke).catch(() => {});
  }

  /** Ends the worker (and whatever it was running); the next run starts a fresh one. */
  private restart(why: string): void {
    this.connection?.terminate(why);
    this.connection = null;
    this.busy = 0;
  }

  async run(
    simId: string,
    params: Params,
    seed: number,
    onFrame: (frame: LabFrame) => void,
  ): Promise<ClientOutcome> {
    const token = ++this.latest;
    if (this.flag) Atomics.store(this.flag, 0, token);
    if (this.busy > 0) {
      if (!this.flag) this.restart('was ended to start a newer run');
      else this.watch(token, this.connection);
    }
    while (token === this.latest) {
      const connection = this.connect();
      this.busy++;
      // Frames come through their own channel and can arrive after the answer: drop those.
      let answered = false;
      try {
        const outcome = await connection.call<RunOutcome>((api) =>
          api.run(
            { simId, params, seed, token },
            Comlink.proxy((frame: LabFrame) => {
              if (token === this.latest && !answered) onFrame(frame);
            }),
          ),
        );
        return token === this.latest ? outcome : { status: 'superseded' };
      } catch (error) {
        if (token !== this.latest) return { status: 'superseded' };
        // Ended to make way for this very run (see watch): re-send it to the fresh worker.
        if (error instanceof WorkerGone && error.kind === 'terminated') continue;
        return { status: 'failed', error: error instanceof Error ? error.message : String(error) };
      } finally {
        answered = true;
        if (connection === this.connection) this.busy--;
      }
    }
    return { status: 'superseded' };
  }

  /** Ends the worker if the run `token` is still waiting behind an older one after the grace period. */
  private watch(token: number, connection: WorkerConnection<LabWorkerApi> | null): void {
    setTimeout(() => {
      if (token === this.latest && connection === this.connection && this.busy > 1)
        this.restart('was ended: an older run did not stop in time for the newest');
    }, this.grace);
  }

  /** The documents "collapse on your own text" runs on; sent once per worker and key. */
  setCorpus(key: string, texts: string[], name: string): void {
    if (this.corpus?.key !== key) this.corpus = { key, texts, name };
  }

  /** The candidates the verifier lab's file view runs on; sent once per worker and key. */
  setVerifierData(key: string, data: VerifierData): void {
    this.verifier = { key, data };
  }

  /** Some of a generation's text from the newest n-gram collapse run (null before it exists). */
  generationText(generation: number, maxChars: number): Promise<GenerationText | null> {
    return this.connect().call((api) => api.generationText(generation, maxChars));
  }

  /** Stops the current run (if any) without starting another. */
  cancel(): void {
    const token = ++this.latest;
    if (this.flag) Atomics.store(this.flag, 0, token);
    else if (this.busy > 0) this.restart('was ended to cancel a run');
  }

  dispose(): void {
    this.latest++;
    this.restart('was closed');
  }
}
