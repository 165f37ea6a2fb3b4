/**
 * `semisynth edit --output X.parquet`, run as a user runs it: the table read back with hyparquet (the
 * pages' reader) holds, row by row, the records of the same run's JSON Lines output, every field in its
 * order; a sharded run merged writes the same bytes as an unsharded one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { runCli } from '../support/run-cli';

/** The test spawns the command five times (about 2 s each, more on a loaded machine). */
const SPAWNS_TIMEOUT = 240_000;

let dir: string;
// Fields of every kind, one record without "flag" and one with "extra": the table keeps them all.
const RECORDS = CORPUS_DOCUMENTS.slice(0, 9).map((text, i) => ({
  id: i,
  text,
  meta: { n: i, tags: ['a', i] },
  ...(i === 4 ? {} : { flag: i % 2 === 0 }),
  ...(i === 6 ? { extra: 'only here' } : {}),
}));

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-parquet-'));
  writeFileSync(at('corpus.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => path.join(dir, name);
const EDIT = ['edit', '-m', 'semisynth-test/bigram', '--seed', '5', '--force-change', '--progress', 'none'];

function buffer(file: string): ArrayBuffer {
  const bytes = readFileSync(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

describe('semisynth edit --output X.parquet', () => {
  it(
    'holds the JSONL output’s records row by row, and shards merge into the same bytes',
    async () => {
      const jsonl = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('edited.jsonl')]);
      expect(jsonl.code, jsonl.stderr).toBe(0);
      const parquet = await runCli([...EDIT, '-i', at('corpus.jsonl'), '-o', at('edited.parquet')]);
      expect(parquet.code, parquet.stderr).toBe(0);

      const records = readFileSync(at('edited.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records).toHaveLength(RECORDS.length);
      expect(records.some((r) => r.semisynth_edited_text !== r.text)).toBe(true);

      const file = buffer(at('edited.parquet'));
      const metadata = parquetMetadata(file);
      const columns = parquetSchema(metadata).children.map((c) => c.element.name);
      expect(columns).toEqual([
        'id',
        'text',
        'meta',
        'flag',
        'semisynth_edited_text',
        'semisynth_edit_stats',
        'extra',
      ]);
      const rows = await parquetReadObjects({ file });
      expect(rows).toHaveLength(records.length);
      rows.forEach((row, i) => {
        const expected = Object.fromEntries(columns.map((c) => [c, records[i][c] ?? null]));
        expect(row, `row ${i}`).toEqual(expected);
      });
      // The recipe travels in the table's metadata, equal to the recipe file beside it.
      const recipe = metadata.key_value_metadata?.find((kv) => kv.key === 'semisynth.recipe')?.value;
      expect(recipe).toBe(readFileSync(at('edited.recipe.json'), 'utf8'));
      expect(readFileSync(at('edited.edit-log.jsonl'), 'utf8').length).toBeGreaterThan(0);

      for (const i of [0, 1]) {
        const shard = await runCli([
          ...EDIT,
          '-i',
          at('corpus.jsonl'),
          '-o',
          at('sharded.parquet'),
          '--shard',
          `${i}/2`,
        ]);
        expect(shard.code, shard.stderr).toBe(0);
      }
      const merged = await runCli(['merge', '-o', at('sharded.parquet'), at('sharded.parquet.parts')]);
      expect(merged.code, merged.stderr).toBe(0);
      expect(readFileSync(at('sharded.parquet')).equals(readFileSync(at('edited.parquet')))).toBe(true);
    },
    SPAWNS_TIMEOUT,
  );
});
