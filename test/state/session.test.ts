/**
 * The session with fake prior workers: scores are filed only under the model that computed them, loading a
 * model during scoring stops the run first, cancel lands within a document, a dead worker never leaves the
 * page "running", and a late self-test verdict never lands on another model.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/state/session.svelte';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, markOf, MODEL_A, MODEL_B } from '../support/fake-prior';
import { SELF_TEST_SENTENCE } from '../../src/lib/scoring/transformers/backend-agreement';
import type { Device } from '../../src/lib/scoring/prior';
import type { RenderChats } from '../../src/lib/sft/chat-layouts';

afterEach(() => {
  vi.useRealTimers();
});

async function loaded(session: Session, fakes: ReturnType<typeof fakePriorWorkers>, device: Device = 'wasm') {
  const load = session.loadModel(MODEL_A, device, 'fp32');
  await settle();
  const w = fakes.workers.at(-1)!;
  fakes.finishLoad(w);
  await load;
  return w;
}

/** A session with model A ready and `texts` added (each pasted text is one document). */
async function setup(texts: string[], options: { cancelGraceMs?: number } = {}) {
  const fakes = fakePriorWorkers();
  const session = new Session({ spawn: fakes.spawn, cancelGraceMs: options.cancelGraceMs ?? 1e9 });
  for (const t of texts) session.addPastedText(t);
  const w = await loaded(session, fakes);
  expect(session.model.status).toBe('ready');
  return { fakes, session, w };
}

/** Every logprob of the scores the session shows for each document (one mark per model), or null. */
function marks(session: Session): (number | null)[] {
  return session.documents.map((d) => session.scoresFor(d)?.logprob[0] ?? null);
}

// Over 16 KB each: one document per scoring group.
const LONG = ['a', 'b', 'c'].map((c) => c.repeat(10_000));

/** Three long documents being scored by A: the first done, the second in flight. */
async function firstOfThreeScored(options: { cancelGraceMs?: number; stopsOnCancel?: boolean } = {}) {
  const { fakes, session, w } = await setup(LONG, options);
  w.stopsOnCancel = options.stopsOnCancel ?? true;
  const run = session.scoreAll();
  await settle();
  fakes.finishScore(w, w.scores[0]);
  await settle();
  return { fakes, session, w, run };
}

