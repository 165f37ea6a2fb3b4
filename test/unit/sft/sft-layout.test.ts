import { describe, expect, it } from 'vitest';
import { recogniseInstruction, type Conversation } from '../../../src/lib/sft/instruction-records';
import { chatLayout, plainLayout, type ChatMessage, type SftLayout } from '../../../src/lib/sft/sft-layout';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function conversation(record: Record<string, unknown>): Conversation {
  const r = recogniseInstruction(record, 'auto');
  if (!r.ok) throw new Error(r.problem.detail);
  return r.conversation;
}

/** The text of each editable range, cut from the UTF-8 bytes. */
const rangeTexts = (layout: SftLayout) =>
  layout.editable.map((r) => dec.decode(enc.encode(layout.text).subarray(r.start, r.end)));

/** Hard texts: CJK, an emoji ZWJ sequence, combining marks, CRLF, tabs, runs of spaces, a BOM. */
const HARD = ['日本語の文。', '👩‍👩‍👧 family', 'e\u0301te\u0301', 'a\r\nb\r\n', '\tx  y   ', '\uFEFFbom'];

describe('plain template', () => {
  it('writes the documented Alpaca layout', () => {
    const c = conversation({ instruction: 'Add.', input: '1 2', output: '3' });
    const layout = plainLayout(c, 'all');
    expect(layout.text).toBe('### Instruction:\nAdd.\n\n### Input:\n1 2\n\n### Response:\n3');
    expect(layout.editable).toEqual([{ start: layout.text.length - 1, end: layout.text.length }]);
    expect(layout.editedTurns).toEqual([2]);
    expect(layout.template).toBe('plain');
  });

  it.each(HARD)('puts the ranges on the responses’ bytes exactly: %j', (hard) => {
    const c = conversation({
      messages: [
        { role: 'system', content: hard },
        { role: 'user', content: `${hard}?` },
        { role: 'assistant', content: hard },
        { role: 'user', content: 'more' },
        { role: 'assistant', content: `${hard}!${hard}` },
      ],
    });
    const all = plainLayout(c, 'all');
    expect(rangeTexts(all)).toEqual([hard, `${hard}!${hard}`]);
    expect(all.editedTurns).toEqual([2, 4]);
    const last = plainLayout(c, 'last');
    expect(rangeTexts(last)).toEqual([`${hard}!${hard}`]);
    expect(last.text).toBe(all.text);
  });
});

/** ChatML, as Qwen and SmolLM write it. */
const chatml = (ms: ChatMessage[]) =>
  ms.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');

describe('chat template', () => {
  it.each(HARD)('locates each assistant turn in the rendering: %j', (hard) => {
    // The response is also the role's name and appears in the prompt: a text search would misplace it.
    const c = conversation({
      messages: [
        { role: 'user', content: `assistant ${hard}` },
        { role: 'assistant', content: 'assistant' },
        { role: 'user', content: hard },
        { role: 'assistant', content: hard },
      ],
    });
    const r = chatLayout(c, 'all', chatml);
    if (!r.ok) throw new Error(r.error);
    expect(r.layout.text).toBe(
      chatml(c.turns.map((t) => ({ role: t.role as ChatMessage['role'], content: t.content }))),
    );
    expect(rangeTexts(r.layout)).toEqual(['assistant', hard]);
    const at = enc.encode(r.layout.text);
    expect(dec.decode(at.subarray(0, r.layout.editable[0].start))).toBe(
      `<|im_start|>user\nassistant ${hard}<|im_end|>\n<|im_start|>assistant\n`,
    );
    expect(r.layout.template).toBe('chat');
  });

  it('joins an Alpaca input to the instruction’s message', () => {
    const seen: ChatMessage[][] = [];
    const r = chatLayout(conversation({ instruction: 'Add.', input: '1 2', output: '3' }), 'all', (ms) => {
      seen.push(ms);
      return chatml(ms);
    });
    if (!r.ok) throw new Error(r.error);
    expect(seen[0]).toEqual([
      { role: 'user', content: 'Add.\n\n1 2' },
      { role: 'assistant', content: '3' },
    ]);
    expect(r.layout.editedTurns).toEqual([2]);
  });

  it('refuses a template that trims the content', () => {
    const trimming = (ms: ChatMessage[]) => chatml(ms.map((m) => ({ ...m, content: m.content.trim() })));
    const r = chatLayout(conversation({ prompt: 'P', response: ' R ' }), 'all', trimming);
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/changes the assistant turns .* plain template/),
    });
  });

  it('refuses a template that leaves out an earlier assistant turn', () => {
    const lastOnly = (ms: ChatMessage[]) =>
      chatml(ms.filter((m, i) => m.role !== 'assistant' || i === ms.length - 1));
    const c = conversation({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
        { role: 'assistant', content: 'd' },
      ],
    });
    expect(chatLayout(c, 'all', lastOnly)).toEqual({
      ok: false,
      error: expect.stringMatching(/leaves out or repeats a turn/),
    });
    // Editing the last turn only, the same template is fine.
    const last = chatLayout(c, 'last', lastOnly);
    if (!last.ok) throw new Error(last.error);
    expect(rangeTexts(last.layout)).toEqual(['d']);
  });

  it('says when the template throws', () => {
    const r = chatLayout(conversation({ prompt: 'P', response: 'R' }), 'all', () => {
      throw new Error('Conversation roles must alternate');
    });
    expect(r).toEqual({
      ok: false,
      error: 'the chat template failed on this conversation: Conversation roles must alternate',
    });
  });
});
