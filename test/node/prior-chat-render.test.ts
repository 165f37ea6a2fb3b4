/**
 * The prior worker renders instruction data with the loaded tokenizer's chat template (where the tokenizer
 * is, on the page), and the layout read from its two renderings is the one the command line makes
 * in-process: same text, same response ranges.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriorWorkerApi } from '../../src/lib/scoring/prior-worker-api';
import { recogniseInstruction, type Conversation } from '../../src/lib/sft/instruction-records';
import { chatLayout, chatLayoutOf, chatRequest } from '../../src/lib/sft/sft-layout';
import { MODELS_DIR } from '../support/node-prior';
import { bigramWithChatTemplate } from '../support/chat-template-model';

const TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{% if loop.index0 % 2 == 0 and m['role'] == 'assistant' %}" +
  "{{ raise_exception('roles must alternate') }}{% endif %}{{ '<|' + m['role'] + '|>\\n' + m['content'] + '\\n' }}{% endfor %}";

let dir: string;
beforeAll(() => {
  // A models folder holding the bigram model with a chat template, under the bundled id.
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-chat-render-'));
  bigramWithChatTemplate(path.join(dir, 'semisynth-test/bigram'), TEMPLATE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const api = (models: string) =>
  createPriorWorkerApi({
    baseUrl: 'http://127.0.0.1/',
    bundledModels: models + path.sep,
    fetch: globalThis.fetch,
  });

function conversation(record: Record<string, unknown>): Conversation {
  const r = recogniseInstruction(record, 'auto');
  if (!r.ok) throw new Error(r.problem.detail);
  return r.conversation;
}

describe('renderChat in the prior worker', () => {
  it('renders each conversation, errors one by one, and the layout matches the in-process one', async () => {
    const worker = api(dir);
    await worker.load({ kind: 'bundled', id: 'semisynth-test/bigram' }, 'cpu', 'fp32');
    const good = conversation({ instruction: 'Add.', input: '1 2', output: '3 👩‍👩‍👧' });
    const bad = conversation({ messages: [{ role: 'assistant', content: 'first' }] });
    const request = chatRequest(good, 'all');
    const rendered = worker.renderChat([request.messages, request.marked, chatRequest(bad, 'all').messages]);
    if (rendered === null) throw new Error('no template');
    const [real, marked, failed] = rendered;
    // The BOS the template writes is dropped: scoring prepends it.
    expect(real).toBe('<|user|>\nAdd.\n\n1 2\n<|assistant|>\n3 👩‍👩‍👧\n');
    expect(failed).toEqual({ error: expect.stringContaining('roles must alternate') });
    if (typeof real !== 'string' || typeof marked !== 'string') throw new Error('not rendered');
    const fromWorker = chatLayoutOf(request, real, marked);
    if (!fromWorker.ok) throw new Error(fromWorker.error);
    expect(fromWorker.layout.editable).toHaveLength(1);
    // The command line's path (chatLayout with a synchronous render) gives the same layout.
    const inProcess = chatLayout(good, 'all', (ms) => {
      const [text] = worker.renderChat([ms]) ?? [];
      if (typeof text !== 'string') throw new Error('not rendered');
      return text;
    });
    expect(inProcess).toEqual(fromWorker);
  });

  it('has no template to offer for a tokenizer without one, or for the n-gram prior', async () => {
    const worker = api(MODELS_DIR);
    await worker.load({ kind: 'bundled', id: 'semisynth-test/bigram' }, 'cpu', 'fp32');
    expect(worker.renderChat([[{ role: 'user', content: 'hi' }]])).toBeNull();
    await worker.load({ kind: 'ngram', name: 'notes', order: 2, texts: ['a b a b'] }, 'cpu', 'fp32');
    expect(worker.renderChat([[{ role: 'user', content: 'hi' }]])).toBeNull();
  });
});
