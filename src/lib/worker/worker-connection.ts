/**
 * The one way the page talks to a worker. Comlink alone leaves a call pending for ever when its worker dies
 * (it could not start, threw outside a call, ran out of memory, was terminated): a connection rejects every
 * call it holds instead, with a message that says which worker stopped and why, and tells its owner.
 */
import * as Comlink from 'comlink';

/** What a connection needs of a worker: comlink's endpoint and terminate. A DOM `Worker` is one. */
export interface WorkerPort extends Comlink.Endpoint {
  terminate(): void;
}

/** How a worker ended: it crashed (an `error` event), sent what could not be read, or was ended on purpose. */
export type GoneKind = 'crashed' | 'unreadable' | 'terminated';

/** The worker a call was made to is gone; the call cannot be answered. */
export class WorkerGone extends Error {
  override name = 'WorkerGone';
  constructor(
    message: string,
    readonly kind: GoneKind,
  ) {
    super(message);
  }
}

/** The rejection of a call whose AbortSignal fired (the signal's reason, else an AbortError). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was cancelled.', 'AbortError');
}

/** Whether an error is a cancellation (an AbortError, however it reached us: also rebuilt by comlink). */
export function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself runs on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

export class WorkerConnection<Api> {
  private gone: WorkerGone | null = null;
  /** Rejecters of the calls made and not yet answered. */
  private readonly pending = new Set<(error: unknown) => void>();
  private readonly listeners = new Set<(gone: WorkerGone) => void>();

  /**
   * @param api the worker's API (a comlink proxy, or anything answering the same calls)
   * @param end ends the worker; called once, when it is terminated or found dead
   * @param name the worker in words, starting a message ("the prior worker")
   */
  constructor(
    readonly api: Comlink.Remote<Api>,
    private readonly end: () => void,
    readonly name: string,
  ) {}

  get alive(): boolean {
    return this.gone === null;
  }

  /**
   * One call: its answer, or a rejection when the worker dies first (WorkerGone) or `signal` aborts (the
   * signal's reason). Aborting only stops waiting: telling the worker to stop is the caller's business.
   */
  call<T>(invoke: (api: Comlink.Remote<Api>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    let answer: Promise<T>;
    try {
      answer = invoke(this.api);
    } catch (error) {
      return Promise.reject(error);
    }
    return untilAborted(
      new Promise<T>((resolve, reject) => {
        this.pending.add(reject);
        answer.then(
          (value) => (this.pending.delete(reject), resolve(value)),
          (error: unknown) => (this.pending.delete(reject), reject(error)),
        );
      }),
      signal,
    );
  }

  /** Called once with how the worker ended (not when it already had). */
  onGone(listener: (gone: WorkerGone) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the worker on purpose; every pending call rejects with "<name> <why>". */
  terminate(why = 'was stopped'): void {
    this.die(why, 'terminated');
  }

  /** The worker is dead or unusable: end it, reject every pending call, tell the listeners. */
  die(why: string, kind: GoneKind): void {
    if (this.gone) return;
    const gone = new WorkerGone(`${this.name} ${why}`, kind);
    this.gone = gone;
    try {
      this.end();
    } finally {
      for (const reject of [...this.pending]) reject(gone);
      this.pending.clear();
      for (const listener of [...this.listeners]) listener(gone);
      this.listeners.clear();
    }
  }
}

/** A comlink connection to `port`, which dies with the worker's `error` and `messageerror` events. */
export function connectWorker<Api>(port: WorkerPort, name: string): WorkerConnection<Api> {
  const api = Comlink.wrap<Api>(port);
  const connection = new WorkerConnection<Api>(
    api,
    () => {
      api[Comlink.releaseProxy]();
      port.terminate();
    },
    name,
  );
  port.addEventListener('error', (event) => {
    // Handled here (the user is told through the calls that fail), so not reported again as the page's own.
    event.preventDefault?.();
    const message = (event as Event & { message?: unknown }).message;
    connection.die(
      typeof message === 'string' && message !== ''
        ? `stopped: ${message}`
        : 'stopped unexpectedly (it could not start, or it crashed, e.g. out of memory)',
      'crashed',
    );
  });
  port.addEventListener('messageerror', () =>
    connection.die('sent a message that could not be read', 'unreadable'),
  );
  return connection;
}
