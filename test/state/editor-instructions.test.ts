/**
 * The editor on instruction documents (fake prior: one token per byte, every one flagged with p ≤ 1):
 * only the responses change, in the corpus export, in each document's edit and in every generation, and
 * the export keeps each record's structure.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/state/session.svelte';
import { Editor } from '../../src/state/editor.svelte';
import type { CorpusSource, SessionDocument } from '../../src/state/corpus-sources.svelte';
import { recogniseInstruction } from '../../src/lib/sft/instruction-records';
import { plainLayout } from '../../src/lib/sft/sft-layout';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { settle } from '../support/fake-worker';
import { fakePriorWorkers, fakeScores, MODEL_A, type FakeScore } from '../support/fake-prior';

/** The fake model's scores with two alternatives per token, 'y' and 'z', so a forced change always has one. */
function answer(call: FakeScore): void {
  call.answer.resolve(
    call.texts.map((text) => {
      const s = fakeScores(text, Math.log(0.5));
      for (let i = 0; i < text.length; i++) {
        s.topIds.set([121, 122], i * s.k);
        s.topLogprobs.set([Math.log(0.6), Math.log(0.4)], i * s.k);
      }
      return s;
    }),
  );
}

const RECORDS = [
  { id: 'a', instruction: 'Say hello.', input: '', output: 'hello there' },
  {
    id: 'b',
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'hey you' },
    ],
  },
];

function instructionDocument(record: Record<string, unknown>, index: number): SessionDocument {
  const r = recogniseInstruction(record, 'auto');
  if (!r.ok) throw new Error(r.problem.detail);
  const layout = plainLayout(r.conversation, 'all');
  return {
    index,
    text: layout.text,
    origin: { source: 'sft.jsonl', line: index + 1 },
    record,
    sourceId: 1,
    key: `1/#instructions/${index + 1}`,
    instruction: { conversation: r.conversation, layout },
  };
}

async function scoredSession() {
  const fakes = fakePriorWorkers();
  const session = new Session({ spawn: fakes.spawn, cancelGraceMs: 1e9 });
  const editor = new Editor(session);
  // The documents as CorpusSources builds them from a file read as instruction data (tested there).
  const source: CorpusSource = {
    id: 1,
    name: 'sft.jsonl',
    kind: 'jsonl',
    file: null,
    fields: [],
    field: undefined,
    instructions: true,
    reading: null,
    documents: RECORDS.map(instructionDocument),
    problems: [],
  };
  session.input.sources = [source];
  const load = session.loadModel(MODEL_A, 'wasm', 'fp32');
  await settle();
  const [w] = fakes.workers;
  fakes.finishLoad(w);
  await load;
  const scoring = session.scoreAll();
  await settle();
  answer(w.scores[0]);
  await scoring;
  editor.config = { ...DEFAULT_CONFIG, rule: 'at-most', tau: 1, forceChange: true };
  return { session, editor, w };
}

describe('Editor on instruction data', () => {
  it('edits only the responses and exports each record in its own structure', async () => {
    const { session, editor } = await scoredSession();
    for (const doc of session.documents) {
      const edit = editor.editFor(doc);
      if (!edit?.ok) throw new Error('not edited');
      const [range] = doc.instruction!.layout.editable;
      expect(edit.log.length).toBe(range.end - range.start); // every response byte, nothing else
      expect(edit.log.every((e) => e.byteStart >= range.start && e.byteEnd <= range.end)).toBe(true);
      expect(edit.text.slice(0, range.start)).toBe(doc.text.slice(0, range.start)); // ASCII: bytes = chars
    }
    const lines = editor
      .jsonl()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0])).toEqual([
      'id',
      'instruction',
      'input',
      'output',
      'semisynth_edit_stats',
      'semisynth_sft',
    ]);
    expect(lines[0]).toMatchObject({ id: 'a', instruction: 'Say hello.', input: '' });
    expect(lines[0].output).not.toBe('hello there');
    expect((lines[0].output as string).length).toBe('hello there'.length); // one byte replaced per byte
    const messages = lines[1].messages as { role: string; content: string }[];
    expect(messages[0]).toEqual({ role: 'user', content: 'Hi' });
    expect(messages[1].content).not.toBe('hey you');
    expect(editor.recipe('test')?.sft).toEqual({ shape: 'auto', edited: 'all', template: 'plain' });
    // Laid out with the model's chat template: the command line's `--sft-template auto` reproduces it.
    const [source] = session.input.sources;
    const chat = source.documents.map((d) => ({
      ...d,
      instruction: { ...d.instruction!, layout: { ...d.instruction!.layout, template: 'chat' as const } },
    }));
    session.input.sources = [{ ...source, documents: chat }];
    expect(editor.recipe('test')?.sft).toEqual({ shape: 'auto', edited: 'all', template: 'auto' });
  });

  it('every generation edits the responses where the last one left them; the prompts never change', async () => {
    const { session, editor, w } = await scoredSession();
    const run = editor.runGenerations(3);
    for (let g = 2; g <= 3; g++) {
      await settle();
      answer(w.scores[g - 1]);
    }
    await run;
    expect(editor.generations).toMatchObject({ running: false, done: 3, error: '' });
    session.documents.forEach((doc, i) => {
      const [range] = doc.instruction!.layout.editable;
      const promptText = doc.text.slice(0, range.start);
      let previous = doc.text;
      for (const texts of editor.generationTexts) {
        expect(texts[i].startsWith(promptText)).toBe(true);
        expect(texts[i]).not.toBe(previous);
        // One byte per byte here, so the response keeps its place.
        expect(texts[i].length).toBe(doc.text.length);
        previous = texts[i];
      }
    });
    // Every generation flagged the response bytes only.
    const responseBytes = session.documents.reduce(
      (n, d) => n + d.instruction!.layout.editable[0].end - d.instruction!.layout.editable[0].start,
      0,
    );
    for (const row of editor.generations.rows) expect(row).toMatchObject({ flagged: responseBytes });
  });
});
