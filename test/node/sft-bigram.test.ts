/**
 * Instruction data on the bigram test model, against probabilities computed here from the bigram table:
 * the response is scored in one pass over the whole conversation, so its first token's probability is
 * p(first | the token before it), and that token is the prompt's (or the template's) last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { loadCliModel } from '../../src/cli/cli-model';
import { recogniseInstruction, type Conversation } from '../../src/lib/sft/instruction-records';
import { chatLayout, plainLayout, type SftLayout } from '../../src/lib/sft/sft-layout';
import { sftExportRecord } from '../../src/lib/sft/sft-export';
import { vocabularyOf, type Vocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { DEFAULT_CONFIG } from '../../src/lib/toedit/config';
import { editDocument } from '../../src/lib/toedit/edit-engine';
import { BOS, bigramReference } from '../support/bigram-reference';
import { loadNodePrior } from '../support/node-prior';
import { bigramWithChatTemplate } from '../support/chat-template-model';

const V = 320;
const enc = new TextEncoder();
/** ChatML with the BOS token first, as Llama-family templates open. */
const CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{{ '<|' + m['role'] + '|>\\n' + m['content'] + '\\n' }}{% endfor %}";

let dir: string;
let prior: TransformersPrior;
let chatPrior: TransformersPrior;
let tokenizer: PreTrainedTokenizer;
let vocab: Vocabulary;
let logP: (a: number, b: number) => number;

