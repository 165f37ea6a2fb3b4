/**
 * The lab client with fake workers: the newest run wins (older runs superseded, their late frames and
 * answers dropped), and a worker that dies fails the run it held with the reason, never leaving it running.
 */
import { describe, expect, it } from 'vitest';
import { LabClient } from '../../src/state/lab-client';
import type { LabWorkerApi, RunRequest } from '../../src/lib/lab/lab-worker-api';
import type { LabFrame, RunOutcome } from '../../src/lib/lab/runner';
import { deferred, fakeSpawner, settle, type Deferred } from '../support/fake-worker';

interface FakeRun {
  request: RunRequest;
  onFrame?: (frame: LabFrame) => void | Promise<void>;
  answer: Deferred<RunOutcome>;
}

function fakeLabWorkers() {
  const workers: { runs: FakeRun[]; corpora: string[] }[] = [];
  const spawner = fakeSpawner(() => {
    const w = { runs: [] as FakeRun[], corpora: [] as string[] };
    workers.push(w);
    return {
      share() {},
      setCorpus(_texts: string[], name: string) {
        w.corpora.push(name);
      },
      setVerifierData() {},
      run(request: RunRequest, onFrame?: (frame: LabFrame) => void) {
        const answer = deferred<RunOutcome>();
        w.runs.push({ request, onFrame, answer });
        return answer.promise;
      },
      generationText: () => null,
    } as unknown as LabWorkerApi;
  }, 'the lab worker');
  return { spawn: spawner.spawn, workers, ports: spawner.workers };
}

const frame = (n: number) => ({ n }) as unknown as LabFrame;
const done = (n: number): RunOutcome => ({ status: 'done', frame: frame(n), params: {} });

describe('LabClient', () => {
  it('newest run wins: the older run is superseded and its late frames are dropped', async () => {
    const fakes = fakeLabWorkers();
    const client = new LabClient({ spawn: fakes.spawn, shared: false });
    const seen: unknown[] = [];
    const first = client.run('sim1', {}, 1, (f) => seen.push(['first', f]));
    await settle();
    const [w0] = fakes.workers;
    await w0.runs[0].onFrame!(frame(1));
    await settle();
    expect(seen).toEqual([['first', frame(1)]]);
    // Without shared memory the older run cannot be told to stop: its worker is ended.
    const second = client.run('sim1', {}, 2, (f) => seen.push(['second', f]));
    await expect(first).resolves.toEqual({ status: 'superseded' });
    expect(fakes.ports[0].worker.terminated).toBe(true);
    await settle();
    const w1 = fakes.workers[1];
    expect(w1.runs.map((r) => r.request.seed)).toEqual([2]);
    await w0.runs[0].onFrame?.(frame(99))?.catch(() => {}); // a late frame from the ended worker
    await w1.runs[0].onFrame!(frame(2));
    await settle();
    w1.runs[0].answer.resolve(done(2));
    await expect(second).resolves.toEqual(done(2));
    expect(seen).toEqual([
      ['first', frame(1)],
      ['second', frame(2)],
    ]);
  });

  it('with shared memory, the older run stops itself and its answer is reported as superseded', async () => {
    const fakes = fakeLabWorkers();
    const client = new LabClient({ spawn: fakes.spawn, shared: true, grace: 1e9 });
    const first = client.run('sim1', {}, 1, () => {});
    const second = client.run('sim1', {}, 2, () => {});
    await settle();
    const [w] = fakes.workers;
    expect(w.runs.map((r) => r.request.token)).toEqual([1, 2]);
    w.runs[0].answer.resolve({ status: 'cancelled' });
    w.runs[1].answer.resolve(done(2));
    await expect(first).resolves.toEqual({ status: 'superseded' });
    await expect(second).resolves.toEqual(done(2));
    expect(fakes.ports[0].worker.terminated).toBe(false);
  });

  it('worker death mid-run fails the run with the reason; the next run starts a fresh worker', async () => {
    const fakes = fakeLabWorkers();
    const client = new LabClient({ spawn: fakes.spawn, shared: false });
    client.setCorpus('k', ['some text'], 'my corpus');
    const run = client.run('ngram-own-text', {}, 1, () => {});
    await settle();
    fakes.ports[0].worker.crash('Uncaught RangeError: Invalid array length');
    await expect(run).resolves.toEqual({
      status: 'failed',
      error: 'the lab worker stopped: Uncaught RangeError: Invalid array length',
    });
    const again = client.run('ngram-own-text', {}, 1, () => {});
    await settle();
    const fresh = fakes.workers[1];
    expect(fresh.corpora).toEqual(['my corpus']); // the corpus is sent again to the fresh worker
    fresh.runs[0].answer.resolve(done(1));
    await expect(again).resolves.toEqual(done(1));
  });
});
