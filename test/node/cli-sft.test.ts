/**
 * `semisynth edit --sft` and `semisynth score --sft`, run as a user runs them: instruction records of every
 * shape come back in their own structure with only the responses edited, byte for byte what the engine
 * gives in-process; Parquet output keeps the structure; bad records and options are said.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { recogniseInstruction } from '../../src/lib/sft/instruction-records';
import { plainLayout } from '../../src/lib/sft/sft-layout';
import { sftEditedLine } from '../../src/lib/sft/sft-export';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editDocument } from '../../src/lib/toedit/edit-engine';
import { loadNodePrior } from '../support/node-prior';
import { bigramWithChatTemplate } from '../support/chat-template-model';
import { runCli } from '../support/run-cli';

/** The tests spawn the command several times (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 240_000;

const [A, B, C, D] = CORPUS_DOCUMENTS;
const RECORDS: Record<string, unknown>[] = [
  { id: 0, instruction: 'Describe Semisynth.', input: '', output: A },
  {
    id: 1,
    messages: [
      { role: 'system', content: 'Answer in full sentences.' },
      { role: 'user', content: 'What is token editing?' },
      { role: 'assistant', content: B },
      { role: 'user', content: 'And collapse?' },
      { role: 'assistant', content: C },
    ],
  },
  { id: 2, note: 'no response here', messages: [{ role: 'user', content: 'Hello?' }] },
  {
    id: 3,
    conversations: [
      { from: 'human', value: 'Go on.' },
      { from: 'gpt', value: D },
    ],
  },
  { id: 4, prompt: 'Complete: ', completion: '日本語 and 👩‍👩‍👧\r\nend' },
];
const SETTINGS = ['--seed', '3', '--rule', 'at-most', '--tau', '1', '--force-change', '--progress', 'none'];
/** `semisynth edit --sft auto` of sft.jsonl with SETTINGS, to `output` in the scratch folder. */
const editSft = (output: string) =>
  runCli([
    'edit',
    '-m',
    'semisynth-test/bigram',
    '-i',
    at('sft.jsonl'),
    '-o',
    at(output),
    '--sft',
    'auto',
    ...SETTINGS,
  ]);

