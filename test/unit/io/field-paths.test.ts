/**
 * Field paths that read some items of a list ("messages[role=assistant].content"): the grammar, what is
 * read and how it is joined, the candidates the tally offers, the default for chat and instruction data,
 * and the messages for a malformed path or a filter that matches nothing — per record and before reading.
 */
import { describe, expect, it } from 'vitest';
import { chooseDefaultField, listStringFields } from '../../../src/lib/io/fields';
import { missingFieldDetail, parseFieldPath, readField } from '../../../src/lib/io/json-values';
import { recordText } from '../../../src/lib/io/record-text';
import { inspectFile } from '../../../src/lib/io/inspect';
import { readCorpus, type CorpusBatch } from '../../../src/lib/io/read-corpus';

const CHAT = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi?' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'Bye?' },
    { role: 'assistant', content: 'Goodbye.' },
  ],
};
const SHAREGPT = {
  conversations: [
    { from: 'human', value: 'Q?' },
    { from: 'gpt', value: 'A.' },
  ],
};

describe('the path grammar', () => {
  it.each([
    ['text', undefined],
    ['meta.source', { kind: 'nested', parent: 'meta', key: 'source' }],
    ['tags[]', { kind: 'list', list: 'tags', key: undefined }],
    ['messages[].content', { kind: 'list', list: 'messages', key: 'content' }],
    [
      'messages[role=assistant].content',
      { kind: 'list', list: 'messages', key: 'content', filter: { key: 'role', value: 'assistant' } },
    ],
    // The value runs to "]": spaces and "=" are part of it, compared as written.
    [
      'turns[speaker=Dr. A=B].text',
      { kind: 'list', list: 'turns', key: 'text', filter: { key: 'speaker', value: 'Dr. A=B' } },
    ],
  ])('%s parses', (name, path) => {
    expect(parseFieldPath(name)).toEqual({ ok: true, path });
  });

  it.each([
    ['messages[role=assistant.content', 'its "[" and "]" do not pair up'],
    ['messages]', 'its "[" and "]" do not pair up'],
    ['a[][].b', 'it has more than one "[…]" (one list level is read)'],
    ['[role=assistant].content', 'it names no list before "["'],
    ['messages[0].content', '"[0]" is neither "[]" nor a filter "[key=value]"'],
    ['messages[role=].content', 'the filter "[role=]" needs both a key and a value'],
    ['messages[=assistant].content', 'the filter "[=assistant]" needs both a key and a value'],
    ['messages[]content', 'only ".key" may follow "]"'],
    ['messages[].', 'only ".key" may follow "]"'],
    [
      'messages[role=assistant]',
      'the filter picks whole items; name the key to read after it, e.g. "messages[role=assistant].content"',
    ],
  ])('%s is malformed: %s', (name, detail) => {
    expect(parseFieldPath(name)).toEqual({ ok: false, detail });
  });
});

describe('reading a path', () => {
  const rec = { ...CHAT, ...SHAREGPT, meta: { lang: 'en' }, odd: [{ role: 'assistant' }, 'x', null] };
  it.each([
    // Every item, in list order, a blank line apart.
    ['messages[].content', 'Be brief.\n\nHi?\n\nHello.\n\nBye?\n\nGoodbye.'],
    // Only the items whose role is exactly "assistant", in list order, a blank line apart.
    ['messages[role=assistant].content', 'Hello.\n\nGoodbye.'],
    ['messages[role=user].content', 'Hi?\n\nBye?'],
    ['messages[role=system].content', 'Be brief.'],
    ['conversations[from=gpt].value', 'A.'],
    ['meta.lang', 'en'],
  ])('%s reads %j', (name, value) => {
    expect(readField(rec, name)).toEqual({ value });
  });

  it.each([
    ['the value is compared exactly, case included', 'messages[role=Assistant].content'],
    ['no item has the speaker', 'messages[role=tool].content'],
    ['the matching items lack the key', 'odd[role=assistant].content'],
    ['not a list', 'meta[role=assistant].content'],
    ['no such list', 'turns[role=assistant].content'],
    ['malformed', 'messages[role=assistant'],
  ])('nothing when %s', (_why, name) => {
    expect(readField(rec, name)).toBeUndefined();
  });

  it('an own key with brackets in its name is read as it is, before any path', () => {
    expect(readField({ 'a[x=y].b': 'own', a: [{ x: 'y', b: 'path' }] }, 'a[x=y].b')).toEqual({
      value: 'own',
    });
    expect(readField({ a: [{ x: 'y', b: 'path' }] }, 'a[x=y].b')).toEqual({ value: 'path' });
  });

  it('says why a filter found nothing, naming the values there', () => {
    expect(missingFieldDetail(rec, 'messages[role=Assistant].content')).toEqual({
      reason:
        'matches no item: no item of "messages" has role "Assistant" (its values of "role": "system", "user", "assistant")',
      hint: 'The value is compared exactly, case included. Choose "messages[].content" to read every item.',
    });
    expect(missingFieldDetail({ messages: [] }, 'messages[role=assistant].content')?.reason).toBe(
      'matches no item: "messages" is an empty list',
    );
    expect(missingFieldDetail(rec, 'odd[role=assistant].content')?.reason).toBe(
      'matches no text: the items of "odd" whose role is "assistant" have no key "content"',
    );
    expect(missingFieldDetail(rec, 'messages[role=x')?.reason).toBe(
      'is a malformed path: its "[" and "]" do not pair up',
    );
    // A plain missing key has nothing more to say than "missing".
    expect(missingFieldDetail(rec, 'turns[role=assistant].content')).toBeUndefined();
    expect(missingFieldDetail(rec, 'absent')).toBeUndefined();
  });

  it('a record without the speaker is skipped with the line’s reason and what to do', () => {
    const r = recordText(
      { messages: [{ role: 'user', content: 'Hi?' }] },
      'messages[role=assistant].content',
    );
    expect(r).toEqual({
      ok: false,
      problem: {
        severity: 'error',
        field: 'messages[role=assistant].content',
        detail:
          'field "messages[role=assistant].content" matches no item: no item of "messages" has role "assistant" (its values of "role": "user"); skipped',
        hint: 'The value is compared exactly, case included. Choose "messages[].content" to read every item.',
      },
    });
  });
});

