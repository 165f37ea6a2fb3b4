/**
 * Layouts from a chat template that renders elsewhere, in one batched call: the same layouts as rendering
 * in-process, a conversation the template rejects refused on its own, and no template answered as null.
 */
import { describe, expect, it } from 'vitest';
import { chatLayouts } from '../../../src/lib/sft/chat-layouts';
import { recogniseInstruction, type Conversation } from '../../../src/lib/sft/instruction-records';
import { chatLayout, type ChatMessage } from '../../../src/lib/sft/sft-layout';

function conversation(record: Record<string, unknown>): Conversation {
  const r = recogniseInstruction(record, 'auto');
  if (!r.ok) throw new Error(r.problem.detail);
  return r.conversation;
}

/** ChatML, refusing a conversation that opens with the assistant (as real templates raise). */
function chatml(ms: ChatMessage[]): string {
  if (ms[0]?.role === 'assistant') throw new Error('roles must alternate');
  return ms.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
}

/** The batched render as the prior worker answers it: each conversation's text or its error. */
const remote = async (all: ChatMessage[][]) =>
  all.map((ms) => {
    try {
      return chatml(ms);
    } catch (error) {
      return { error: (error as Error).message };
    }
  });

const CONVERSATIONS = [
  conversation({ instruction: 'Add.', input: '1 2', output: '3 👩‍👩‍👧' }),
  conversation({ messages: [{ role: 'assistant', content: 'first' }] }),
  conversation({
    messages: [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b\r\n' },
      { role: 'user', content: 'c' },
      { role: 'assistant', content: 'e\u0301' },
    ],
  }),
];

describe('chatLayouts', () => {
  it('renders every conversation twice in one call and gives the in-process layouts', async () => {
    const calls: number[] = [];
    const layouts = await chatLayouts(CONVERSATIONS, 'all', (all) => {
      calls.push(all.length);
      return remote(all);
    });
    expect(calls).toEqual([6]);
    expect(layouts).toEqual(CONVERSATIONS.map((c) => chatLayout(c, 'all', chatml)));
    expect(layouts?.map((l) => l.ok)).toEqual([true, false, true]);
    expect(layouts?.[1]).toEqual({
      ok: false,
      error: 'the chat template failed on this conversation: roles must alternate',
    });
    const last = await chatLayouts(CONVERSATIONS.slice(2), 'last', remote);
    expect(last).toEqual([chatLayout(CONVERSATIONS[2], 'last', chatml)]);
  });

  it('answers null when there is no template, and refuses an answer of the wrong length', async () => {
    await expect(chatLayouts(CONVERSATIONS, 'all', async () => null)).resolves.toBeNull();
    await expect(chatLayouts(CONVERSATIONS, 'all', async () => ['x'])).rejects.toThrow(
      'the chat template answered 1 renderings for 6',
    );
  });
});
