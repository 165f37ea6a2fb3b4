/**
 * `semisynth edit --output X.parquet`: the edited JSON Lines (the page's export, every record's fields in
 * order) written as one Parquet table (src/lib/run/parquet-table.ts, the same table the page's corpus run
 * streams). The JSON Lines stay the source of truth (runs and shards write them, merge concatenates them);
 * the table is made from the finished file, so a sharded Parquet run merges into the same bytes as an
 * unsharded one.
 */
export { jsonlToParquet } from '../lib/run/parquet-table';

export const isParquetOutput = (output: string): boolean => /\.parquet$/i.test(output);
