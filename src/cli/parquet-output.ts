/**
 * `semisynth edit --output X.parquet`: the edited JSON Lines (the page's export, every record's fields in
 * order) written as one Parquet table by hyparquet-writer, the writer of the hyparquet project whose reader
 * the pages use. The JSON Lines stay the source of truth (runs and shards write them, merge concatenates
 * them); the table is made from the finished file, so a sharded Parquet run merges into the same bytes as an
 * unsharded one. Columns are the fields in the order first seen; a record without a field has null there.
 */
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';

export const isParquetOutput = (output: string): boolean => /\.parquet$/i.test(output);

/**
 * A column's Parquet type from its values: text, booleans and numbers (JSON numbers are doubles, so DOUBLE
 * keeps every one exactly) as themselves; objects, arrays and fields of mixed types as JSON text.
 */
function columnType(values: readonly unknown[]): 'STRING' | 'BOOLEAN' | 'DOUBLE' | 'JSON' {
  const kinds = new Set(values.filter((v) => v !== null && v !== undefined).map((v) => typeof v));
  if (kinds.size === 1) {
    const [kind] = kinds;
    if (kind === 'string') return 'STRING';
    if (kind === 'boolean') return 'BOOLEAN';
    if (kind === 'number') return 'DOUBLE';
  }
  return kinds.size === 0 ? 'STRING' : 'JSON';
}

/** The table of JSON Lines `text` (one object a line), with `metadata` in the file's key-value metadata. */
export function jsonlToParquet(text: string, metadata: Record<string, string> = {}): Uint8Array {
  const rows = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
  if (names.length === 0) names.push('semisynth_edited_text');
  const columnData: ColumnSource[] = names.map((name) => {
    const data = rows.map((row) => row[name] ?? null);
    return { name, data, type: columnType(data) };
  });
  const buffer = parquetWriteBuffer({
    columnData,
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'semisynth (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}
