/**
 * The Parquet table of edited records, one place for `semisynth edit --output X.parquet` and the page's
 * corpus run: one column per field in the order first seen, a record without a field null there, and each
 * column's type from its values (columnType). The CLI types a finished file; the corpus run types the
 * records in its scoring pass (which reads every record before the first row is written), so both give a
 * column the same type for the same records.
 */
import { parquetWriteBuffer, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';

export type ParquetColumnType = 'STRING' | 'BOOLEAN' | 'DOUBLE' | 'JSON';
export interface TableColumn {
  name: string;
  type: ParquetColumnType;
}

export const PARQUET_CREATED_BY = 'semisynth (hyparquet-writer)';
/** The column of a table with no records at all (the edited text, as every edited record has). */
const EMPTY_TABLE_COLUMN = 'semisynth_edited_text';

/** The field names of records in the order first seen and the kinds (typeof) of each field's values. */
export class TableColumns {
  private readonly kinds = new Map<string, Set<string>>();

  observe(record: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(record)) {
      let kinds = this.kinds.get(name);
      if (!kinds) this.kinds.set(name, (kinds = new Set()));
      if (value !== null && value !== undefined) kinds.add(typeof value);
    }
  }

  columns(): TableColumn[] {
    if (this.kinds.size === 0) return [{ name: EMPTY_TABLE_COLUMN, type: 'STRING' }];
    return [...this.kinds].map(([name, kinds]) => ({ name, type: columnType(kinds) }));
  }
}

/**
 * A column's Parquet type from the kinds of its values: text, booleans and numbers (JSON numbers are
 * doubles, so DOUBLE keeps every one exactly) as themselves; objects, arrays and fields of mixed types as
 * JSON text; a column of nulls only as text.
 */
function columnType(kinds: ReadonlySet<string>): ParquetColumnType {
  if (kinds.size === 1) {
    const [kind] = kinds;
    if (kind === 'string') return 'STRING';
    if (kind === 'boolean') return 'BOOLEAN';
    if (kind === 'number') return 'DOUBLE';
  }
  return kinds.size === 0 ? 'STRING' : 'JSON';
}

/** The writer's columns of `records` (null where a record lacks the field). */
export function columnData(
  records: readonly Record<string, unknown>[],
  columns: readonly TableColumn[],
): ColumnSource[] {
  return columns.map(({ name, type }) => ({ name, type, data: records.map((r) => r[name] ?? null) }));
}

/**
 * The file's schema for `columns` (as parquetWriteBuffer makes it from typed column data); typed by the
 * writer's own copy of hyparquet, whose SchemaElement differs from the reader's.
 */
export function tableSchema(columns: readonly TableColumn[]) {
  return schemaFromColumnData({ columnData: columnData([], columns) });
}

export const keyValues = (metadata: Record<string, string>) =>
  Object.entries(metadata).map(([key, value]) => ({ key, value }));

/** The table of JSON Lines `text` (one object a line), with `metadata` in the file's key-value metadata. */
export function jsonlToParquet(text: string, metadata: Record<string, string> = {}): Uint8Array {
  const records = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const table = new TableColumns();
  for (const record of records) table.observe(record);
  const buffer = parquetWriteBuffer({
    columnData: columnData(records, table.columns()),
    kvMetadata: keyValues(metadata),
    createdBy: PARQUET_CREATED_BY,
  });
  return new Uint8Array(buffer);
}
