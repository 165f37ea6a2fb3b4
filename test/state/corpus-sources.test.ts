import { describe, expect, it } from 'vitest';
import type { CorpusBatch, CorpusRead, CorpusReadOptions } from '../../src/lib/io/read-corpus';
import { CorpusSources, type InputReader } from '../../src/state/corpus-sources.svelte';

/** A read the test finishes by hand: batches in, then a result or a failure. */
interface PendingRead {
  name: string;
  options: CorpusReadOptions;
  signal?: AbortSignal;
  batch(b: CorpusBatch): void;
  finish(r: Partial<CorpusRead>): void;
  fail(e: Error): void;
}

function fakeReader() {
  const reads: PendingRead[] = [];
  const reader: InputReader = {
    read(_file, name, options, onBatch, signal) {
      return new Promise<CorpusRead>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        reads.push({
          name,
          options,
          signal,
          batch: onBatch,
          finish: (r) =>
            resolve({
              kind: 'jsonl',
              fields: [],
              defaultField: undefined,
              field: undefined,
              hadBom: false,
              documents: 0,
              problems: [],
              ...r,
            }),
          fail: reject,
        });
      });
    },
    dispose() {},
  };
  return { reader, reads };
}

const file = (name: string) => new File(['x'], name);
const records = (field: string, ...lines: [number, string][]): CorpusBatch => ({
  kind: 'records',
  field,
  bytesRead: 1,
  records: lines.map(([line, text]) => ({ line, record: { id: `r${line}`, [field]: text } })),
});
/** A batch from one entry of a zip, as the input worker sends it (read-input.ts). */
const inZip = (b: CorpusBatch, entry: number, source: string) => ({ ...b, entry, source });
/** Lets queued reads start and timers publish. */
const settle = () => new Promise((r) => setTimeout(r, 250));

