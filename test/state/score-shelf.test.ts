/**
 * The session with a score shelf as the page has it: the same ScoreShelfFiles that persistence.svelte.ts
 * keeps, here over in-memory byte stores. A second session over the same stores scores only what the first
 * did not finish; a second Score click neither hashes again nor reads the file again; a shelf that fails
 * costs the run its saving, not its scores.
 */
import { describe, expect, it } from 'vitest';
import {
  Session,
  type LoadedModel,
  type ScoreShelf,
  type SessionDocument,
} from '../../src/state/session.svelte';
import { scoreKeyOf } from '../../src/state/persistence.svelte';
import { MemoryByteStore } from '../../src/lib/persist/byte-store';
import { contentHash } from '../../src/lib/persist/content-hash';
import { ScoreShelfFiles, type ShelfModel } from '../../src/lib/persist/score-shelf-files';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, markOf, MODEL_A } from '../support/fake-prior';

/** One store per score file name, as OPFS holds one folder per key; reads and hashes are counted. */
class MemoryShelf implements ScoreShelf {
  readonly stores = new Map<string, MemoryByteStore>();
  readonly saved: number[] = [];
  runs: boolean[] = [];
  reads = 0;
  hashed: string[] = [];

  /** Like the page's Persistence: one ScoreShelfFiles per page (`files()` makes a new page's). */
  files = this.newPage();

  newPage(): ScoreShelfFiles {
    return new ScoreShelfFiles({
      openStore: (name) => {
        if (!this.stores.has(name)) this.stores.set(name, new MemoryByteStore());
        const store = this.stores.get(name)!;
        return Promise.resolve({
          size: () => store.size(),
          read: (offset: number, length: number) => {
            this.reads++;
            return store.read(offset, length);
          },
          append: (bytes: Uint8Array) => store.append(bytes),
          truncate: (length: number) => store.truncate(length),
        });
      },
      hash: (text) => {
        this.hashed.push(text);
        return contentHash(text);
      },
    });
  }

  private async model(model: LoadedModel): Promise<ShelfModel> {
    return { key: await scoreKeyOf(model), label: model.label };
  }

  async load(model: LoadedModel, docs: readonly SessionDocument[]): Promise<Map<string, DocumentScores>> {
    return this.files.load(await this.model(model), docs);
  }

  async save(model: LoadedModel, docs: readonly SessionDocument[], scores: readonly DocumentScores[]) {
    await this.files.save(await this.model(model), docs, scores);
    this.saved.push(docs.length);
  }

  async runStarted(): Promise<void> {}

  async runEnded(_model: LoadedModel, finished: boolean): Promise<void> {
    this.runs.push(finished);
  }
}

// Over 16 KB each: one document per scoring group.
const LONG = ['a', 'b', 'c'].map((c) => c.repeat(10_000));

/** Waits (in event-loop turns: Web Crypto answers from another thread) until `ready` holds. */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(ready()).toBe(true);
}

async function sessionWith(shelf: ScoreShelf) {
  const fakes = fakePriorWorkers();
  const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9 });
  session.shelf = shelf;
  for (const t of LONG) session.addPastedText(t);
  const load = session.loadModel(MODEL_A, 'wasm', 'fp32');
  await settle();
  const w = fakes.workers.at(-1)!;
  fakes.finishLoad(w);
  await load;
  return { fakes, session, w };
}

