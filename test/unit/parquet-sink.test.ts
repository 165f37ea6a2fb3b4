/**
 * The corpus run's Parquet writer on its own: rows added one by one leave in row groups as they fill (not
 * at the end), and read back to the table the CLI makes of the same records; a record with a field the
 * columns lack fails with the field and where it was.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ParquetSink } from '../../src/lib/run/parquet-sink';
import { jsonlToParquet, TableColumns } from '../../src/lib/run/parquet-table';
import { MemorySink } from '../../src/lib/run/text-sink';

const RECORDS = Array.from({ length: 11 }, (_, i) => ({
  id: i,
  text: `text ${i}`,
  ...(i % 3 === 0 ? { tags: ['a', i] } : {}),
  ...(i === 10 ? { late: true } : {}),
}));
const buffer = (bytes: Uint8Array) => bytes.slice().buffer;

describe('ParquetSink', () => {
  it('writes full row groups as they fill and reads back to the CLI’s table', async () => {
    const table = new TableColumns();
    for (const r of RECORDS) table.observe(r);
    const sink = new MemorySink();
    const parquet = new ParquetSink(sink, table.columns(), { k: 'v' }, 4);
    for (const r of RECORDS.slice(0, 4)) await parquet.add(r, r.text.length, 'test');
    expect(sink.chunks).toHaveLength(1); // the magic number and the first group, before the end
    for (const r of RECORDS.slice(4)) await parquet.add(r, r.text.length, 'test');
    await parquet.close();
    expect(sink.closed).toBe(true);
    expect(parquet.written).toBe(sink.bytes().length);

    const streamed = buffer(sink.bytes());
    const whole = buffer(jsonlToParquet(RECORDS.map((r) => JSON.stringify(r)).join('\n'), { k: 'v' }));
    expect(parquetMetadata(streamed).row_groups.map((g) => g.num_rows)).toEqual([4n, 4n, 3n]);
    expect(parquetMetadata(streamed).schema).toEqual(parquetMetadata(whole).schema);
    expect(parquetMetadata(streamed).key_value_metadata).toEqual([{ key: 'k', value: 'v' }]);
    const rows = await parquetReadObjects({ file: streamed });
    expect(rows).toEqual(await parquetReadObjects({ file: whole }));
    expect(rows[10]).toEqual({ id: 10, text: 'text 10', tags: null, late: true });
  });

  it('refuses a record with a field the columns lack, saying which and where', async () => {
    const parquet = new ParquetSink(new MemorySink(), [{ name: 'text', type: 'STRING' }], {});
    await expect(parquet.add({ text: 'a', other: 1 }, 1, 'corpus.jsonl:3')).rejects.toThrow(
      /^corpus\.jsonl:3: field "other" was not in the records/,
    );
  });
});