describe('CorpusSources', () => {
  it('adds a folder’s files in natural order of their paths; a zip’s entries keep their own names and keys', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const inFolder = (p: string) =>
      Object.defineProperty(file(p.split('/')[1]), 'webkitRelativePath', { value: p });
    const done = sources.addFiles([
      inFolder('d/part-10.zip'),
      inFolder('d/.DS_Store'),
      inFolder('d/part-2.jsonl'),
      inFolder('d/part-1.jsonl'),
    ]);
    expect(sources.sources.map((s) => s.name)).toEqual(['d/part-1.jsonl', 'd/part-2.jsonl', 'd/part-10.zip']);
    for (let i = 0; i < 2; i++) {
      await settle();
      reads[i].batch(records('text', [1, `doc ${i}`]));
      reads[i].finish({ field: 'text', documents: 1 });
    }
    await settle();
    // Two entries of one zip, each with its line 1: told apart by the entry.
    reads[2].batch(inZip(records('text', [1, 'zip a']), 0, 'd/part-10.zip/a.jsonl'));
    reads[2].batch(inZip(records('text', [1, 'zip b']), 1, 'd/part-10.zip/b.jsonl'));
    reads[2].finish({ kind: 'jsonl', field: 'text', documents: 2 });
    await done;
    expect(sources.documents.map((d) => [d.origin.source, d.text])).toEqual([
      ['d/part-1.jsonl', 'doc 0'],
      ['d/part-2.jsonl', 'doc 1'],
      ['d/part-10.zip/a.jsonl', 'zip a'],
      ['d/part-10.zip/b.jsonl', 'zip b'],
    ]);
    expect(new Set(sources.documents.map((d) => d.key)).size).toBe(4);
    expect(sources.sources[2].kind).toBe('jsonl');
  });

  it('reads files one at a time, in order, numbering documents across sources and showing the first added', async () => {
    const { reader, reads } = fakeReader();
    const shown: string[] = [];
    const sources = new CorpusSources(reader, (key) => shown.push(key));
    sources.addText('pasted first', 'pasted text');
    const done = sources.addFiles([file('a.jsonl'), file('b.jsonl')]);
    await settle();
    expect(reads.map((r) => r.name)).toEqual(['a.jsonl']); // b waits for a
    reads[0].batch(records('text', [1, 'a1'], [2, 'a2']));
    reads[0].batch(records('text', [4, 'a4']));
    await settle();
    expect(sources.documents.map((d) => [d.index, d.text])).toEqual([
      [0, 'pasted first'],
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a4'],
    ]);
    expect(sources.sources[1].reading).not.toBeNull();
    reads[0].finish({
      field: 'text',
      documents: 3,
      problems: [{ severity: 'warning', source: 'a.jsonl', message: 'w' }],
    });
    await settle();
    expect(reads.map((r) => r.name)).toEqual(['a.jsonl', 'b.jsonl']);
    reads[1].batch(records('body', [1, 'b1']));
    reads[1].finish({ field: 'body', documents: 1 });
    await done;
    expect(sources.documents.map((d) => [d.index, d.key, d.text, d.origin])).toEqual([
      [0, '1//0', 'pasted first', { source: 'pasted text' }],
      [1, '2/text/1', 'a1', { source: 'a.jsonl', line: 1 }],
      [2, '2/text/2', 'a2', { source: 'a.jsonl', line: 2 }],
      [3, '2/text/4', 'a4', { source: 'a.jsonl', line: 4 }],
      [4, '3/body/1', 'b1', { source: 'b.jsonl', line: 1 }],
    ]);
    expect(sources.documents[1].record).toEqual({ id: 'r1', text: 'a1' });
    expect(sources.sources.map((s) => [s.name, s.field, s.reading])).toEqual([
      ['pasted text', undefined, null],
      ['a.jsonl', 'text', null],
      ['b.jsonl', 'body', null],
    ]);
    expect(sources.problems.map((p) => p.message)).toEqual(['w']);
    expect(shown).toEqual(['1//0', '2/text/1', '3/body/1']);
  });

  it('removing a source while it is read cancels the read, drops late batches, and renumbers the rest', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    void sources.addFiles([file('a.jsonl'), file('b.jsonl')]);
    await settle();
    reads[0].batch(records('text', [1, 'a1']));
    await settle();
    const a = sources.sources[0].id;
    sources.remove(a);
    expect(reads[0].signal?.aborted).toBe(true);
    reads[0].batch(records('text', [2, 'late'])); // already on its way
    await settle();
    expect(sources.documents).toEqual([]);
    reads[1].batch(records('text', [1, 'b1']));
    reads[1].finish({ field: 'text' });
    await settle();
    expect(sources.documents.map((d) => [d.index, d.text])).toEqual([[0, 'b1']]);
  });

  it('another field reads the file again and swaps the documents at once; later sources are renumbered', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    void sources.addFiles([file('a.jsonl'), file('b.jsonl')]);
    await settle();
    reads[0].batch(records('text', [1, 'a1'], [2, 'a2']));
    reads[0].finish({ field: 'text' });
    await settle();
    reads[1].batch(records('text', [1, 'b1']));
    reads[1].finish({ field: 'text' });
    await settle();
    const a = sources.sources[0].id;
    void sources.setField(a, 'other');
    await settle();
    expect(reads[2].options).toEqual({ field: 'other' });
    reads[2].batch(records('other', [2, 'only one']));
    await settle();
    // Until the new read is complete, the old documents stay.
    expect(sources.documents.map((d) => d.text)).toEqual(['a1', 'a2', 'b1']);
    reads[2].finish({ field: 'other' });
    await settle();
    expect(sources.documents.map((d) => [d.index, d.key, d.text])).toEqual([
      [0, `${a}/other/2`, 'only one'],
      [1, `${a + 1}/text/1`, 'b1'],
    ]);
    expect(sources.sources[0].field).toBe('other');
  });

  it('a read that fails leaves a problem on its source, and the next file is read', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const done = sources.addFiles([file('a.jsonl'), file('b.txt')]);
    await settle();
    reads[0].fail(new Error('the file reader stopped: out of memory'));
    await settle();
    reads[1].batch({ kind: 'text', text: 'hello', bytesRead: 5 });
    reads[1].finish({ kind: 'txt', documents: 1 });
    await done;
    expect(sources.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: 'a.jsonl',
        message: 'a.jsonl could not be read: the file reader stopped: out of memory',
      }),
    ]);
    expect(sources.sources[0].reading).toBeNull();
    expect(sources.documents.map((d) => d.text)).toEqual(['hello']);
  });
});