describe('Session', () => {
  it('scores every document with the loaded model and files the scores under it', async () => {
    const { fakes, session, w } = await setup(['one two', 'three']);
    const run = session.scoreAll();
    await settle();
    expect(w.scores).toHaveLength(1); // both in one group
    fakes.finishScore(w, w.scores[0]);
    await run;
    expect(marks(session).map((m) => m?.toFixed(3))).toEqual(
      Array(2).fill(markOf('test/model-a').toFixed(3)),
    );
    expect(session.scoring).toMatchObject({ running: false, done: 2, total: 2, tokens: 12 });
  });

  it('load during score: the run stops first, the old model’s late answer is never filed', async () => {
    // A's answer to document 2 comes back after B was asked for.
    const { fakes, session, w, run } = await firstOfThreeScored({ stopsOnCancel: false });
    expect(session.priorCalls).toBe(1); // document 2 in flight: the model panel says Load stops it
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await run;
    expect(session.scoring.running).toBe(false);
    await settle(); // the cancel message reaches the worker
    expect(w.scores[1].cancelled).toBe(true);
    expect(session.notices.at(-1)).toMatchObject({
      severity: 'warning',
      message: 'Scoring stopped here: another model is being loaded.',
      hint: expect.stringContaining('The 1 document scored before keep'),
    });
    fakes.finishScore(w, w.scores[1]); // late: A scored document 2 anyway
    await settle();
    fakes.finishLoad(w);
    await loadB;
    expect(session.model).toMatchObject({ status: 'ready', info: { modelId: 'test/model-b' } });
    expect(marks(session)).toEqual([null, null, null]); // nothing of A's shows under B

    // Back to A: only the document A finished before the load is A's.
    const backToA = session.loadModel(MODEL_A, 'wasm', 'fp32');
    await settle();
    fakes.finishLoad(w);
    await backToA;
    expect(marks(session)).toEqual([expect.closeTo(markOf('test/model-a'), 5), null, null]);
  });

  it('shows progress within one document, and cancel stops it at once keeping finished documents', async () => {
    const { session, w, run } = await firstOfThreeScored();
    const inFlight = w.scores[1];
    await inFlight.onProgress!({ tokens: 4000, bytes: 4000 });
    await settle();
    expect(session.scoring).toMatchObject({ done: 1, tokens: 14_000, bytesDone: 14_000 });
    session.cancelScoring();
    await run; // without waiting for the worker
    expect(session.scoring.running).toBe(false);
    await settle(); // the cancel message reaches the worker
    expect(inFlight.cancelled).toBe(true);
    expect(session.notices).toEqual([]);
    expect(session.scoring).toMatchObject({ done: 1, tokens: 10_000, bytesDone: 10_000 });
    expect(marks(session)).toEqual([expect.closeTo(markOf('test/model-a'), 5), null, null]);
    expect(session.model.status).toBe('ready'); // the worker stopped at its checkpoint: model kept
  });

  it('pause holds the document in flight where it stands; resume lets it go on', async () => {
    const { fakes, session, w, run } = await firstOfThreeScored();
    const inFlight = w.scores[1];
    session.pauseScoring();
    await settle();
    expect(inFlight.pauses).toEqual(['pause']);
    expect(session.scoring).toMatchObject({ paused: true, halted: true, done: 1 });
    session.resumeScoring();
    await settle();
    expect(inFlight.pauses).toEqual(['pause', 'resume']);
    expect(session.scoring).toMatchObject({ paused: false, halted: false });
    fakes.finishScore(w, inFlight);
    await settle();
    fakes.finishScore(w, w.scores[2]);
    await run;
    expect(session.scoring.done).toBe(3);
  });

  it('ends a worker that does not stop within the grace period and loads the same model again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fakes, session, run } = await firstOfThreeScored({ cancelGraceMs: 400, stopsOnCancel: false });
    session.cancelScoring();
    await run;
    vi.advanceTimersByTime(400);
    await settle();
    expect(fakes.ports[0].worker.terminated).toBe(true);
    expect(session.model.status).toBe('loading');
    const fresh = fakes.workers[1];
    expect(fresh.loads.map((l) => l.source)).toEqual([MODEL_A]);
    fakes.finishLoad(fresh);
    await settle();
    expect(session.model).toMatchObject({ status: 'ready', info: { modelId: 'test/model-a' } });
    expect(marks(session)).toEqual([expect.closeTo(markOf('test/model-a'), 5), null, null]);
  });

  it('worker death mid-call: the run ends with the reason, finished documents keep their scores', async () => {
    const { fakes, session, run } = await firstOfThreeScored();
    fakes.ports[0].worker.crash('Uncaught RangeError: Array buffer allocation failed');
    await run;
    expect(session.scoring.running).toBe(false);
    expect(session.notices.at(-1)).toMatchObject({
      severity: 'error',
      message:
        'Scoring failed: the prior worker stopped: Uncaught RangeError: Array buffer allocation failed',
    });
    expect(session.model).toMatchObject({ status: 'failed', during: 'running' });
    expect(marks(session)).toEqual([expect.closeTo(markOf('test/model-a'), 5), null, null]);
    // A fresh worker takes the next load.
    const again = session.loadModel(MODEL_A, 'wasm', 'fp32');
    await settle();
    fakes.finishLoad(fakes.workers[1]);
    await again;
    expect(session.model.status).toBe('ready');
  });

  it('runs the WebGPU self-test against a second worker and shows its verdict', async () => {
    const fakes = fakePriorWorkers();
    const session = new Session({ spawn: fakes.spawn });
    const w = await loaded(session, fakes, 'webgpu');
    await settle();
    expect(session.selfTest.status).toBe('running');
    expect(w.scores[0].texts).toEqual([SELF_TEST_SENTENCE]);
    fakes.finishScore(w, w.scores[0]);
    await settle();
    const wasm = fakes.workers[1];
    expect(wasm.loads[0]).toMatchObject({ source: MODEL_A, device: 'wasm' });
    fakes.finishLoad(wasm);
    await settle();
    fakes.finishScore(wasm, wasm.scores[0]);
    await settle();
    expect(session.selfTest).toMatchObject({ status: 'done', verdict: { ok: true } });
    expect(fakes.ports[1].worker.terminated).toBe(true);
  });

  it('switch model before the self-test returns: no verdict or failure lands on the new model', async () => {
    const fakes = fakePriorWorkers();
    const session = new Session({ spawn: fakes.spawn });
    const w = await loaded(session, fakes, 'webgpu');
    await settle();
    fakes.finishScore(w, w.scores[0]);
    await settle();
    const wasm = fakes.workers[1]; // the self-test is loading A on WASM
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await settle();
    expect(fakes.ports[1].worker.terminated).toBe(true); // the self-test was cancelled
    fakes.finishLoad(w);
    await loadB;
    fakes.finishLoad(wasm); // late, to a worker already ended
    await settle();
    expect(session.selfTest.status).toBe('none');
    expect(session.model).toMatchObject({ status: 'ready', info: { modelId: 'test/model-b' } });
  });

  it('a late self-test failure (the old model failing on the test sentence) does not fail the new model', async () => {
    const fakes = fakePriorWorkers();
    const session = new Session({ spawn: fakes.spawn });
    const w = await loaded(session, fakes, 'webgpu');
    await settle();
    w.stopsOnCancel = false;
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await settle();
    // A fails on the test sentence after B was asked for: its worker is replaced and B loads on the fresh one.
    w.scores[0].answer.reject(new Error('NaN in logits'));
    await settle();
    const fresh = fakes.workers.at(-1)!;
    expect(fresh.loads.map((l) => l.source)).toEqual([MODEL_B]);
    fakes.finishLoad(fresh);
    await loadB;
    await settle();
    expect(session.model).toMatchObject({ status: 'ready', info: { modelId: 'test/model-b' } });
    expect(session.selfTest.status).toBe('none');
  });

  it('newest load wins: a load superseded on its way never becomes the model', async () => {
    const { fakes, session } = await setup(['abc']);
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await settle();
    const loadA = session.loadModel(MODEL_A, 'wasm', 'fp32');
    await settle();
    // B's load was cancelled by ending its worker; A loads on a fresh one.
    expect(fakes.ports[0].worker.terminated).toBe(true);
    const fresh = fakes.workers[1];
    expect(fresh.loads.map((l) => l.source)).toEqual([MODEL_A]);
    fakes.finishLoad(fresh);
    await Promise.all([loadB, loadA]);
    expect(session.model).toMatchObject({ status: 'ready', info: { modelId: 'test/model-a' } });
    const run = session.scoreAll();
    await settle();
    fakes.finishScore(fresh, fresh.scores[0]);
    await run;
    expect(marks(session)).toEqual([expect.closeTo(markOf('test/model-a'), 5)]);
  });
});