let dir: string;
let prior: TransformersPrior;
const at = (name: string) => path.join(dir, name);
const lines = (name: string) =>
  readFileSync(at(name), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-sft-'));
  writeFileSync(at('sft.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  prior = await loadNodePrior('semisynth-test/bigram');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('semisynth edit --sft', () => {
  it(
    'edits only the responses and writes each record in its own structure, as the engine does in-process',
    async () => {
      const run = await editSft('out.jsonl');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        'instruction data: 1 alpaca, 1 messages, 1 sharegpt, 1 prompt-completion (plain template)',
      );
      expect(run.stderr).toContain('error: sft.jsonl: line 3: "messages" has no assistant turn; skipped');

      const vocab = vocabularyOf(prior.vocabularyBytes());
      const config = { ...DEFAULT_CONFIG, rule: 'at-most' as const, tau: 1, forceChange: true };
      let expected = '';
      // Records of no instruction shape are left out before numbering, as the page leaves them out.
      let index = 0;
      for (const record of RECORDS) {
        const r = recogniseInstruction(record, 'auto');
        if (!r.ok) continue;
        const layout = plainLayout(r.conversation, 'all');
        const [scores] = await prior.scoreBatch([layout.text], { k: 8 });
        const edit = editDocument(layout.text, scores, config, 3, index, vocab, layout.editable);
        expected += sftEditedLine(record, r.conversation, layout, edit);
        index++;
      }
      expect(readFileSync(at('out.jsonl'), 'utf8')).toBe(expected);

      const out = lines('out.jsonl');
      expect(out.map((r) => r.id)).toEqual([0, 1, 3, 4]);
      // Prompts as they were, responses changed.
      expect(out[0]).toMatchObject({ instruction: 'Describe Semisynth.', input: '' });
      expect(out[0].output).not.toBe(A);
      const messages = out[1].messages as { role: string; content: string }[];
      expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
      expect(messages.filter((m) => m.role !== 'assistant')).toEqual(
        (RECORDS[1].messages as { role: string }[]).filter((m) => m.role !== 'assistant'),
      );
      expect(messages[2].content).not.toBe(B);
      expect(messages[4].content).not.toBe(C);
      expect(out[3]).toMatchObject({ prompt: 'Complete: ' });
      expect(out[1].semisynth_sft).toEqual({ shape: 'messages', template: 'plain', edited_turns: 2 });
      expect(out[1]).not.toHaveProperty('semisynth_edited_text');

      // The recipe says how the records were laid out, and alone reproduces the run.
      const recipe = JSON.parse(readFileSync(at('out.recipe.json'), 'utf8')) as { sft: unknown };
      expect(recipe.sft).toEqual({ shape: 'auto', edited: 'all', template: 'auto' });
      const again = await runCli([
        'edit',
        '-i',
        at('sft.jsonl'),
        '-o',
        at('again.jsonl'),
        '--recipe',
        at('out.recipe.json'),
        '--progress',
        'none',
      ]);
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(at('again.jsonl'), 'utf8')).toBe(expected);

      // Parquet: the same records, nested turns included.
      const parquet = await editSft('out.parquet');
      expect(parquet.code, parquet.stderr).toBe(0);
      const bytes = readFileSync(at('out.parquet'));
      const rows = await parquetReadObjects({
        file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      });
      expect(rows).toHaveLength(4);
      rows.forEach((row, i) => {
        const present = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
        expect(present, `row ${i}`).toEqual(out[i]);
      });
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'scores with the model’s chat template: the rendered text and the responses’ byte ranges',
    async () => {
      const template =
        "{% for m in messages %}{{ '<|' + m['role'] + '|>\\n' + m['content'] + '\\n' }}{% endfor %}";
      const folder = bigramWithChatTemplate(at('bigram-chat'), template);
      const run = await runCli([
        'score',
        '-m',
        folder,
        '-i',
        at('sft.jsonl'),
        '-o',
        at('scores.jsonl'),
        '--sft',
        'auto',
        '--sft-turns',
        'last',
        '--progress',
        'none',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('(chat template)');
      const scored = lines('scores.jsonl');
      expect(scored.map((s) => s.index)).toEqual([0, 1, 2, 3]);
      expect(scored[0].text).toBe(`<|user|>\nDescribe Semisynth.\n<|assistant|>\n${A}\n`);
      const enc = new TextEncoder();
      const dec = new TextDecoder();
      const responses = scored.map((s) => {
        const ranges = s.editable as [number, number][];
        expect(ranges).toHaveLength(1);
        return dec.decode(enc.encode(s.text as string).subarray(ranges[0][0], ranges[0][1]));
      });
      expect(responses).toEqual([A, C, D, '日本語 and 👩‍👩‍👧\r\nend']);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'says what is wrong with the options and with a file of no instruction records',
    async () => {
      const edit = (input: string, ...options: string[]) =>
        runCli(['edit', '-m', 'semisynth-test/bigram', '-i', at(input), '-o', at('x.jsonl'), ...options]);
      const bad = await edit('sft.jsonl', '--sft', 'chatml');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--sft chatml: expected one of off, auto, alpaca, prompt-response');
      const lone = await edit('sft.jsonl', '--sft-turns', 'last');
      expect(lone.code).toBe(2);
      expect(lone.stderr).toContain('--sft-turns and --sft-template need --sft');
      writeFileSync(at('plain.jsonl'), JSON.stringify({ text: 'just text' }) + '\n');
      const none = await edit('plain.jsonl', '--sft', 'auto');
      expect(none.code).toBe(3);
      expect(none.stderr).toContain('the inputs hold no documents');
      expect(none.stderr).toContain('plain.jsonl: line 1: not an instruction record (its fields: text)');
      // A chat template that rewrites the responses: no record can be laid out exactly, so none is scored.
      const upper = bigramWithChatTemplate(
        at('bigram-upper'),
        "{% for m in messages %}{{ m['content'] | upper }}{% endfor %}",
      );
      const rewritten = await edit('sft.jsonl', '--sft', 'auto', '-m', upper);
      expect(rewritten.code).toBe(3);
      expect(rewritten.stderr).toContain('no record could be laid out');
      expect(rewritten.stderr).toContain('the chat template changes the assistant turns as it writes them');
      expect(rewritten.stderr).toContain('--sft-template plain');
    },
    SPAWNS_TIMEOUT,
  );
});
