/**
 * The session with a score shelf (what persistence.svelte.ts is to the page), here the real score file
 * format over an in-memory byte store: a second session over the same store scores only what the first
 * did not finish, and a shelf that fails costs the run its saving, not its scores.
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
import { contentHash, hashHex } from '../../src/lib/persist/content-hash';
import { ScoreFile } from '../../src/lib/persist/score-file';
import { scoreKeyText } from '../../src/lib/persist/score-key';
import type { DocumentScores } from '../../src/lib/scoring/scores';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, markOf, MODEL_A } from '../support/fake-prior';

/** One store per score key, as OPFS holds one file per key. */
class MemoryShelf implements ScoreShelf {
  readonly stores = new Map<string, MemoryByteStore>();
  readonly saved: number[] = [];
  runs: boolean[] = [];

  private async file(model: LoadedModel): Promise<ScoreFile> {
    const key = await scoreKeyOf(model);
    const name = scoreKeyText(key);
    if (!this.stores.has(name)) this.stores.set(name, new MemoryByteStore());
    return (await ScoreFile.open(this.stores.get(name)!, key)).file;
  }

  async load(model: LoadedModel, docs: readonly SessionDocument[]): Promise<Map<string, DocumentScores>> {
    const { documents } = await (await this.file(model)).read();
    const byHash = new Map(documents.map((d) => [hashHex(d.hash), d.scores]));
    const found = new Map<string, DocumentScores>();
    for (const doc of docs) {
      const scores = byHash.get(hashHex(await contentHash(doc.text)));
      if (scores) found.set(doc.key, scores);
    }
    return found;
  }

  async save(model: LoadedModel, docs: readonly SessionDocument[], scores: readonly DocumentScores[]) {
    const hashes = await Promise.all(docs.map((d) => contentHash(d.text)));
    await (await this.file(model)).append(docs.map((_, i) => ({ hash: hashes[i], scores: scores[i] })));
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