describe('CorpusSources: instruction data', () => {
  const record = (line: number, value: Record<string, unknown>) => ({ line, record: value });
  const batch = (...rs: ReturnType<typeof record>[]): CorpusBatch => ({
    kind: 'records',
    field: 'output',
    bytesRead: 1,
    records: rs,
  });

  it('reads every record again as a conversation, lists those of no shape, and reads back by field when unticked', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const done = sources.addFiles([file('sft.jsonl')]);
    await settle();
    reads[0].batch(records('output', [1, 'plain output']));
    reads[0].finish({ field: 'output', documents: 1 });
    await done;
    const id = sources.sources[0].id;

    const on = sources.setInstructions(id, true);
    await settle();
    expect(reads[1].options).toEqual({ field: 'output', everyRecord: true });
    reads[1].batch(
      batch(
        record(1, { instruction: 'Add.', input: '', output: '3' }),
        record(2, { note: 'no turns' }),
        record(3, { prompt: 'P', response: 'R' }),
      ),
    );
    reads[1].finish({ field: 'output', documents: 3 });
    await on;
    const docs = sources.documents;
    expect(docs.map((d) => [d.index, d.key, d.text])).toEqual([
      [0, `${id}/#instructions/1`, '### Instruction:\nAdd.\n\n### Response:\n3'],
      [1, `${id}/#instructions/3`, '### Instruction:\nP\n\n### Response:\nR'],
    ]);
    expect(docs[0].instruction?.layout.editable).toEqual([{ start: 37, end: 38 }]);
    expect(docs[1].record).toEqual({ prompt: 'P', response: 'R' });
    expect(sources.problems.map((p) => p.message)).toEqual([
      'line 2: not an instruction record (its fields: note); skipped',
    ]);
    expect(sources.sources[0].instructions).toBe(true);

    const off = sources.setInstructions(id, false);
    await settle();
    expect(reads[2].options).toEqual({ field: 'output' });
    reads[2].batch(records('output', [1, 'plain output']));
    reads[2].finish({ field: 'output', documents: 1 });
    await off;
    expect(sources.documents.map((d) => [d.key, d.text, d.instruction])).toEqual([
      [`${id}/output/1`, 'plain output', undefined],
    ]);
    expect(sources.problems).toEqual([]);
  });
});

