import { describe, expect, it } from 'vitest';
import { DocumentTable, type IndexedDocument } from '../../../src/lib/persist/document-table';
import { seededRng } from '../../../src/lib/math/seeded';

describe('document table', () => {
  it('keeps every document by column and finds each hash’s latest one through growth and rehashing', () => {
    const random = seededRng(9);
    const table = new DocumentTable();
    const pushed: IndexedDocument[] = [];
    const latest = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      // Every tenth document repeats an earlier hash; a few share their first four bytes with another.
      const hash =
        i % 10 === 9
          ? pushed[Math.floor(random() * pushed.length)].hash.slice()
          : Uint8Array.from({ length: 32 }, (_, b) =>
              b < 4 && i % 7 === 0 ? 42 : Math.floor(random() * 256),
            );
      const doc = { hash, tokens: i * 3, k: 1 + (i % 9), bosPrepended: i % 2 === 0, at: i * 1e6 + 0.5 };
      table.push(doc);
      pushed.push(doc);
      latest.set(hash.join(), i);
    }
    expect(table.count).toBe(5000);
    expect(table.all()).toEqual(pushed);
    for (const doc of pushed) expect(table.find(doc.hash)).toBe(latest.get(doc.hash.join()));
    expect(table.find(new Uint8Array(32).fill(7))).toBe(-1);
    expect(() => table.get(5000)).toThrow(RangeError);
    expect(() => table.push({ ...pushed[0], hash: new Uint8Array(31) })).toThrow(/31 bytes/);
  });
});
