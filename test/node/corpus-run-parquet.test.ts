/**
 * The streaming corpus run's Parquet output against `semisynth edit --output X.parquet` on the same inputs,
 * settings and seed: read back with hyparquet (the pages' reader), the same columns (names, types, order),
 * the same rows and the same key-value metadata, though the run wrote it a row group at a time and a field
 * first appears after the first row group.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { runCorpus, type CorpusRunOptions } from '../../src/lib/run/corpus-run';
import { MemorySink } from '../../src/lib/run/text-sink';
import { MemoryByteStore } from '../../src/lib/persist/byte-store';
import { IndexedScoreFile } from '../../src/lib/persist/score-index';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { DEFAULT_CONFIG } from '../../src/lib/toedit';
import { loadNodePrior } from '../support/node-prior';
import { runCli } from '../support/run-cli';

const SEED = 11;
const GROUP_ROWS = 8;
// 30 records in 4 row groups: numbers, objects, a boolean missing from some records, a field of mixed
// kinds (JSON), and a field first met in the last row group.
const RECORDS = Array.from({ length: 30 }, (_, i) => ({
  id: i,
  text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] + (i < CORPUS_DOCUMENTS.length ? '' : ` (${i})`),
  meta: { n: i, tags: ['a', i] },
  ...(i % 4 === 0 ? {} : { flag: i % 2 === 0 }),
  mixed: i % 5 === 0 ? i : `v${i}`,
  ...(i === 27 ? { late: 'only here' } : {}),
}));
const TXT = CORPUS_DOCUMENTS[2];

let prior: TransformersPrior;
let dir: string;

beforeAll(async () => {
  prior = await loadNodePrior('semisynth-test/bigram');
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-corpus-run-parquet-'));
  writeFileSync(at('corpus.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(at('notes.txt'), TXT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => path.join(dir, name);

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** What a reader sees of a table: its columns, rows, row groups and key-value metadata. */
async function readTable(file: ArrayBuffer) {
  const metadata = parquetMetadata(file);
  return {
    columns: parquetSchema(metadata).children.map((c) => ({
      name: c.element.name,
      type: c.element.type,
      logical: c.element.logical_type?.type,
    })),
    rows: await parquetReadObjects({ file }),
    rowGroups: metadata.row_groups.length,
    kv: metadata.key_value_metadata,
  };
}

describe('streaming corpus run, Parquet output', () => {
  it('writes the table `semisynth edit --output X.parquet` writes, a row group at a time', async () => {
    const cli = await runCli([
      'edit',
      ...['--model', 'semisynth-test/bigram', '--seed', String(SEED), '--force-change'],
      ...['--progress', 'none', '-i', at('corpus.jsonl'), '-i', at('notes.txt')],
      ...['-o', at('edited.parquet')],
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const recipe = readFileSync(at('edited.recipe.json'), 'utf8');

    const store = new MemoryByteStore();
    const run = async (sink: MemorySink, extra: Partial<CorpusRunOptions> = {}) =>
      runCorpus({
        files: [
          { name: 'corpus.jsonl', blob: new Blob([readFileSync(at('corpus.jsonl'))]) },
          { name: 'notes.txt', blob: new Blob([TXT]) },
        ],
        score: (texts, options) => prior.scoreBatch(texts, options),
        k: 8,
        scoreFile: await IndexedScoreFile.open(store, {
          modelId: 'semisynth-test/bigram',
          revision: 'bundled',
          dtype: 'fp32',
          device: 'cpu',
          k: 8,
        }),
        vocabulary: vocabularyOf(prior.vocabularyBytes()),
        config: { ...DEFAULT_CONFIG, forceChange: true },
        seed: SEED,
        outputs: { parquet: sink },
        parquetMetadata: { 'semisynth.recipe': recipe },
        parquetGroupRows: GROUP_ROWS,
        ...extra,
      });
    const sink = new MemorySink();
    const summary = await run(sink);
    expect(summary).toMatchObject({ documents: 31, notEdited: 0 });
    expect(sink.closed).toBe(true);
    // Each row group reached the sink on its own, then the footer.
    expect(sink.chunks.length).toBe(5);
    expect(summary.written.parquet).toBe(sink.bytes().length);

    const streamed = await readTable(buffer(sink.bytes()));
    const expected = await readTable(buffer(readFileSync(at('edited.parquet'))));
    expect(streamed.rowGroups).toBe(4);
    expect(streamed.columns).toEqual(expected.columns);
    expect(streamed.columns.map((c) => c.name)).toEqual([
      'id',
      'text',
      'meta',
      'mixed',
      'semisynth_edited_text',
      'semisynth_edit_stats',
      'flag', // the first record lacks it
      'late',
    ]);
    expect(streamed.rows).toEqual(expected.rows);
    expect(streamed.rows).toHaveLength(31);
    expect(streamed.rows.some((r) => r.semisynth_edited_text !== r.text)).toBe(true);
    expect(streamed.kv).toEqual(expected.kv);
    expect(streamed.kv).toEqual([{ key: 'semisynth.recipe', value: recipe }]);

    // A run stopped while writing keeps no partial table.
    const stop = new AbortController();
    const cut = new MemorySink();
    await expect(
      run(cut, {
        signal: stop.signal,
        onProgress: (p) => p.stage === 'exporting' && stop.abort(new Error('stopped')),
      }),
    ).rejects.toThrow('stopped');
    expect(cut).toMatchObject({ aborted: true, closed: false });
  }, 120_000);
});