describe('CorpusSources: instruction data under a chat template', () => {
  const sft = (...rs: [number, Record<string, unknown>][]): CorpusBatch => ({
    kind: 'records',
    field: 'output',
    bytesRead: 1,
    records: rs.map(([line, record]) => ({ line, record })),
  });
  const FIRST_ASSISTANT = { messages: [{ role: 'assistant', content: 'first' }] };
  const SFT_RECORDS = sft(
    [1, FIRST_ASSISTANT],
    [2, { instruction: 'Add.', input: '', output: '3' }],
    [3, { prompt: 'P', response: 'R' }],
  );
  /** ChatML as the prior worker answers it: a conversation opening with the assistant is refused. */
  const render = async (all: { role: string; content: string }[][]) =>
    all.map((ms) =>
      ms[0]?.role === 'assistant'
        ? { error: 'roles must alternate' }
        : ms.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join(''),
    );

  it('lays instruction data out with the template, keeps refused records’ numbers, and goes back to plain', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const added = sources.addFiles([file('a-sft.jsonl'), file('b.txt')]);
    await settle();
    reads[0].batch(records('output', [1, 'x']));
    reads[0].finish({ field: 'output', documents: 1 });
    await settle();
    reads[1].batch({ kind: 'text', text: 'after', bytesRead: 1 });
    reads[1].finish({ kind: 'txt', documents: 1 });
    await added;
    const [a, b] = sources.sources.map((s) => s.id);
    const on = sources.setInstructions(a, true);
    await settle();
    reads[2].batch(SFT_RECORDS);
    reads[2].finish({ field: 'output', documents: 3 });
    await on;
    expect(sources.sources[0].template).toBe('plain');
    expect(sources.documents.map((d) => [d.index, d.key])).toEqual([
      [0, `${a}/#instructions/1`],
      [1, `${a}/#instructions/2`],
      [2, `${a}/#instructions/3`],
      [3, `${b}//0`],
    ]);

    // A model with a chat template: the source is read again and laid out with it.
    const chat = sources.setChatTemplate(render);
    await settle();
    reads[3].batch(SFT_RECORDS);
    reads[3].finish({ field: 'output', documents: 3 });
    await chat;
    const [first, second, plain] = sources.documents;
    expect([first, second, plain].map((d) => [d.index, d.key])).toEqual([
      [1, `${a}/#instructions:chat/2`],
      [2, `${a}/#instructions:chat/3`],
      [3, `${b}//0`],
    ]);
    expect(first.text).toBe('<|im_start|>user\nAdd.<|im_end|>\n<|im_start|>assistant\n3<|im_end|>\n');
    expect(first.instruction?.layout).toMatchObject({ template: 'chat', editable: [{ start: 54, end: 55 }] });
    expect(sources.sources[0]).toMatchObject({ template: 'chat', refused: 1 });
    expect(sources.problems.map((p) => p.message)).toEqual([
      'line 1: the chat template failed on this conversation: roles must alternate; skipped',
    ]);

    // A file added now is laid out with the template too, numbered after the refused record's number.
    const later = sources.addFiles([file('c-sft.jsonl')]);
    await settle();
    const c = sources.sources[2].id;
    const cOn = sources.setInstructions(c, true);
    await settle();
    reads[5].batch(sft([7, FIRST_ASSISTANT], [8, { prompt: 'Q', response: 'S' }]));
    reads[5].finish({ field: 'output', documents: 2 });
    await later;
    await cOn;
    await settle();
    expect(sources.documents.slice(3).map((d) => [d.index, d.key])).toEqual([
      [5, `${c}/#instructions:chat/8`],
    ]);

    // Removing the first source moves the others by its numbers, refused ones included.
    sources.remove(a);
    expect(sources.documents.map((d) => [d.index, d.key])).toEqual([
      [0, `${b}//0`],
      [2, `${c}/#instructions:chat/8`],
    ]);

    // A model without one: back to the plain template, every record numbered again.
    const back = sources.setChatTemplate(null);
    await settle();
    reads[6].batch(sft([7, FIRST_ASSISTANT], [8, { prompt: 'Q', response: 'S' }]));
    reads[6].finish({ field: 'output', documents: 2 });
    await back;
    expect(sources.documents.map((d) => [d.index, d.key])).toEqual([
      [0, `${b}//0`],
      [1, `${c}/#instructions/7`],
      [2, `${c}/#instructions/8`],
    ]);
    expect(sources.sources[1]).toMatchObject({ template: 'plain', refused: 0 });
  });

  it('keeps the plain layout, and says why, when the model goes away mid-render', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const added = sources.addFiles([file('sft.jsonl')]);
    await settle();
    reads[0].batch(records('output', [1, 'x']));
    reads[0].finish({ field: 'output', documents: 1 });
    await added;
    const [id] = sources.sources.map((s) => s.id);
    void sources.setChatTemplate(() => Promise.reject(new Error('another model was loaded')));
    const on = sources.setInstructions(id, true);
    await settle();
    reads[1].batch(SFT_RECORDS);
    reads[1].finish({ field: 'output', documents: 3 });
    await on;
    expect(sources.documents.map((d) => [d.index, d.key])).toEqual([
      [0, `${id}/#instructions/1`],
      [1, `${id}/#instructions/2`],
      [2, `${id}/#instructions/3`],
    ]);
    expect(sources.sources[0]).toMatchObject({ template: 'plain', refused: 0 });
    expect(sources.problems.map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        'laid out with the plain template: the chat template could not be used (another model was loaded)',
      ],
    ]);
  });
});

