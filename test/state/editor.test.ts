/**
 * Iterated editing with fake prior workers: every generation is scored by the model that scored the
 * original text, so loading another model stops the run (the generations done are kept), a dead worker
 * ends it with the reason, and cancel lands within the scoring in flight.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/state/session.svelte';
import { Editor } from '../../src/state/editor.svelte';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, MODEL_A, MODEL_B } from '../support/fake-prior';
import { sourceLabel } from '../../src/lib/scoring/models/source';

/** Model A ready, one document scored by it, and a three-generation run waiting on generation 2's scores. */
async function generating() {
  const fakes = fakePriorWorkers();
  const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9 });
  const editor = new Editor(session);
  session.addPastedText('the cat sat on the mat');
  const load = session.loadModel(MODEL_A, 'wasm', 'fp32');
  await settle();
  const [w] = fakes.workers;
  fakes.finishLoad(w);
  await load;
  const scoring = session.scoreAll();
  await settle();
  fakes.finishScore(w, w.scores[0]);
  await scoring;
  const run = editor.runGenerations(3);
  await settle();
  expect(editor.generations).toMatchObject({ running: true, done: 1 });
  expect(w.scores).toHaveLength(2); // generation 2's text, in flight
  return { fakes, session, editor, w, run, inFlight: w.scores[1] };
}

describe('Editor generations', () => {
  it('scores each generation with the loaded model until done', async () => {
    const { fakes, editor, w, run, inFlight } = await generating();
    fakes.finishScore(w, inFlight);
    await settle();
    fakes.finishScore(w, w.scores[2]);
    await run;
    expect(editor.generations).toMatchObject({ running: false, done: 3, error: '' });
    expect(editor.generations.rows).toHaveLength(3);
    expect(editor.generationsFromOtherModel).toBeNull(); // the model that made them is still loaded
  });

  it('load during score: the run stops, keeps generation 1, and the old model’s late answer adds nothing', async () => {
    const { fakes, session, editor, w, run, inFlight } = await generating();
    w.stopsOnCancel = false;
    const loadB = session.loadModel(MODEL_B, 'wasm', 'fp32');
    await run;
    expect(editor.generations.running).toBe(false);
    expect(editor.generations.error).toBe(
      'Generation 2 stopped: another model is being loaded. The generations above are kept; run again to continue with the loaded model.',
    );
    fakes.finishScore(w, inFlight); // late
    await settle();
    fakes.finishLoad(w);
    await loadB;
    expect(editor.generations.rows).toHaveLength(1);
    expect(editor.generationTexts).toHaveLength(1);
    expect(session.model.status).toBe('ready');
    // Model B is loaded now: the page says the rows came from model A instead of showing them as B's.
    expect(editor.generationsFromOtherModel).toBe(sourceLabel(MODEL_A));
  });

  it('worker death mid-call ends the run with the reason (never "running" for ever)', async () => {
    const { fakes, session, editor, run } = await generating();
    fakes.ports[0].worker.crash('Uncaught Error: out of memory');
    await run;
    expect(editor.generations.running).toBe(false);
    expect(editor.generations.error).toBe(
      'Generation 2 failed: the prior worker stopped: Uncaught Error: out of memory. The generations above are kept; load the model again to continue.',
    );
    expect(session.model).toMatchObject({ status: 'failed', during: 'running' });
  });

  it('cancel stops within the scoring in flight, keeping the generations done', async () => {
    const { editor, run, inFlight } = await generating();
    editor.cancelGenerations();
    await run;
    await settle();
    expect(editor.generations).toMatchObject({ running: false, done: 1, error: '' });
    expect(inFlight.cancelled).toBe(true);
  });
});