beforeAll(async () => {
  prior = await loadNodePrior('semisynth-test/bigram');
  tokenizer = await AutoTokenizer.from_pretrained('semisynth-test/bigram');
  logP = bigramReference(tokenizer, V).logP;
  vocab = vocabularyOf(prior.vocabularyBytes());
  // The same model with a chat template in its tokenizer_config.json.
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-sft-'));
  const folder = bigramWithChatTemplate(path.join(dir, 'bigram-chat'), CHAT_TEMPLATE);
  chatPrior = await loadCliModel(folder, 'fp32', 'cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function conversation(record: Record<string, unknown>): Conversation {
  const r = recogniseInstruction(record, 'auto');
  if (!r.ok) throw new Error(r.problem.detail);
  return r.conversation;
}

/** The layout's scores, with the tokenizer's own ids (independent of the scorer) and the reference log-probs. */
async function scored(p: TransformersPrior, layout: SftLayout) {
  const [scores] = await p.scoreBatch([layout.text], { k: 8 });
  const ids = tokenizer.encode(layout.text, { add_special_tokens: false });
  expect(Array.from(scores.tokenIds)).toEqual(ids);
  const withBos = [BOS, ...ids];
  const reference = ids.map((id, t) => logP(withBos[t], id));
  return { scores, ids, reference };
}

/** Index of the token starting exactly at `byte` (the layout must not merge a response into its prompt). */
function tokenAt(scores: { byteStart: Uint32Array }, byte: number): number {
  const i = scores.byteStart.indexOf(byte);
  expect(i).toBeGreaterThan(0);
  return i;
}

describe('instruction data on the bigram model', () => {
  it('scores the plain-template response given the prompt: every log-prob is the bigram table’s', async () => {
    const record = {
      instruction: 'Repeat the line.',
      input: 'fox',
      output: 'The quick brown fox jumps over the lazy dog.',
    };
    const layout = plainLayout(conversation(record), 'all');
    const { scores, ids, reference } = await scored(prior, layout);
    for (let t = 0; t < ids.length; t++) expect(scores.logprob[t]).toBeCloseTo(reference[t], 5);
    // The first response token follows the template's "\n": p(The | "\n"), not p(The | <s>).
    const first = tokenAt(scores, layout.editable[0].start);
    const newline = tokenizer.encode('\n', { add_special_tokens: false });
    expect(newline).toHaveLength(1);
    expect(ids[first - 1]).toBe(newline[0]);
    expect(scores.logprob[first]).toBeCloseTo(logP(newline[0], ids[first]), 5);
    expect(Math.abs(logP(newline[0], ids[first]) - logP(BOS, ids[first]))).toBeGreaterThan(0.1);
  });

  it('with a chat template, the first response token is conditioned on the prompt’s last token', async () => {
    const render = chatPrior.chatRender();
    expect(render).not.toBeNull();
    const probabilities = [];
    // A template writing the contents back to back: the token before the response is the prompt's last.
    for (const prompt of ['the lazy dog.', 'the quick brown fox']) {
      const c = conversation({ prompt, response: ' jumps over the lazy dog.' });
      const direct = chatLayout(c, 'all', (ms) => ms.map((m) => m.content).join(''));
      if (!direct.ok) throw new Error(direct.error);
      const { scores, ids, reference } = await scored(prior, direct.layout);
      const first = tokenAt(scores, direct.layout.editable[0].start);
      expect(scores.logprob[first]).toBeCloseTo(reference[first], 5);
      expect(tokenizer.decode([ids[first - 1]])).toBe(
        prompt.slice(-tokenizer.decode([ids[first - 1]]).length),
      );
      probabilities.push(Math.exp(scores.logprob[first]));
    }
    // The same response token, two prompts, two probabilities: the prompt is part of the condition.
    expect(Math.abs(probabilities[0] - probabilities[1])).toBeGreaterThan(1e-3);
  });

  it('renders with the tokenizer’s own chat template (BOS dropped: scoring prepends it) and places the response', async () => {
    const render = chatPrior.chatRender()!;
    const c = conversation({
      messages: [
        { role: 'user', content: 'Say it.' },
        { role: 'assistant', content: 'The quick brown fox.' },
      ],
    });
    const r = chatLayout(c, 'all', render);
    if (!r.ok) throw new Error(r.error);
    expect(r.layout.text).toBe('<|user|>\nSay it.\n<|assistant|>\nThe quick brown fox.\n');
    const { scores, ids, reference } = await scored(chatPrior, r.layout);
    for (let t = 0; t < ids.length; t++) expect(scores.logprob[t]).toBeCloseTo(reference[t], 5);
    const bytes = enc.encode(r.layout.text);
    const { start, end } = r.layout.editable[0];
    expect(new TextDecoder().decode(bytes.subarray(start, end))).toBe('The quick brown fox.');
    expect(prior.chatRender()).toBeNull();
  });

  it('flags exactly the response tokens whose bigram probability exceeds 0.99, and edits only them', async () => {
    // The corpus text the bigram table is near-certain about most often.
    const certain = (doc: string) => {
      const ids = [BOS, ...tokenizer.encode(doc, { add_special_tokens: false })];
      return ids.slice(1).filter((id, t) => Math.exp(logP(ids[t], id)) > 0.99).length;
    };
    const text = CORPUS_DOCUMENTS.reduce((a, b) => (certain(b) > certain(a) ? b : a));
    const record = { id: 'r1', prompt: text, response: text };
    const c = conversation(record);
    const layout = plainLayout(c, 'all');
    const { scores, reference } = await scored(prior, layout);
    const { start, end } = layout.editable[0];
    const expected: number[] = [];
    for (let t = 0; t < reference.length; t++) {
      const p = Math.exp(reference[t]);
      expect(Math.abs(p - 0.99)).toBeGreaterThan(1e-6);
      if (p > 0.99 && scores.byteStart[t] >= start && scores.byteEnd[t] <= end) expected.push(t);
    }
    // The prompt holds the same text: its near-certain tokens are context, never flagged.
    const promptFlags = reference.filter((lp, t) => Math.exp(lp) > 0.99 && scores.byteEnd[t] <= start);
    expect(promptFlags.length).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThan(0);
    for (const seed of [0, 1, 2]) {
      const edit = editDocument(
        layout.text,
        scores,
        { ...DEFAULT_CONFIG, forceChange: true },
        seed,
        0,
        vocab,
        layout.editable,
      );
      if (!edit.ok) throw new Error(edit.error);
      expect(edit.log.map((e) => e.position)).toEqual(expected);
      expect(edit.bytesChanged).toBe(true);
      const out = sftExportRecord(record, c, layout, edit);
      expect(out.id).toBe('r1');
      expect(out.prompt).toBe(text);
      expect(out.response).not.toBe(text);
      expect(out.semisynth_sft).toEqual({ shape: 'prompt-response', template: 'plain', edited_turns: 1 });
    }
  });
});