describe('Session with a score shelf', () => {
  it('a new session over the same shelf continues from the first document not saved', async () => {
    const shelf = new MemoryShelf();
    const first = await sessionWith(shelf);
    const run = first.session.scoreAll();
    await until(() => first.w.scores.length === 1);
    first.fakes.finishScore(first.w, first.w.scores[0]);
    await until(() => first.w.scores.length === 2); // the first group is saved before the next starts
    expect(shelf.saved).toEqual([1]);
    first.session.cancelScoring();
    await run;
    expect(shelf.runs).toEqual([false]);

    // A reload: a new page, the same documents, the same model.
    shelf.files = shelf.newPage();
    const second = await sessionWith(shelf);
    await until(() => second.session.scoresFor(second.session.documents[0]) !== undefined);
    const restored = second.session.scoresFor(second.session.documents[0])!;
    expect(restored.logprob[0]).toBeCloseTo(markOf('test/model-a'), 6);
    expect(restored.tokenIds).toEqual(first.session.scoresFor(first.session.documents[0])!.tokenIds);

    const rest = second.session.scoreAll();
    await until(() => second.w.scores.length === 1);
    expect(second.w.scores[0].texts).toEqual([LONG[1]]);
    expect(second.session.scoring.total).toBe(2);
    second.fakes.finishScore(second.w, second.w.scores[0]);
    await until(() => second.w.scores.length === 2);
    expect(second.w.scores[1].texts).toEqual([LONG[2]]);
    second.fakes.finishScore(second.w, second.w.scores[1]);
    await rest;
    expect(second.session.documents.every((d) => second.session.scoresFor(d))).toBe(true);
    expect(shelf.saved).toEqual([1, 1, 1]);
    expect(shelf.runs).toEqual([false, true]);
  });

  it('a second Score click hashes no document again and reads no score file it need not', async () => {
    const shelf = new MemoryShelf();
    const first = await sessionWith(shelf);
    const run = first.session.scoreAll();
    await until(() => first.w.scores.length === 1);
    first.fakes.finishScore(first.w, first.w.scores[0]);
    await until(() => first.w.scores.length === 2);
    first.session.cancelScoring();
    await run;

    // A reload: opening the file reads it, the lookup hashes each document once and reads the one it holds.
    shelf.files = shelf.newPage();
    shelf.hashed = [];
    const second = await sessionWith(shelf);
    await until(() => second.session.scoresFor(second.session.documents[0]) !== undefined);
    expect(shelf.hashed).toEqual(LONG);
    const readsAfterRestore = shelf.reads;
    expect(readsAfterRestore).toBeGreaterThan(0);

    // Score, cancelled in its first group: the two documents the page lacks are asked for by their cached
    // hashes, and the index says neither is on disk, so the file is not read.
    const click = async () => {
      const scoring = second.session.scoreAll();
      const asked = second.w.scores.length;
      await until(() => second.w.scores.length === asked + 1);
      second.session.cancelScoring();
      await scoring;
      return second.w.scores.at(-1)!.texts;
    };
    expect(await click()).toEqual([LONG[1]]);
    expect(await click()).toEqual([LONG[1]]);
    expect(shelf.hashed).toEqual(LONG);
    expect(shelf.reads).toBe(readsAfterRestore);

    // A finished group is hashed once for its batch (the cache hands the same hash to the save).
    const rest = second.session.scoreAll();
    const before = second.w.scores.length;
    for (const [i, text] of [LONG[1], LONG[2]].entries()) {
      await until(() => second.w.scores.length === before + i + 1);
      expect(second.w.scores.at(-1)!.texts).toEqual([text]);
      second.fakes.finishScore(second.w, second.w.scores.at(-1)!);
    }
    await rest;
    expect(shelf.hashed).toEqual(LONG);
    expect(shelf.saved).toEqual([1, 1, 1]);
  });

  it('a shelf that fails is told once and the run keeps every score in the page', async () => {
    const shelf = new MemoryShelf();
    shelf.save = () => Promise.reject(new Error('QuotaExceededError: the disk is full'));
    const { fakes, session, w } = await sessionWith(shelf);
    const run = session.scoreAll();
    for (let i = 0; i < LONG.length; i++) {
      await until(() => w.scores.length === i + 1);
      fakes.finishScore(w, w.scores[i]);
    }
    await run;
    expect(session.documents.every((d) => session.scoresFor(d))).toBe(true);
    expect(session.notices).toHaveLength(1);
    expect(session.notices[0]).toMatchObject({
      severity: 'warning',
      message: 'Scores could not be saved (a batch): QuotaExceededError: the disk is full',
    });
    expect(shelf.runs).toEqual([]); // a shelf that failed is not asked again in that run
  });
});