describe('Session: the loaded model’s chat template', () => {
  it('lays instruction data out with each model’s template, bound to that model', async () => {
    const fakes = fakePriorWorkers();
    const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9 });
    const templates: (RenderChats | null)[] = [];
    vi.spyOn(session.input, 'setChatTemplate').mockImplementation(async (render) => {
      templates.push(render);
      return true; // as when a source read as instruction data was laid out again
    });
    // Asked for the stored scores of the documents as they are once laid out (at load, and after).
    const shelfAsked: string[][] = [];
    session.shelf = {
      load: async (_model, docs) => (shelfAsked.push(docs.map((d) => d.key)), new Map()),
      save: async () => {},
      runStarted: async () => {},
      runEnded: async () => {},
    };
    session.addPastedText('plain');
    const [w] = fakes.workers;
    w.chatTemplate = (ms) => ms.map((m) => `<${m.role}>${m.content}`).join('');
    await loaded(session, fakes);
    await settle();
    expect(templates).toHaveLength(1);
    expect(shelfAsked).toHaveLength(2);
    const ofA = templates[0]!;
    await expect(ofA([[{ role: 'user', content: 'hi' }]])).resolves.toEqual(['<user>hi']);

    // B has none: the plain template; A's render now refuses to answer for B.
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await settle();
    w.chatTemplate = null;
    fakes.finishLoad(w);
    await loadB;
    await settle();
    expect(templates).toEqual([ofA, null]);
    await expect(ofA([[{ role: 'user', content: 'hi' }]])).rejects.toThrow(
      'another model was loaded since this work started',
    );
  });
});
