import { describe, expect, it } from 'vitest';
import { WorkerGone, isAbort } from '../../../src/lib/worker/worker-connection';
import { deferred, fakeSpawner, settle } from '../../support/fake-worker';

function echoWorker() {
  const answers: { value: string; answer: ReturnType<typeof deferred<string>> }[] = [];
  return fakeSpawner(
    () => ({
      echo(value: string): Promise<string> {
        const answer = deferred<string>();
        answers.push({ value, answer });
        return answer.promise;
      },
      now: (value: string) => value,
    }),
    'the echo worker',
  ).spawn;
}

/** Where a promise stands after everything due has run: its value, its error, or still pending. */
async function state<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown } | 'pending'> {
  let out: { value: T } | { error: unknown } | 'pending' = 'pending';
  p.then(
    (value) => (out = { value }),
    (error: unknown) => (out = { error }),
  );
  await settle();
  return out;
}

describe('WorkerConnection', () => {
  it('passes answers through', async () => {
    const c = echoWorker()();
    await expect(c.call((api) => api.now('hi'))).resolves.toBe('hi');
  });

  it('rejects every pending call when the worker crashes, and every later one at once', async () => {
    const fakes = fakeSpawner(() => ({ hang: () => new Promise<never>(() => {}) }), 'the echo worker');
    const c = fakes.spawn();
    const gone: WorkerGone[] = [];
    c.onGone((g) => gone.push(g));
    const a = c.call((api) => api.hang());
    const b = c.call((api) => api.hang());
    const states = [state(a), state(b)];
    await settle();
    expect(await states[0]).toBe('pending');
    fakes.latest.worker.crash('Uncaught RangeError: Array buffer allocation failed');
    for (const p of [a, b]) {
      const s = await state(p);
      expect(s).toEqual({ error: expect.any(WorkerGone) });
      const error = (s as { error: WorkerGone }).error;
      expect(error.message).toBe(
        'the echo worker stopped: Uncaught RangeError: Array buffer allocation failed',
      );
      expect(error.kind).toBe('crashed');
    }
    expect(fakes.latest.worker.terminated).toBe(true);
    expect(gone.map((g) => g.kind)).toEqual(['crashed']);
    expect(c.alive).toBe(false);
    await expect(c.call((api) => api.hang())).rejects.toThrow('the echo worker stopped');
  });

  it('says when the browser gives no reason (a worker that could not start)', async () => {
    const fakes = fakeSpawner(() => ({ hang: () => new Promise<never>(() => {}) }), 'the lab worker');
    const c = fakes.spawn();
    const a = c.call((api) => api.hang());
    fakes.latest.worker.crash();
    await expect(a).rejects.toThrow(/^the lab worker stopped unexpectedly \(it could not start/);
  });

  it('dies on a message it cannot read, and on terminate', async () => {
    const fakes = fakeSpawner(() => ({ hang: () => new Promise<never>(() => {}) }), 'the stats worker');
    const first = fakes.spawn();
    const a = first.call((api) => api.hang());
    fakes.latest.worker.garble();
    await expect(a).rejects.toMatchObject({
      kind: 'unreadable',
      message: expect.stringContaining('could not be read'),
    });
    const second = fakes.spawn();
    const b = second.call((api) => api.hang());
    second.terminate('was stopped to cancel');
    await expect(b).rejects.toMatchObject({
      kind: 'terminated',
      message: 'the stats worker was stopped to cancel',
    });
    expect(fakes.latest.worker.terminated).toBe(true);
  });

  it('cancels one call with its own signal; the others are answered', async () => {
    const answers: ReturnType<typeof deferred<string>>[] = [];
    const fakes = fakeSpawner(() => ({
      echo(value: string) {
        const d = deferred<string>();
        answers.push(d);
        return d.promise.then((suffix) => value + suffix);
      },
    }));
    const c = fakes.spawn();
    const controller = new AbortController();
    const cancelled = c.call((api) => api.echo('a'), controller.signal);
    const kept = c.call((api) => api.echo('b'));
    await settle();
    controller.abort();
    const s = await state(cancelled);
    expect(isAbort((s as { error: unknown }).error)).toBe(true);
    answers.forEach((d) => d.resolve('!'));
    await expect(kept).resolves.toBe('b!');
    expect(c.alive).toBe(true);
  });
});
