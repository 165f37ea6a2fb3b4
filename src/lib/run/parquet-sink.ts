/**
 * A corpus run's Parquet output, written a row group at a time: hyparquet-writer's incremental
 * ParquetWriter over a byte writer whose flush (called after each row group) hands the group's bytes to the
 * sink, so only one row group's records and bytes are held. The footer (schema, row groups' metadata and
 * the key-value metadata) is written on close. The columns are fixed before the first row
 * (parquet-table.ts); a record with a field the columns lack fails the run with what and where.
 */
import { ByteWriter, ParquetWriter, type Writer } from 'hyparquet-writer';
import { columnData, keyValues, PARQUET_CREATED_BY, tableSchema, type TableColumn } from './parquet-table';
import type { ByteSink } from './text-sink';

/** Rows in a row group unless its text reaches GROUP_CHARS first (bounds memory for long documents). */
export const GROUP_ROWS = 1000;
const GROUP_CHARS = 32 << 20;

/**
 * A ByteWriter that passes what it holds to a sink whenever ParquetWriter flushes (after each row group,
 * and on finish once the footer is in the buffer), then starts over in the same buffer.
 */
function sinkWriter(sink: ByteSink): Writer & ByteWriter {
  const writer = new ByteWriter(1 << 20);
  const flush = async (): Promise<void> => {
    if (writer.index === 0) return;
    const bytes = writer.getBytes().slice(); // a copy: the buffer is reused for the next group
    writer.index = 0;
    await sink.write(bytes);
  };
  return Object.assign(writer, { flush, finish: flush });
}

export class ParquetSink {
  private readonly writer: Writer & ByteWriter;
  private readonly parquet: ParquetWriter;
  private readonly names: Set<string>;
  private rows: Record<string, unknown>[] = [];
  private chars = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly columns: readonly TableColumn[],
    metadata: Record<string, string>,
    private readonly groupRows = GROUP_ROWS,
  ) {
    this.names = new Set(columns.map((c) => c.name));
    this.writer = sinkWriter(sink);
    this.parquet = new ParquetWriter({
      writer: this.writer,
      schema: tableSchema(columns),
      kvMetadata: keyValues(metadata),
      createdBy: PARQUET_CREATED_BY,
    });
  }

  /** Bytes handed to the sink so far. */
  get written(): number {
    return this.writer.offset - this.writer.index;
  }

  /** Adds a record (`where` names it in an error); a full row group is written out. */
  async add(record: Record<string, unknown>, chars: number, where: string): Promise<void> {
    for (const name of Object.keys(record))
      if (!this.names.has(name))
        throw new Error(
          `${where}: field "${name}" was not in the records when the Parquet columns were set (the input changed during the run?); run again, or write JSON Lines`,
        );
    this.rows.push(record);
    this.chars += chars;
    if (this.rows.length >= this.groupRows || this.chars >= GROUP_CHARS) await this.writeGroup();
  }

  private async writeGroup(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.chars = 0;
    await this.parquet.write({ columnData: columnData(rows, this.columns), rowGroupSize: rows.length });
  }

  async close(): Promise<void> {
    await this.writeGroup();
    await this.parquet.finish();
    await this.sink.close();
  }
}