describe('CorpusSources within a text budget', () => {
  const sized = (name: string, bytes: number) => new File(['x'.repeat(bytes)], name);

  it('refuses files whose sizes pass the budget before reading any, keeping what it held', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    sources.addText('kept', 'pasted text');
    const before = sources.sources;
    const added = await sources.addFiles([sized('b.txt', 60), sized('a.jsonl', 41), sized('c.gz', 1)], 100);
    expect(added).toEqual({
      added: false,
      how: 'size',
      textBytes: 101,
      files: [expect.objectContaining({ name: 'a.jsonl' }), expect.any(File), expect.any(File)],
    });
    if (!added.added) expect(added.files.map((f) => f.name)).toEqual(['a.jsonl', 'b.txt', 'c.gz']);
    await settle();
    expect(reads).toEqual([]);
    expect(sources.sources).toBe(before);
    expect(sources.documents.map((d) => d.text)).toEqual(['kept']);
  });

  it('adds files whose sizes fit the budget as it always did, shown as they are read', async () => {
    const { reader, reads } = fakeReader();
    const sources = new CorpusSources(reader);
    const added = sources.addFiles([sized('a.jsonl', 100)], 100);
    await settle();
    expect(sources.sources[0].held).toBeUndefined();
    reads[0].batch(records('text', [1, 'a1']));
    await settle();
    expect(sources.documents.map((d) => d.text)).toEqual(['a1']);
    reads[0].finish({ field: 'text' });
    await expect(added).resolves.toEqual({ added: true });
  });

  it('stops reading a compressed selection once its text passes the budget, and removes it whole', async () => {
    const { reader, reads } = fakeReader();
    const shown: string[] = [];
    const sources = new CorpusSources(reader, (key) => shown.push(key));
    sources.addText('kept', 'pasted text');
    const added = sources.addFiles([sized('a.jsonl.gz', 1), sized('b.jsonl.gz', 1)], 10);
    await settle();
    expect(sources.sources.map((s) => [s.name, s.held ?? false])).toEqual([
      ['pasted text', false],
      ['a.jsonl.gz', true],
      ['b.jsonl.gz', true],
    ]);
    reads[0].batch(records('text', [1, 'abcdef'])); // 6 bytes: within 10
    await settle();
    // Read but held: not in the corpus, not shown.
    expect(sources.sources[1].documents.map((d) => d.text)).toEqual(['abcdef']);
    expect(sources.documents.map((d) => d.text)).toEqual(['kept']);
    expect(reads[0].signal?.aborted).toBe(false);
    reads[0].batch(records('text', [2, 'ghij'], [3, 'é'])); // 6 + 4 + 2 = 12 bytes: past 10
    expect(reads[0].signal?.aborted).toBe(true);
    await expect(added).resolves.toEqual({
      added: false,
      how: 'read',
      textBytes: 12,
      files: [
        expect.objectContaining({ name: 'a.jsonl.gz' }),
        expect.objectContaining({ name: 'b.jsonl.gz' }),
      ],
    });
    expect(reads).toHaveLength(1); // b was never read
    expect(sources.sources.map((s) => s.name)).toEqual(['pasted text']);
    expect(sources.documents.map((d) => [d.index, d.text])).toEqual([[0, 'kept']]);
    expect(sources.problems).toEqual([]);
    expect(shown).toEqual(['1//0']);
  });

  it('adds a compressed selection read within the budget whole, once it is read', async () => {
    const { reader, reads } = fakeReader();
    const shown: string[] = [];
    const sources = new CorpusSources(reader, (key) => shown.push(key));
    sources.addText('kept', 'pasted text');
    const added = sources.addFiles([sized('a.txt', 3), sized('b.parquet', 1)], 10);
    await settle();
    reads[0].batch({ kind: 'text', text: 'abc', bytesRead: 3 });
    reads[0].finish({ kind: 'txt', documents: 1 });
    await settle();
    reads[1].batch(records('text', [1, 'defghij'])); // 3 + 7 = 10 bytes: the budget exactly
    await settle();
    expect(sources.documents.map((d) => d.text)).toEqual(['kept']);
    reads[1].finish({ field: 'text' });
    await expect(added).resolves.toEqual({ added: true });
    expect(sources.sources.map((s) => s.held)).toEqual([undefined, false, false]);
    expect(sources.documents.map((d) => [d.index, d.text])).toEqual([
      [0, 'kept'],
      [1, 'abc'],
      [2, 'defghij'],
    ]);
    expect(shown).toEqual(['1//0', sources.documents[1].key]);
  });
});
