/**
 * The Statistics page's state over the real StatsClient and the real stats worker API, in fake workers
 * whose comparisons and block reads the test holds: cancelling one corpus leaves another corpus's
 * comparison running (it is run again on the fresh workers), and a dead worker fails the analysis it held
 * instead of leaving it "analysing".
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/state/session.svelte';
import { Editor } from '../../src/state/editor.svelte';
import { StatsState } from '../../src/state/stats.svelte';
import { StatsClient } from '../../src/state/stats-client';
import { createStatsWorkerApi, type StatsWorkerApi } from '../../src/lib/stats/engine/stats-worker-api';
import type { Comparison } from '../../src/lib/stats/compare/compare-corpora';
import { deferred, fakeSpawner, settle, type Deferred } from '../support/fake-worker';
import { fakePriorWorkers } from '../support/fake-prior';
import { isAbort } from '../../src/lib/worker/worker-connection';

function fakeStatsWorkers() {
  const compares: Deferred<Comparison>[] = [];
  const heldReads: Deferred<void>[] = [];
  const heldOpens: Deferred<void>[] = [];
  const control = { holdReads: false, holdOpens: false, reductions: 0 };
  /** Waits, where `on`, until the test resolves the deferred it adds to `held`. */
  const hold = async (on: boolean, held: Deferred<void>[]) => {
    if (!on) return;
    const d = deferred<void>();
    held.push(d);
    await d.promise;
  };
  const spawner = fakeSpawner((): StatsWorkerApi => {
    const api = createStatsWorkerApi();
    return {
      ...api,
      beginReduce(...args: Parameters<StatsWorkerApi['beginReduce']>) {
        control.reductions++;
        return api.beginReduce(...args);
      },
      compare() {
        const d = deferred<Comparison>();
        compares.push(d);
        return d.promise;
      },
      async readBlock(...args: Parameters<StatsWorkerApi['readBlock']>) {
        await hold(control.holdReads, heldReads);
        return api.readBlock(...args);
      },
      async open(...args: Parameters<StatsWorkerApi['open']>) {
        await hold(control.holdOpens, heldOpens);
        return api.open(...args);
      },
    };
  }, 'a statistics worker');
  return { spawn: spawner.spawn, ports: spawner.workers, compares, heldReads, heldOpens, control };
}

async function twoReadyCorpora() {
  const prior = fakePriorWorkers();
  const session = new Session({ spawn: prior.spawn });
  session.addPastedText('alpha beta gamma alpha beta');
  session.addPastedText('delta epsilon zeta delta');
  const [first, second] = session.sources.map((s) => s.id);
  const workers = fakeStatsWorkers();
  const client = new StatsClient({ workers: 1, spawn: workers.spawn });
  const stats = new StatsState(session, new Editor(session), client);
  await stats.addText('A', [first], 'first');
  await stats.addText('B', [second], 'second');
  expect(stats.corpora.map((c) => c.status)).toEqual(['ready', 'ready']);
  await settle();
  const key = `${stats.corpora[0].id}>${stats.corpora[1].id}`;
  expect(stats.comparisons.get(key)).toEqual({ status: 'running' });
  expect(workers.compares).toHaveLength(1);
  return { session, stats, workers, key, first };
}

const comparison = { recipe: { seed: 0 } } as unknown as Comparison;

describe('StatsState', () => {
  it('cancel one corpus while another compares: the comparison runs again and completes', async () => {
    const { stats, workers, key, first } = await twoReadyCorpora();
    workers.control.holdReads = true;
    const adding = stats.addText('C', [first], 'first again');
    await settle();
    const c = stats.corpora[2];
    expect(c.status).toBe('analysing');
    stats.cancel(c.id);
    await adding;
    expect(c.status).toBe('cancelled');
    await settle();
    expect(workers.ports[0].worker.terminated).toBe(true);
    expect(workers.compares).toHaveLength(2); // sent again to the fresh worker
    expect(stats.comparisons.get(key)).toEqual({ status: 'running' });
    workers.compares[1].resolve(comparison);
    await settle();
    expect(stats.comparisons.get(key)).toEqual({ status: 'ready', comparison });
  });

  it('worker death mid-call fails the analysis it held with the reason', async () => {
    const { stats, workers, first } = await twoReadyCorpora();
    workers.control.holdReads = true;
    const adding = stats.addText('C', [first], 'first again');
    await settle();
    workers.ports[0].worker.crash('Uncaught RangeError: Array buffer allocation failed');
    await adding;
    const c = stats.corpora[2];
    expect(c.status).toBe('failed');
    expect(c.error).toBe('a statistics worker stopped: Uncaught RangeError: Array buffer allocation failed');
  });
});

describe('StatsClient', () => {
  it('a queued analysis that is cancelled leaves at once; the running one is untouched', async () => {
    const workers = fakeStatsWorkers();
    const client = new StatsClient({ workers: 1, spawn: workers.spawn });
    workers.control.holdReads = true;
    const running = client.analyse({ kind: 'texts', texts: ['one two'] }, { name: 'running' });
    const controller = new AbortController();
    const queued = client.analyse(
      { kind: 'texts', texts: ['three'] },
      { name: 'queued', signal: controller.signal },
    );
    await settle();
    controller.abort();
    const error = await queued.catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    expect(workers.ports[0].worker.terminated).toBe(false);
    // One queued after it still waits for the running one (worker 0 holds one reducer).
    const next = client.analyse({ kind: 'texts', texts: ['four five six'] }, { name: 'next' });
    await settle();
    expect(workers.control.reductions).toBe(1);
    workers.control.holdReads = false;
    workers.heldReads.forEach((d) => d.resolve());
    await expect(running).resolves.toMatchObject({ counts: { documents: 1 } });
    await expect(next).resolves.toMatchObject({ counts: { tokens: 3 } });
    expect(workers.control.reductions).toBe(2);
    client.dispose();
  });

  it('opening files with a signal runs in a worker of its own: cancelling it ends that worker, not the analysis', async () => {
    const workers = fakeStatsWorkers();
    const client = new StatsClient({ workers: 1, spawn: workers.spawn });
    workers.control.holdReads = true;
    const running = client.analyse({ kind: 'texts', texts: ['one two'] }, { name: 'running' });
    await settle();
    workers.control.holdOpens = true;
    const controller = new AbortController();
    const file = new File(['{"text": "a b"}\n'], 'a.jsonl');
    const opening = client.inspect(file, undefined, { signal: controller.signal });
    await settle();
    expect(workers.ports).toHaveLength(2);
    expect(workers.heldOpens).toHaveLength(1);
    controller.abort();
    expect(isAbort(await opening.catch((e: unknown) => e))).toBe(true);
    expect(workers.ports[1].worker.terminated).toBe(true);
    expect(workers.ports[0].worker.terminated).toBe(false);
    workers.control.holdReads = false;
    workers.heldReads.forEach((d) => d.resolve());
    await expect(running).resolves.toMatchObject({ counts: { documents: 1 } });

    // Not cancelled: progress ends at the file's size, and the opener is ended once it has answered.
    workers.control.holdOpens = false;
    const seen: number[] = [];
    const inspection = await client.inspect(file, undefined, {
      signal: new AbortController().signal,
      onProgress: (p) => seen.push(p.bytes),
    });
    await settle();
    expect(inspection.usable).toBe(true);
    expect(seen.at(-1)).toBe(file.size);
    expect(workers.ports).toHaveLength(3);
    expect(workers.ports[2].worker.terminated).toBe(true);
    client.dispose();
  });
});
