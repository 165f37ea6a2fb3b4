/**
 * `--input` reads every format the Text page reads, through the page's own pipeline (open-inputs.ts →
 * read-corpus.ts): .gz and .zst of any format, .zip, Parquet, and a folder of shards in natural order, with
 * the page's problems in the page's words. Fixtures are made here (test/support/input-fixtures.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { readInputs } from '../../src/cli/cli-inputs';
import { CliError } from '../../src/cli/cli-error';
import { readInput } from '../../src/lib/io/read-input';
import { gzip, parquet, zip, zstd, type ChatTurn } from '../support/input-fixtures';
import { runCli } from '../support/run-cli';

/** The tests spawn the command a few times (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 240_000;

const DOCS = CORPUS_DOCUMENTS.slice(0, 8);
const jsonl = (texts: readonly string[]) => texts.map((text) => JSON.stringify({ text })).join('\n') + '\n';

let dir: string;
const at = (...name: string[]) => path.join(dir, ...name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-inputs-'));
  // A folder of shards in every format, listed out of natural order, with a note and a hidden file beside.
  mkdirSync(at('shards', 'tail'), { recursive: true });
  writeFileSync(at('shards', 'part-10.jsonl.zst'), zstd(jsonl([DOCS[6], DOCS[7]])));
  writeFileSync(at('shards', 'part-2.parquet'), parquet([2, 3].map((i) => ({ id: i, text: DOCS[i] }))));
  writeFileSync(at('shards', 'part-1.jsonl.gz'), gzip(jsonl([DOCS[0], DOCS[1]])));
  writeFileSync(at('shards', 'part-3.zip'), zip({ 'b.txt': DOCS[5], 'a.jsonl': jsonl([DOCS[4]]) }));
  writeFileSync(at('shards', 'README.md'), 'notes');
  writeFileSync(at('shards', '.gitattributes'), '* binary');
  writeFileSync(at('shards', 'tail', 'part-11.txt'), 'last');
  writeFileSync(at('all.jsonl'), jsonl(DOCS));
  // A gzip file cut short: its end is missing.
  const whole = gzip(jsonl(DOCS));
  writeFileSync(at('cut.jsonl.gz'), whole.subarray(0, whole.length - 20));
  const table = parquet(DOCS.slice(0, 3).map((text, id) => ({ id, text })));
  writeFileSync(at('rows.parquet'), table);
  // The footer's length and magic cut off.
  writeFileSync(at('broken.parquet'), table.subarray(0, table.length - 6));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('semisynth --input', () => {
  it('reads a folder of .gz, .zst, Parquet and .zip shards as one corpus in natural order', async () => {
    const read = await readInputs([at('shards')], undefined);
    expect(read.documents.map((d) => d.text)).toEqual([...DOCS, 'last']);
    expect(read.documents.map((d) => d.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(read.documents.map((d) => d.origin)).toEqual([
      { source: 'shards/part-1.jsonl.gz', line: 1 },
      { source: 'shards/part-1.jsonl.gz', line: 2 },
      { source: 'shards/part-2.parquet', line: 1 },
      { source: 'shards/part-2.parquet', line: 2 },
      { source: 'shards/part-3.zip/a.jsonl', line: 1 },
      { source: 'shards/part-3.zip/b.txt' },
      { source: 'shards/part-10.jsonl.zst', line: 1 },
      { source: 'shards/part-10.jsonl.zst', line: 2 },
      { source: 'shards/tail/part-11.txt' },
    ]);
    // The note is said in the page's words; the hidden file is passed over without a word.
    expect(read.warnings.map((w) => w.message)).toEqual([
      'shards/README.md is a .md file, which this app does not read; it was skipped and the rest of the folder was read.',
    ]);
    // A range keeps only its documents, numbered across the whole corpus.
    const middle = await readInputs([at('shards')], undefined, { start: 3, end: 5 });
    expect(middle.total).toBe(9);
    expect(middle.documents.map((d) => [d.index, d.text])).toEqual([
      [3, DOCS[3]],
      [4, DOCS[4]],
    ]);
  });

  it.each([
    { what: 'a truncated gzip file', name: 'cut.jsonl.gz', field: undefined },
    { what: 'a Parquet file with a broken footer', name: 'broken.parquet', field: undefined },
    { what: 'a Parquet column that is not text', name: 'rows.parquet', field: 'id' },
  ])('says what is wrong with $what in the page’s words', async ({ name, field }) => {
    const options = field === undefined ? {} : { field };
    const page = await readInput(new Blob([readFileSync(at(name))]), name, options, () => undefined);
    const errors = page.problems.filter((p) => p.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const cli = await readInputs([at(name)], field).catch((e: unknown) => e);
    expect(cli).toBeInstanceOf(CliError);
    for (const p of errors) expect((cli as CliError).message).toContain(p.message);
  });

  it(
    'semisynth stats reads a folder of shards as the concatenated file',
    async () => {
      const stats = (input: string, output: string) =>
        runCli(['stats', '-i', input, '-o', at(output), '--name', 'corpus', '--progress', 'none']);
      // Only the shards the page reads; the plain-text ones would make a second format.
      mkdirSync(at('jsonl-shards'));
      writeFileSync(at('jsonl-shards', 'b-10.jsonl.zst'), zstd(jsonl(DOCS.slice(4))));
      writeFileSync(at('jsonl-shards', 'b-2.jsonl.gz'), gzip(jsonl(DOCS.slice(0, 4))));
      const folder = await stats(at('jsonl-shards'), 'folder.json');
      expect(folder.code, folder.stderr).toBe(0);
      const file = await stats(at('all.jsonl'), 'file.json');
      expect(file.code, file.stderr).toBe(0);
      type Partial = { options: { source: { fileName: string } } };
      const report = (name: string) => JSON.parse(readFileSync(at(name), 'utf8')) as Partial;
      const [a, b] = [report('folder.json'), report('file.json')];
      // The same partial, block for block; only the source's name differs.
      expect(a.options.source.fileName).toBe('jsonl-shards');
      expect(b.options.source.fileName).toBe('all.jsonl');
      a.options.source.fileName = b.options.source.fileName;
      expect(a).toEqual(b);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'semisynth edit --sft reads a Parquet file with a messages column as its JSON Lines twin',
    async () => {
      const chats: ChatTurn[][] = [0, 1, 2].map((i) => [
        { role: 'user', content: `Question ${i}?` },
        { role: 'assistant', content: DOCS[i] },
      ]);
      const rows = chats.map((messages, id) => ({ id, text: '', messages }));
      writeFileSync(at('chat.parquet'), parquet(rows));
      writeFileSync(at('chat.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const edit = (input: string, output: string) =>
        runCli([
          'edit',
          '-m',
          'semisynth-test/bigram',
          '-i',
          at(input),
          '-o',
          at(output),
          '--sft',
          'messages',
          '--seed',
          '3',
          '--rule',
          'at-most',
          '--tau',
          '1',
          '--force-change',
          '--progress',
          'none',
        ]);
      const fromParquet = await edit('chat.parquet', 'from-parquet.jsonl');
      expect(fromParquet.code, fromParquet.stderr).toBe(0);
      expect(fromParquet.stderr).toContain('instruction data: 3 messages');
      const fromJsonl = await edit('chat.jsonl', 'from-jsonl.jsonl');
      expect(fromJsonl.code, fromJsonl.stderr).toBe(0);
      const out = readFileSync(at('from-parquet.jsonl'), 'utf8');
      expect(out).toBe(readFileSync(at('from-jsonl.jsonl'), 'utf8'));
      const records = out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; messages: ChatTurn[] });
      expect(records.map((r) => r.id)).toEqual([0, 1, 2]);
      // Only the responses changed.
      expect(records.map((r) => r.messages[0])).toEqual(chats.map((c) => c[0]));
      expect(records.some((r, i) => r.messages[1].content !== DOCS[i])).toBe(true);
    },
    SPAWNS_TIMEOUT,
  );
});
