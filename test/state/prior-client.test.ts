/**
 * The prior worker's owner with fake workers: one call at a time, cancellation per call (cooperative, or by
 * ending a worker that does not stop), a dead worker never hangs a call, and every answer carries the epoch
 * of the model that produced it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PriorClient, type PriorRestart } from '../../src/state/prior-client';
import { ModelChanged, PriorService } from '../../src/state/prior-service';
import { isAbort, WorkerGone } from '../../src/lib/worker/worker-connection';
import { deferred, settle } from '../support/fake-worker';
import { fakePriorWorkers, markOf, MODEL_A, MODEL_B } from '../support/fake-prior';

afterEach(() => {
  vi.useRealTimers();
});

function setup(cancelGraceMs = 400) {
  const fakes = fakePriorWorkers();
  const client = new PriorClient({ spawn: fakes.spawn, cancelGraceMs });
  const restarts: PriorRestart[] = [];
  client.onRestart((r) => restarts.push(r));
  return { fakes, client, restarts };
}

/** Where a promise stands once everything due has run. */
function track<T>(p: Promise<T>) {
  const seen: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  p.then(
    (value) => Object.assign(seen, { value, settled: true }),
    (error: unknown) => Object.assign(seen, { error, settled: true }),
  );
  return seen;
}

describe('PriorClient', () => {
  it('lends the model to another worker over a port, and its own calls wait until the borrower is done', async () => {
    const { fakes, client } = setup();
    const [w] = fakes.workers;
    const borrowed = deferred<string>();
    let port: MessagePort | null = null;
    const lent = client.lend((p) => {
      port = p;
      return borrowed.promise;
    });
    const scoring = track(client.score(['abc'], 8));
    await settle();
    expect(w.connected).toHaveLength(1); // the other end of the borrower's channel
    expect(port).toBeInstanceOf(MessagePort);
    expect(w.scores).toHaveLength(0); // the page's call waits for the lend to end
    borrowed.resolve('done');
    await expect(lent).resolves.toBe('done');
    await settle();
    expect(w.scores).toHaveLength(1);
    expect(scoring.settled).toBe(false);
    w.connected[0].close();
    port!.close();
  });

  it('gives the worker one call at a time: a load waits until the scoring before it has settled', async () => {
    const { fakes, client } = setup();
    const load = client.load(MODEL_A, 'wasm', 'fp32', () => {});
    await settle();
    const [w] = fakes.workers;
    fakes.finishLoad(w);
    await load;
    const scoring = client.score(['abc'], 8);
    const next = track(client.load(MODEL_B, 'wasm', 'fp32', () => {}));
    await settle();
    expect(w.scores).toHaveLength(1);
    expect(w.loads).toHaveLength(1); // B is not sent while the worker scores with A
    fakes.finishScore(w, w.scores[0]);
    expect((await scoring)[0].logprob[0]).toBeCloseTo(markOf('test/model-a'));
    await settle();
    expect(w.loads).toHaveLength(2);
    expect(next.settled).toBe(false);
  });

  it('cancels one call: it rejects at once, the worker is told, and the next call goes after it stopped', async () => {
    const { fakes, client, restarts } = setup();
    const [w] = fakes.workers;
    const controller = new AbortController();
    const first = track(client.score(['one'], 8, { signal: controller.signal }));
    const second = client.score(['two'], 8);
    await settle();
    expect(w.scores.map((s) => s.texts)).toEqual([['one']]);
    controller.abort();
    await settle();
    expect(isAbort(first.error)).toBe(true);
    expect(w.scores[0].cancelled).toBe(true);
    expect(w.scores.map((s) => s.texts)).toEqual([['one'], ['two']]);
    fakes.finishScore(w, w.scores[1]);
    expect((await second)[0].tokenIds).toHaveLength(3);
    expect(restarts).toEqual([]); // a cooperative stop keeps the worker and its model
  });

  it('drops a queued call that is cancelled before the worker sees it', async () => {
    const { fakes, client } = setup();
    const [w] = fakes.workers;
    const running = client.score(['one'], 8);
    const controller = new AbortController();
    const queued = track(client.score(['two'], 8, { signal: controller.signal }));
    controller.abort();
    await settle();
    expect(isAbort(queued.error)).toBe(true);
    fakes.finishScore(w, w.scores[0]);
    await running;
    await settle();
    expect(w.scores.map((s) => s.texts)).toEqual([['one']]);
  });

  it('ends a worker that does not stop within the grace period, and says why', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fakes, client, restarts } = setup(400);
    const [w] = fakes.workers;
    w.stopsOnCancel = false; // e.g. tokenizing a 20 MB document: no checkpoint to stop at
    const controller = new AbortController();
    const first = track(client.score(['long'], 8, { signal: controller.signal }));
    const next = client.score(['after'], 8);
    await settle();
    controller.abort();
    await settle();
    expect(isAbort(first.error)).toBe(true);
    expect(fakes.ports[0].worker.terminated).toBe(false);
    vi.advanceTimersByTime(399);
    await settle();
    expect(fakes.workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await settle();
    expect(fakes.ports[0].worker.terminated).toBe(true);
    expect(restarts).toEqual([
      { reason: 'cancel', message: expect.stringContaining('did not stop within 400 ms') },
    ]);
    // The call queued behind it goes to the fresh worker.
    const fresh = fakes.workers[1];
    expect(fresh.scores.map((s) => s.texts)).toEqual([['after']]);
    fakes.finishScore(fresh, fresh.scores[0]);
    await expect(next).resolves.toHaveLength(1);
  });

  it('rejects the call in flight when the worker dies, and starts a fresh one for the next', async () => {
    const { fakes, client, restarts } = setup();
    const call = track(client.score(['abc'], 8));
    await settle();
    fakes.ports[0].worker.crash('Uncaught RangeError: Array buffer allocation failed');
    await settle();
    expect(call.error).toBeInstanceOf(WorkerGone);
    expect((call.error as Error).message).toBe(
      'the prior worker stopped: Uncaught RangeError: Array buffer allocation failed',
    );
    expect(restarts.map((r) => r.reason)).toEqual(['crashed']);
    const again = client.score(['x'], 8);
    await settle();
    expect(fakes.workers[1].scores).toHaveLength(1);
    fakes.finishScore(fakes.workers[1], fakes.workers[1].scores[0]);
    await expect(again).resolves.toHaveLength(1);
  });

  it('replaces the worker after a model error (transformers.js stays broken in that realm)', async () => {
    const { fakes, client, restarts } = setup();
    const call = client.score(['abc'], 8);
    await settle();
    fakes.workers[0].scores[0].answer.reject(new Error('Non-zero status code returned while running Gather'));
    await expect(call).rejects.toThrow('Gather');
    await settle();
    expect(fakes.ports[0].worker.terminated).toBe(true);
    expect(fakes.workers).toHaveLength(2);
    expect(restarts.map((r) => r.reason)).toEqual(['model-error']);
  });

  it('ends the worker at once when a load is cancelled (a download has no checkpoint)', async () => {
    const { fakes, client } = setup();
    const controller = new AbortController();
    const load = track(client.load(MODEL_A, 'wasm', 'fp32', () => {}, controller.signal));
    await settle();
    controller.abort();
    await settle();
    expect(isAbort(load.error)).toBe(true);
    expect(fakes.ports[0].worker.terminated).toBe(true);
    expect(fakes.workers).toHaveLength(2);
  });
  it('starts a fresh worker when a load asks for another WASM thread count than its runtime runs', async () => {
    const { fakes, client, restarts } = setup();
    const first = client.load(MODEL_A, 'wasm', 'fp32', () => {}, undefined, 2);
    await settle();
    expect(fakes.workers[0].loads[0].threads).toBe(2);
    fakes.finishLoad(fakes.workers[0]);
    expect((await first).threads).toBe(2);

    // The same count: the same worker.
    const same = client.load(MODEL_B, 'wasm', 'fp32', () => {}, undefined, 2);
    await settle();
    expect(fakes.workers).toHaveLength(1);
    fakes.finishLoad(fakes.workers[0]);
    await same;

    // Another count: the runtime cannot change it, so the load goes to a new worker.
    const other = client.load(MODEL_A, 'wasm', 'fp32', () => {}, undefined, 1);
    await settle();
    expect(fakes.workers).toHaveLength(2);
    expect(fakes.ports[0].worker.terminated).toBe(true);
    expect(fakes.workers[1].loads[0].threads).toBe(1);
    expect(restarts).toEqual([
      { reason: 'requested', message: 'the prior worker was restarted to run 1 WASM thread' },
    ]);
    fakes.finishLoad(fakes.workers[1]);
    expect((await other).threads).toBe(1);

    // The n-gram prior runs no WASM: any count goes to the worker there is.
    const ngram = client.load(
      { kind: 'ngram', name: 'n', order: 3, texts: ['a b c'] },
      'cpu',
      'f64',
      () => {},
      undefined,
      4,
    );
    await settle();
    expect(fakes.workers).toHaveLength(2);
    fakes.finishLoad(fakes.workers[1]);
    await ngram;
  });
});

