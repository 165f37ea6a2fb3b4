import { describe, expect, it } from 'vitest';
import { unshared } from '../../../src/lib/persist/unshared';

describe('unshared', () => {
  it('moves typed arrays off shared memory so that structured clone (IndexedDB) takes them', () => {
    const shared = new Uint32Array(new SharedArrayBuffer(12));
    shared.set([1, 2, 3]);
    const plain = new Float32Array([0.5]);
    const report = { name: 'x', exact: { run: { k1: shared, count: plain } }, list: [shared], n: 3 };
    const out = unshared(report);
    expect(out.exact.run.k1).toBeInstanceOf(Uint32Array);
    expect(out.exact.run.k1.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(out.exact.run.k1)).toEqual([1, 2, 3]);
    expect(out.list[0].buffer).toBeInstanceOf(ArrayBuffer);
    expect(out.exact.run.count).toBe(plain); // not shared: the same array
    expect(report.exact.run.k1).toBe(shared); // the input is left as it was
    expect(() => structuredClone(out)).not.toThrow();
  });

  it('keeps a value with nothing shared as the same object', () => {
    const value = { a: [1, { b: new Int32Array(2) }], c: 'text' };
    expect(unshared(value)).toBe(value);
  });
});