describe('candidates and the default', () => {
  it('offers each speaker’s turns beside the whole list, counting records that have them', () => {
    const fields = listStringFields([CHAT, { messages: [{ role: 'user', content: 'Only a question.' }] }]);
    expect(fields).toEqual([
      { name: 'messages[].role', count: 2 },
      { name: 'messages[].content', count: 2 },
      { name: 'messages[role=user].content', count: 2 },
      { name: 'messages[role=system].content', count: 1 },
      { name: 'messages[role=assistant].content', count: 1 },
    ]);
  });

  it('offers no filter for a list without a speaker key, nor for a value a path cannot spell', () => {
    expect(listStringFields([{ items: [{ name: 'a', note: 'b' }] }]).map((f) => f.name)).toEqual([
      'items[].name',
      'items[].note',
    ]);
    expect(listStringFields([{ t: [{ role: 'a]b', content: 'x' }] }]).map((f) => f.name)).toEqual([
      't[].role',
      't[].content',
    ]);
  });

  it.each([
    ['OpenAI messages: the assistant’s turns', [CHAT], 'messages[role=assistant].content'],
    ['ShareGPT conversations: gpt’s turns', [SHAREGPT], 'conversations[from=gpt].value'],
    ['…even beside a "text" field', [{ text: 'whole chat', ...CHAT }], 'messages[role=assistant].content'],
    [
      'Alpaca: "output", not "instruction" or the rendered "text"',
      [{ instruction: 'Q', input: '', output: 'A', text: 'Q A' }],
      'output',
    ],
    ['prompt/completion: "completion"', [{ prompt: 'Q', completion: 'A' }], 'completion'],
    ['question/response: "response"', [{ question: 'Q', response: 'A' }], 'response'],
    ['question/answer: "answer"', [{ question: 'Q', answer: 'A' }], 'answer'],
    ['no instruction field: "text" as before', [{ text: 'T', output: 'O' }], 'text'],
  ])('%s', (_what, records, expected) => {
    expect(chooseDefaultField(listStringFields(records))).toBe(expected);
  });

  it('a chat where few records have an assistant turn keeps the better-filled field', () => {
    const records = [CHAT, ...Array.from({ length: 3 }, () => ({ text: 'plain', messages: [] }))];
    expect(chooseDefaultField(listStringFields(records.map((r) => ({ text: 'plain', ...r }))))).toBe('text');
  });
});

describe('a named path checked before the file is read', () => {
  const jsonl = (records: unknown[]) => new Blob([records.map((r) => JSON.stringify(r)).join('\n') + '\n']);

  it('a malformed path is refused with what to write', async () => {
    const r = await inspectFile(jsonl([CHAT]), 'chat.jsonl', {
      kind: 'jsonl',
      field: 'messages[role=assistant',
    });
    expect(r.resolved).toBeUndefined();
    expect(r.problems).toEqual([
      {
        severity: 'error',
        source: 'chat.jsonl',
        field: 'messages[role=assistant',
        message:
          'chat.jsonl: field "messages[role=assistant" is a malformed path: its "[" and "]" do not pair up.',
        hint: 'Write a list\'s items as "a[]", "a[].b", or "a[key=value].b" for only the items whose key is value (e.g. "messages[role=assistant].content").',
      },
    ]);
  });

  it('a filter that matches nothing in the sampled records is refused with the first line’s reason', async () => {
    const r = await inspectFile(jsonl([{ id: 1 }, CHAT, CHAT]), 'chat.jsonl', {
      kind: 'jsonl',
      field: 'messages[role=gpt].content',
    });
    expect(r.resolved).toBeUndefined();
    expect(r.problems[0]).toMatchObject({
      line: 2,
      field: 'messages[role=gpt].content',
      message:
        'chat.jsonl: field "messages[role=gpt].content" picks no text in the first 3 records — on line 2 it matches no item: no item of "messages" has role "gpt" (its values of "role": "system", "user", "assistant").',
    });
    expect(r.fields.map((f) => f.name)).toContain('messages[role=assistant].content');
  });

  it('a filter some records match reads those and names the others line by line', async () => {
    const batches: CorpusBatch[] = [];
    const result = await readCorpus(
      jsonl([CHAT, { messages: [{ role: 'user', content: 'Unanswered?' }] }, SHAREGPT]),
      'chat.jsonl',
      { field: 'messages[role=assistant].content' },
      (b) => void batches.push(b),
    );
    const texts = batches.flatMap((b) =>
      b.kind === 'records' ? b.records.map((r) => readField(r.record, b.field)?.value) : [],
    );
    expect(texts).toEqual(['Hello.\n\nGoodbye.']);
    expect(result.problems.map((p) => p.message)).toEqual([
      'line 2: field "messages[role=assistant].content" matches no item: no item of "messages" has role "assistant" (its values of "role": "user"); skipped',
      'line 3: field "messages[role=assistant].content" is missing — this record has: conversations; skipped',
    ]);
  });
});
