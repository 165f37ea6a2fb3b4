/**
 * The scored k as a setting: each run asks the prior for the k in force, its scores are filed under that
 * k (another k's scores are kept apart and come back when it is chosen again), the setting is locked while
 * a run is in progress, and the editor says when its own k asks for more candidates than the scores keep.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/state/session.svelte';
import { Editor } from '../../src/state/editor.svelte';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, MODEL_A } from '../support/fake-prior';
import { bytesPerToken } from '../../src/lib/scoring/score-memory';
import { MEMORY_PER_TEXT_BYTE } from '../../src/lib/scoring/page-budget';

const TEXTS = ['one two', 'three'];

async function setup() {
  const fakes = fakePriorWorkers();
  const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9 });
  for (const t of TEXTS) session.addPastedText(t);
  const load = session.loadModel(MODEL_A, 'wasm', 'fp32');
  await settle();
  const w = fakes.workers.at(-1)!;
  fakes.finishLoad(w);
  await load;
  /** Scores every unscored document, answering the one call; returns the k it asked for. */
  const scoreAll = async () => {
    const run = session.scoreAll();
    await settle();
    const call = w.scores.at(-1)!;
    fakes.finishScore(w, call);
    await run;
    return call.k;
  };
  return { session, scoreAll };
}

/** The k of each document's shown scores (undefined: none at the k in force). */
const shownK = (session: Session) => session.documents.map((d) => session.scoresFor(d)?.k);

describe('the scored k', () => {
  it('keys scores apart: another k scores anew, and the first k’s scores come back unchanged', async () => {
    const { session, scoreAll } = await setup();
    expect(session.scoredK).toBe(8);
    expect(await scoreAll()).toBe(8);
    const at8 = session.documents.map((d) => session.scoresFor(d));
    expect(shownK(session)).toEqual([8, 8]);
    expect(session.scoreMemory()).toMatchObject({
      k: 8,
      tokens: 12,
      exact: true,
      bytes: 12 * bytesPerToken(8),
    });

    expect(session.setScoredK(16)).toBe(true);
    // Nothing scored at k = 16 yet: the k = 8 scores are not shown as if they were, and the cost is an
    // estimate from the text's bytes.
    expect(shownK(session)).toEqual([undefined, undefined]);
    expect(session.scoreMemory()).toMatchObject({ k: 16, exact: false });
    expect(await scoreAll()).toBe(16);
    expect(shownK(session)).toEqual([16, 16]);
    for (const d of session.documents) {
      const s = session.scoresFor(d)!;
      expect(s.topIds.length).toBe(s.tokenIds.length * 16);
    }
    expect(session.scoreMemory()).toMatchObject({ tokens: 12, exact: true, bytes: 12 * bytesPerToken(16) });

    expect(session.setScoredK(8)).toBe(true);
    expect(session.documents.map((d) => session.scoresFor(d))).toEqual(at8);
    expect(session.documents.map((d, i) => session.scoresFor(d) === at8[i])).toEqual([true, true]);
  });

  it('is locked while a run is in progress, and refuses a k outside 1–64', async () => {
    const { session } = await setup();
    const run = session.scoreAll();
    await settle();
    expect(session.scoring.running).toBe(true);
    expect(session.setScoredK(4)).toBe(false);
    expect(session.scoredK).toBe(8);
    session.cancelScoring();
    await run;
    for (const k of [0, 65, 2.5, NaN]) expect(session.setScoredK(k)).toBe(false);
    expect(session.setScoredK(64)).toBe(true);
    expect(session.scoredK).toBe(64);
  });

  it('the editor’s k above the scored k is an issue that says both ways out', async () => {
    const { session } = await setup();
    const editor = new Editor(session);
    editor.config.k = 8;
    expect(editor.issues).toEqual([]);
    session.setScoredK(4);
    expect(editor.issues).toEqual([
      {
        field: 'k',
        value: 8,
        message:
          'k = 8 candidates per flagged token, but scoring keeps 4 alternatives per token: lower k to 4 or less, or set alternatives per token (beside Score) to 8 or more and score again',
      },
    ]);
    editor.config.k = 4;
    expect(editor.issues).toEqual([]);
  });

  it('counts the session’s text and scores against the page’s limit at the k in force', async () => {
    const fakes = fakePriorWorkers();
    const text = 'x'.repeat(4000); // 4,000 text bytes: about 1,000 tokens at the assumed 4 bytes a token
    const limit = 4000 * MEMORY_PER_TEXT_BYTE + 1000 * bytesPerToken(8);
    const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9, pageMemoryLimit: limit });
    session.addPastedText(text);
    expect(session.pageMemory()).toEqual({ k: 8, bytes: limit, limit }); // exactly at the limit: held
    expect(session.setScoredK(9)).toBe(true);
    expect(session.pageMemory()).toEqual({
      k: 9,
      bytes: 4000 * MEMORY_PER_TEXT_BYTE + 1000 * bytesPerToken(9),
      limit,
    });
    expect(session.pageMemory().bytes).toBeGreaterThan(limit);
  });
});
