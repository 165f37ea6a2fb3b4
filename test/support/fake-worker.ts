/**
 * Workers for unit tests of the page's clients: the worker's API object runs in this thread behind a
 * MessageChannel, so every call takes the real comlink message path (proxied callbacks, transfers), and the
 * test decides when the worker answers (deferred promises), crashes or sends an unreadable message.
 */
import * as Comlink from 'comlink';
import {
  connectWorker,
  type WorkerConnection,
  type WorkerPort,
} from '../../src/lib/worker/worker-connection';

/** A promise the test settles by hand, so the order of answers is chosen. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

/** Lets every message and promise callback that is already due run (comlink answers take a few hops). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeWorker extends EventTarget implements WorkerPort {
  terminated = false;
  private readonly page: MessagePort;
  private readonly inside: MessagePort;

  constructor(api: object) {
    super();
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, port1);
    this.inside = port1;
    this.page = port2;
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.page.postMessage(message, transfer);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    // Comlink's answers arrive on the page's port; error events are dispatched on this object.
    if (type === 'message') this.page.addEventListener(type, listener as EventListener);
    else super.addEventListener(type, listener);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.page.removeEventListener(type, listener as EventListener);
    else super.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.page.close();
    this.inside.close();
  }

  /** What a worker that throws outside a call (or runs out of memory) does: an `error` event. */
  crash(message = ''): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }

  /** A message the page could not deserialize. */
  garble(): void {
    this.dispatchEvent(new Event('messageerror'));
  }
}

/**
 * A spawn function for a client: each call starts a FakeWorker over `makeApi()`; `workers` lists them in
 * order, so a test can reach the current one, crash it, or see that a fresh one was started.
 */
export function fakeSpawner<Api extends object>(makeApi: () => Api, name = 'the test worker') {
  const workers: { worker: FakeWorker; api: Api }[] = [];
  const spawn = (): WorkerConnection<Api> => {
    const api = makeApi();
    const worker = new FakeWorker(api);
    workers.push({ worker, api });
    return connectWorker<Api>(worker, name);
  };
  return {
    spawn,
    workers,
    get latest() {
      return workers[workers.length - 1];
    },
  };
}
