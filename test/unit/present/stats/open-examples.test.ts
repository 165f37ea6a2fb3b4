import { describe, expect, it } from 'vitest';
import { OpenExamples } from '../../../../src/components/stats/open-examples.svelte';
import type { FeatureExample } from '../../../../src/state/stats-client';

/** A promise the test settles by hand, so the order of answers is chosen. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

const example = { documentIndex: 3 } as unknown as FeatureExample;

describe('OpenExamples: one open example panel per view', () => {
  it('loads, then shows the examples of the row it opened', async () => {
    const open = new OpenExamples<{ key: string; slot: number }>();
    const d = deferred<FeatureExample[]>();
    const done = open.show({ key: 'a', slot: 1 }, () => d.promise);
    expect(open.current).toEqual({ key: 'a', slot: 1, state: { status: 'loading' } });
    d.resolve([example]);
    await done;
    expect(open.current).toEqual({ key: 'a', slot: 1, state: { status: 'ready', examples: [example] } });
  });

  it("ignores a replaced row's late answer and a closed panel's", async () => {
    const open = new OpenExamples<{ key: string }>();
    const first = deferred<FeatureExample[]>();
    const second = deferred<FeatureExample[]>();
    const a = open.show({ key: 'a' }, () => first.promise);
    const b = open.show({ key: 'b' }, () => second.promise);
    first.resolve([example]);
    await a;
    expect(open.current).toEqual({ key: 'b', state: { status: 'loading' } });
    open.close();
    second.resolve([example]);
    await b;
    expect(open.current).toBeNull();
  });

  it('says why loading failed', async () => {
    const open = new OpenExamples<{ key: string }>();
    await open.show({ key: 'a' }, () => Promise.reject(new Error('source file gone')));
    expect(open.current?.state).toEqual({ status: 'failed', error: 'source file gone' });
    await open.show({ key: 'b' }, () => Promise.reject('plain'));
    expect(open.current?.state).toEqual({ status: 'failed', error: 'plain' });
  });
});