describe('PriorService', () => {
  async function ready(service: PriorService, fakes: ReturnType<typeof fakePriorWorkers>) {
    const load = service.load(MODEL_A, 'wasm', 'fp32');
    await settle();
    const w = fakes.workers.at(-1)!;
    fakes.finishLoad(w);
    return { epoch: (await load).epoch, w };
  }

  it('answers with the epoch of the model that scored', async () => {
    const fakes = fakePriorWorkers();
    const service = new PriorService(new PriorClient({ spawn: fakes.spawn }));
    const { epoch, w } = await ready(service, fakes);
    const call = service.score(['abc'], 8);
    await settle();
    fakes.finishScore(w, w.scores[0]);
    await expect(call).resolves.toMatchObject({ epoch });
    expect(epoch).toBeGreaterThan(0);
  });

  it('stops scoring before loading another model, and never answers with the old model’s scores', async () => {
    const fakes = fakePriorWorkers();
    const service = new PriorService(new PriorClient({ spawn: fakes.spawn, cancelGraceMs: 1e9 }));
    const { epoch: a, w } = await ready(service, fakes);
    w.stopsOnCancel = false; // the old model's answer arrives anyway, after B was asked for
    const scoring = track(service.score(['abc'], 8));
    await settle();
    const loadB = service.load(MODEL_B, 'wasm', 'fp32');
    await settle();
    expect(scoring.error).toBeInstanceOf(ModelChanged);
    expect(w.scores[0].cancelled).toBe(true);
    expect(w.loads).toHaveLength(1); // B waits for the worker to finish A's pass
    fakes.finishScore(w, w.scores[0]);
    await settle();
    expect(w.loads).toHaveLength(2);
    fakes.finishLoad(w);
    const b = (await loadB).epoch;
    expect(b).not.toBe(a);
    expect(service.epoch).toBe(b);
    await expect(service.score(['x'], 8, { epoch: a })).rejects.toBeInstanceOf(ModelChanged);
  });

  it('reports a lost model once, with its epoch, and refuses work until a model is loaded', async () => {
    const fakes = fakePriorWorkers();
    const service = new PriorService(new PriorClient({ spawn: fakes.spawn }));
    const lost: unknown[] = [];
    service.onLost((l) => lost.push(l));
    const { epoch } = await ready(service, fakes);
    fakes.ports[0].worker.crash('boom');
    await settle();
    expect(lost).toEqual([{ epoch, reason: 'crashed', message: 'the prior worker stopped: boom' }]);
    expect(service.epoch).toBe(0);
    await expect(service.score(['x'], 8)).rejects.toThrow('no model is loaded');
  });

  it('renders chats with the loaded model after the calls before it, and drops a render a load overtook', async () => {
    const fakes = fakePriorWorkers();
    const service = new PriorService(new PriorClient({ spawn: fakes.spawn, cancelGraceMs: 1e9 }));
    await expect(service.renderChat([])).rejects.toBeInstanceOf(ModelChanged);
    const { epoch: a, w } = await ready(service, fakes);
    w.holdRenders = true;
    const chat = [[{ role: 'user', content: 'hi' }]];
    const scoring = service.score(['abc'], 8);
    const render = service.renderChat(chat, { epoch: a });
    await settle();
    expect(w.renders).toHaveLength(0); // it waits for the scoring call's turn
    fakes.finishScore(w, w.scores[0]);
    await scoring;
    await settle();
    expect(w.renders.map((r) => r.conversations)).toEqual([chat]);
    w.renders[0].answer.resolve(['<|user|>hi', { error: 'bad' }]);
    await expect(render).resolves.toEqual({ epoch: a, value: ['<|user|>hi', { error: 'bad' }] });
    // A load while a render is out: the render's answer belongs to A and is dropped.
    const late = track(service.renderChat(chat));
    await settle();
    const loadB = service.load(MODEL_B, 'wasm', 'fp32');
    await settle();
    expect(late.error).toBeInstanceOf(ModelChanged);
    w.renders[1].answer.resolve(null);
    await settle();
    fakes.finishLoad(w);
    const b = (await loadB).epoch;
    await expect(service.renderChat(chat, { epoch: a })).rejects.toBeInstanceOf(ModelChanged);
    const fresh = service.renderChat(chat, { epoch: b });
    await settle();
    w.renders[2].answer.resolve(null);
    await expect(fresh).resolves.toEqual({ epoch: b, value: null });
  });
});
