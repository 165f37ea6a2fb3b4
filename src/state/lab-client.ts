import * as Comlink from 'comlink';
import type { GenerationText, LabWorkerApi } from '../../workers/lab.worker';
import type { LabFrame, RunOutcome } from '../lib/lab/runner';
import type { Params } from '../lib/lab/simulation';
import type { VerifierData } from '../lib/lab/verifier-file';

export type ClientOutcome = RunOutcome | { status: 'superseded' };

/**
 * The page's handle on the lab worker. The newest run wins: starting one tells the older run to stop (a
 * shared flag it polls at each partial result) and drops its late frames and answer. If the older run
 * does not stop within `grace` ms (a simulation that reports no partial results, or no shared memory
 * because the page is not cross-origin isolated), the worker is ended and the newest run re-sent to a
 * fresh one.
 */
export class LabClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<LabWorkerApi> | null = null;
  private readonly flag: Int32Array | null;
  private latest = 0;
  /** Runs sent to the current worker and not yet answered. */
  private busy = 0;
  private generation = 0;
  private onRestart: (() => void)[] = [];
  /** The corpus "collapse on your own text" runs on, re-sent to a fresh worker. */
  private corpus: { key: string; texts: string[]; name: string } | null = null;
  private corpusSent = '';
  /** The learner's verifier file, likewise. */
  private verifier: { key: string; data: VerifierData } | null = null;
  private verifierSent = '';

  constructor(private readonly grace = 1500) {
    this.flag =
      typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
        ? new Int32Array(new SharedArrayBuffer(4))
        : null;
  }

  private connect(): Comlink.Remote<LabWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), { type: 'module' });
      this.api = Comlink.wrap<LabWorkerApi>(this.worker);
      if (this.flag) void this.api.share(this.flag.buffer as SharedArrayBuffer);
      this.corpusSent = '';
      this.verifierSent = '';
    }
    if (this.verifier && this.verifierSent !== this.verifier.key) {
      void this.api.setVerifierData(this.verifier.data);
      this.verifierSent = this.verifier.key;
    }
    if (this.corpus && this.corpusSent !== this.corpus.key) {
      void this.api.setCorpus(this.corpus.texts, this.corpus.name);
      this.corpusSent = this.corpus.key;
    }
    return this.api;
  }

  /** Ends the worker (and whatever it was running); the next run starts a fresh one. */
  private restart(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.api = null;
    this.worker = null;
    this.busy = 0;
    this.generation++;
    const waiting = this.onRestart;
    this.onRestart = [];
    for (const resolve of waiting) resolve();
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
      if (!this.flag) this.restart();
      else this.watch(token, this.generation);
    }
    while (token === this.latest) {
      const api = this.connect();
      const generation = this.generation;
      let wake = () => {};
      const restarted = new Promise<'restarted'>((resolve) => (wake = () => resolve('restarted')));
      this.onRestart.push(wake);
      this.busy++;
      // Frames come through their own channel and can arrive after the answer: drop those.
      let answered = false;
      const answer = api.run(
        { simId, params, seed, token },
        Comlink.proxy((frame: LabFrame) => {
          if (token === this.latest && !answered) onFrame(frame);
        }),
      );
      const outcome = await Promise.race([answer, restarted]).catch((error: unknown): RunOutcome => ({
        status: 'failed',
        error: String(error),
      }));
      answered = true;
      if (outcome === 'restarted') continue; // re-sent to the fresh worker while still the newest
      this.onRestart = this.onRestart.filter((w) => w !== wake);
      if (generation === this.generation) this.busy--;
      return token === this.latest ? outcome : { status: 'superseded' };
    }
    return { status: 'superseded' };
  }

  /** Ends the worker if the run `token` is still waiting behind an older one after the grace period. */
  private watch(token: number, generation: number): void {
    setTimeout(() => {
      if (token === this.latest && generation === this.generation && this.busy > 1) this.restart();
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
    return this.connect().generationText(generation, maxChars);
  }

  /** Stops the current run (if any) without starting another. */
  cancel(): void {
    const token = ++this.latest;
    if (this.flag) Atomics.store(this.flag, 0, token);
    else if (this.busy > 0) this.restart();
  }

  dispose(): void {
    this.latest++;
    this.restart();
  }
}
