/**
 * The input worker's client over the real comlink path (the worker's API runs behind a MessageChannel):
 * batches reach the page through the proxied callback, a cancelled read ends the worker and the next read
 * starts a fresh one, and a worker that dies mid-read rejects the read instead of leaving it pending.
 */
import { describe, expect, it } from 'vitest';
import { createInputWorkerApi } from '../../src/lib/io/input-worker-api';
import type { InputBatch } from '../../src/lib/io/read-input';
import { InputClient } from '../../src/state/input-client';
import { deferred, fakeSpawner, settle } from '../support/fake-worker';

const jsonl = (n: number) =>
  new Blob([
    Array.from({ length: n }, (_, i) => JSON.stringify({ id: i, text: `document ${i}` })).join('\n'),
  ]);

describe('InputClient', () => {
  it('reads a file in the worker and hands the documents over in batches, in order', async () => {
    const fakes = fakeSpawner(createInputWorkerApi, 'the file reader');
    const client = new InputClient(fakes.spawn);
    const batches: InputBatch[] = [];
    const result = await client.read(
      jsonl(3000),
      'a.jsonl',
      { batchBytes: 4096 },
      (b) => void batches.push(b),
    );
    expect(result).toMatchObject({ kind: 'jsonl', field: 'text', documents: 3000, problems: [] });
    expect(batches.length).toBeGreaterThan(5);
    const lines = batches.flatMap((b) => (b.kind === 'records' ? b.records.map((r) => r.line) : []));
    expect(lines).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
  });

  it('a cancelled read ends its worker; the next read runs in a fresh one', async () => {
    // The first worker's reader waits on the test after its first batch, so the cancel lands mid-read.
    const held = deferred<void>();
    let started = 0;
    const fakes = fakeSpawner(() => {
      const api = createInputWorkerApi();
      if (started++ > 0) return api;
      return {
        read: (...args: Parameters<typeof api.read>) =>
          api.read(args[0], args[1], args[2], async (b) => {
            await args[3](b);
            await held.promise;
          }),
      };
    }, 'the file reader');
    const client = new InputClient(fakes.spawn);
    const controller = new AbortController();
    let seen = 0;
    const reading = client.read(
      jsonl(3000),
      'a.jsonl',
      { batchBytes: 4096 },
      () => void seen++,
      controller.signal,
    );
    await settle();
    expect(seen).toBeGreaterThan(0);
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(fakes.workers[0].worker.terminated).toBe(true);
    const again = await client.read(jsonl(2), 'b.jsonl', {}, () => {});
    expect(again.documents).toBe(2);
    expect(fakes.workers).toHaveLength(2);
    held.resolve();
  });

  it('a worker that dies mid-read rejects the read with what happened', async () => {
    const held = deferred<void>();
    const fakes = fakeSpawner(() => {
      const api = createInputWorkerApi();
      return {
        read: (...args: Parameters<typeof api.read>) =>
          api.read(args[0], args[1], args[2], async (b) => {
            await args[3](b);
            await held.promise;
          }),
      };
    }, 'the file reader');
    const client = new InputClient(fakes.spawn);
    const reading = client.read(jsonl(3000), 'a.jsonl', { batchBytes: 4096 }, () => {});
    await settle();
    fakes.latest.worker.crash('Out of memory');
    await expect(reading).rejects.toThrow('the file reader stopped: Out of memory');
    held.resolve();
  });
});
