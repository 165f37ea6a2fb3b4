import { describe, expect, it } from 'vitest';
import {
  detectShape,
  recogniseInstruction,
  type EditedTurns,
  type InstructionShape,
} from '../../../src/lib/sft/instruction-records';

const chat = (...turns: [string, unknown][]) => ({
  messages: turns.map(([role, content]) => ({ role, content })),
});

describe('recogniseInstruction', () => {
  const good: {
    name: string;
    record: Record<string, unknown>;
    shape: InstructionShape;
    turns: [string, string, string][];
  }[] = [
    {
      name: 'Alpaca with input',
      record: { instruction: 'Sum', input: '1 2', output: '3' },
      shape: 'alpaca',
      turns: [
        ['user', 'Sum', 'instruction'],
        ['input', '1 2', 'input'],
        ['assistant', '3', 'output'],
      ],
    },
    {
      name: 'Alpaca with an empty input (no context)',
      record: { instruction: 'Hi', input: '', output: 'Hello' },
      shape: 'alpaca',
      turns: [
        ['user', 'Hi', 'instruction'],
        ['assistant', 'Hello', 'output'],
      ],
    },
    {
      name: 'prompt/response',
      record: { id: 7, prompt: 'P', response: 'R' },
      shape: 'prompt-response',
      turns: [
        ['user', 'P', 'prompt'],
        ['assistant', 'R', 'response'],
      ],
    },
    {
      name: 'prompt/completion',
      record: { prompt: 'P', completion: 'C' },
      shape: 'prompt-completion',
      turns: [
        ['user', 'P', 'prompt'],
        ['assistant', 'C', 'completion'],
      ],
    },
    {
      name: 'question/answer',
      record: { question: 'Q', answer: 'A' },
      shape: 'question-answer',
      turns: [
        ['user', 'Q', 'question'],
        ['assistant', 'A', 'answer'],
      ],
    },
    {
      name: 'chat messages',
      record: chat(['system', 'S'], ['user', 'U'], ['assistant', 'A']),
      shape: 'messages',
      turns: [
        ['system', 'S', 'messages[0].content'],
        ['user', 'U', 'messages[1].content'],
        ['assistant', 'A', 'messages[2].content'],
      ],
    },
    {
      name: 'ShareGPT conversations',
      record: {
        conversations: [
          { from: 'system', value: 'S' },
          { from: 'human', value: 'H' },
          { from: 'gpt', value: 'G' },
        ],
      },
      shape: 'sharegpt',
      turns: [
        ['system', 'S', 'conversations[0].value'],
        ['user', 'H', 'conversations[1].value'],
        ['assistant', 'G', 'conversations[2].value'],
      ],
    },
  ];
  it.each(good)('$name', ({ record, shape, turns }) => {
    expect(detectShape(record)).toBe(shape);
    const r = recogniseInstruction(record, 'auto');
    if (!r.ok) throw new Error(r.problem.detail);
    expect(r.conversation.shape).toBe(shape);
    expect(
      r.conversation.turns.map((t) => [
        t.role,
        t.content,
        t.path.length === 1 ? t.path[0] : `${t.path[0]}[${t.path[1]}].${t.path[2]}`,
      ]),
    ).toEqual(turns);
  });

  const bad: {
    name: string;
    record: Record<string, unknown>;
    shape?: InstructionShape | 'auto';
    edited?: EditedTurns;
    field: string;
    detail: string;
    hint: RegExp;
  }[] = [
    {
      name: 'no instruction fields',
      record: { text: 'x' },
      field: '',
      detail: 'not an instruction record (its fields: text); skipped',
      hint: /instruction\/output/,
    },
    {
      name: 'Alpaca output not a string',
      record: { instruction: 'I', output: 3 },
      field: 'output',
      detail: 'field "output" is a number (3), not text; skipped',
      hint: /string/,
    },
    {
      name: 'Alpaca forced on a record without instruction',
      record: { prompt: 'p', output: 'o' },
      shape: 'alpaca',
      field: 'instruction',
      detail: 'field "instruction" is missing; skipped',
      hint: /needs "instruction"/,
    },
    {
      name: 'messages not a list',
      record: { messages: 'hello' },
      field: 'messages',
      detail: 'field "messages" is a string, not a list of turns; skipped',
      hint: /array/,
    },
    {
      name: 'unknown role',
      record: chat(['user', 'U'], ['bot', 'B']),
      field: 'messages[1].role',
      detail: 'messages[1].role is "bot"; skipped',
      hint: /system, user, assistant/,
    },
    {
      name: 'content not a string (multimodal parts)',
      record: chat(['user', 'U'], ['assistant', [{ type: 'text', text: 'A' }]]),
      field: 'messages[1].content',
      detail: 'messages[1].content is an array, not text; skipped',
      hint: /string/,
    },
    {
      name: 'no assistant turn',
      record: chat(['system', 'S'], ['user', 'U']),
      field: 'messages',
      detail: '"messages" has no assistant turn; skipped',
      hint: /add the response/,
    },
    {
      name: 'last turn not the assistant’s when only the last is edited',
      record: chat(['user', 'U'], ['assistant', 'A'], ['user', 'again']),
      edited: 'last',
      field: 'messages',
      detail: 'the last turn of "messages" is the user\'s, not the assistant\'s; skipped',
      hint: /must end with the response/,
    },
    {
      name: 'empty response',
      record: { prompt: 'P', response: '  ' },
      field: 'response',
      detail: 'the response is empty; skipped',
      hint: /nothing to edit/,
    },
    {
      name: 'ShareGPT turn not an object',
      record: { conversations: [{ from: 'human', value: 'H' }, 'gpt: G'] },
      field: 'conversations[1]',
      detail: 'conversations[1] is a string, not a turn; skipped',
      hint: /"from"/,
    },
  ];
  it.each(bad)('refuses: $name', ({ record, shape, edited, field, detail, hint }) => {
    const r = recogniseInstruction(record, shape ?? 'auto', edited ?? 'all');
    if (r.ok) throw new Error('recognised');
    expect(r.problem.severity).toBe('error');
    expect(r.problem.field).toBe(field);
    expect(r.problem.detail).toBe(detail);
    expect(r.problem.hint).toMatch(hint);
  });

  it('with every assistant turn edited, a conversation may end with the user', () => {
    const r = recogniseInstruction(chat(['user', 'U'], ['assistant', 'A'], ['user', 'again']), 'auto', 'all');
    expect(r.ok).toBe(true);
  });
});
