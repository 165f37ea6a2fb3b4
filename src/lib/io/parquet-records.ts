/**
 * Parquet files (Hugging Face datasets' shards) read with hyparquet, one row group at a time: each row
 * becomes one JSON Lines record holding the row's columns, so a Parquet file is read, inspected and cut into
 * documents by the very readers JSON Lines goes through (the chosen column is a field; a nested one is
 * "messages[].content" or "meta.source"). The JS heap holds one row group's rows at a time; the records go
 * into a Blob a few MiB at a time (blob-builder.ts). Values JSON cannot hold are made plain: 64-bit
 * integers become numbers (or strings beyond 2^53), dates ISO strings, and binary values (images, audio)
 * null, as no text is in them. Pages compressed with Snappy (hyparquet's own), zstd (fzstd) and gzip
 * (fflate) are read: pure JS, as the page's Content-Security-Policy lets no worker compile WebAssembly of
 * its own; other codecs are named in a problem.
 */
import {
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type AsyncBuffer,
  type CompressionCodec,
  type Compressors,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import { gunzipSync } from 'fflate';
import { decompress as zstdDecompress } from 'fzstd';
import { BlobBuilder } from './blob-builder';
import type { Problem } from './problem';
import { listNames } from './record-text';

/** A top-level or nested column as a field name, and whether it holds text. */
export interface ParquetColumn {
  /** "text", "meta.source", "messages[].content", "tags[]". */
  field: string;
  /** The Parquet type as the schema says it: STRING, INT64, LIST, … */
  type: string;
  text: boolean;
}

export type ParquetRead =
  | { ok: true; blob: Blob; columns: ParquetColumn[]; rows: number; rowGroups: number }
  | { ok: false; problem: Problem };

const compressors: Compressors = {
  ZSTD: (input, outputLength) => zstdDecompress(input, new Uint8Array(outputLength)),
  GZIP: (input, outputLength) => gunzipSync(input, { out: new Uint8Array(outputLength) }),
};
const CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'ZSTD', 'GZIP']);

function asyncBuffer(file: Blob): AsyncBuffer {
  return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
}

const TEXT_TYPES = new Set(['STRING', 'UTF8', 'JSON', 'ENUM']);

function typeOf(node: SchemaTree): string {
  const e = node.element;
  return e.logical_type?.type ?? e.converted_type ?? e.type ?? (node.children.length ? 'STRUCT' : 'unknown');
}

function isText(node: SchemaTree): boolean {
  if (node.children.length > 0) return false;
  const { type, logical_type, converted_type } = node.element;
  if (type !== 'BYTE_ARRAY') return false;
  // An unannotated BYTE_ARRAY is how older writers store strings; hyparquet reads it as UTF-8 too.
  const annotation = logical_type?.type ?? converted_type;
  return annotation === undefined || TEXT_TYPES.has(annotation);
}

/** The list's element node for LIST-annotated groups (three-level or legacy two-level), else undefined. */
function listElement(node: SchemaTree): SchemaTree | undefined {
  if (typeOf(node) !== 'LIST' || node.children.length !== 1) return undefined;
  const repeated = node.children[0];
  return repeated.children.length === 1 ? repeated.children[0] : repeated;
}

/** Every column as fields: leaves, one level of struct ("a.b") and lists of strings or structs ("a[]", "a[].b"). */
export function parquetColumns(metadata: FileMetaData): ParquetColumn[] {
  const columns: ParquetColumn[] = [];
  for (const node of parquetSchema(metadata).children) {
    const name = node.element.name;
    const element = listElement(node);
    if (element && element.children.length === 0) {
      columns.push({ field: `${name}[]`, type: `LIST<${typeOf(element)}>`, text: isText(element) });
    } else if (element) {
      for (const leaf of element.children)
        columns.push({ field: `${name}[].${leaf.element.name}`, type: typeOf(leaf), text: isText(leaf) });
    } else if (node.children.length > 0 && typeOf(node) === 'STRUCT') {
      for (const leaf of node.children)
        columns.push({ field: `${name}.${leaf.element.name}`, type: typeOf(leaf), text: isText(leaf) });
    } else {
      columns.push({ field: name, type: typeOf(node), text: isText(node) });
    }
  }
  return columns;
}

function plainJson(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Uint8Array) return null;
  return value;
}

/**
 * Reads `file` (named `name`) into JSON Lines, a row group at a time; `onRows` hears rows done after each
 * row group, and which row group that was.
 */
export async function parquetToJsonl(
  file: Blob,
  name: string,
  onRows?: (rows: number, of: number, groups: { done: number; total: number }) => void,
): Promise<ParquetRead> {
  const buffer = asyncBuffer(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    return { ok: false, problem: footerProblem(name, file.size, error) };
  }
  const columns = parquetColumns(metadata);
  if (!columns.some((c) => c.text)) {
    return {
      ok: false,
      problem: {
        severity: 'error',
        source: name,
        message: `${name} has no text column — its columns are ${listNames(columns.map((c) => `${c.field} (${c.type})`))}.`,
        hint: 'Pick the Parquet file that holds the texts (a column of strings).',
      },
    };
  }
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)));
  const unreadable = [...codecs].filter((c) => c !== undefined && !CODECS.has(c));
  if (unreadable.length > 0) {
    return {
      ok: false,
      problem: {
        severity: 'error',
        source: name,
        message: `${name} is compressed with ${unreadable.join(' and ')}, which this app cannot read (it reads Snappy, zstd, gzip and uncompressed Parquet).`,
        hint: "Rewrite it with another codec, e.g. in Python: pq.write_table(pq.read_table(src), dst, compression='zstd').",
      },
    };
  }
  const total = Number(metadata.num_rows);
  const encoder = new TextEncoder();
  const out = new BlobBuilder();
  let rowStart = 0;
  try {
    for (const [index, group] of metadata.row_groups.entries()) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
      // One string per row group is the same memory as the rows themselves; encoded a MiB or so at a time.
      let lines = '';
      for (const row of rows) {
        lines += JSON.stringify(row, plainJson) + '\n';
        if (lines.length >= 1 << 20) {
          out.add(encoder.encode(lines));
          lines = '';
        }
      }
      out.add(encoder.encode(lines));
      rowStart = rowEnd;
      onRows?.(rowStart, total, { done: index + 1, total: metadata.row_groups.length });
    }
  } catch (error) {
    return {
      ok: false,
      problem: {
        severity: 'error',
        source: name,
        message: `${name} is corrupt: rows ${rowStart + 1} on could not be read (${error instanceof Error ? error.message : String(error)}). Nothing was read from it.`,
        hint: 'The file may be damaged or cut off; fetch it again. It is read whole or not at all, so the corpus is never missing rows silently.',
      },
    };
  }
  return { ok: true, blob: out.blob(), columns, rows: rowStart, rowGroups: metadata.row_groups.length };
}

function footerProblem(name: string, size: number, error: unknown): Problem {
  const why = error instanceof Error ? error.message : String(error);
  const noMagic = /PAR1/.test(why) || size < 12;
  return {
    severity: 'error',
    source: name,
    message: noMagic
      ? `${name} has no valid Parquet footer (a Parquet file ends with its metadata and the marker "PAR1"; this one does not) — it is truncated, or not a Parquet file.`
      : `${name} has a corrupt Parquet footer: its metadata could not be read (${why}).`,
    hint: 'A file cut off while downloading loses its footer first; fetch it again.',
  };
}

/** A chosen field that is a Parquet column not holding text: one problem for the whole file. */
export function parquetFieldProblem(
  name: string,
  columns: readonly ParquetColumn[],
  field: string,
): Problem | undefined {
  const column = columns.find((c) => c.field === field);
  if (!column || column.text) return undefined;
  return {
    severity: 'error',
    source: name,
    field,
    message: `column "${field}" of ${name} holds ${column.type} values, not text — text columns there: ${listNames(columns.filter((c) => c.text).map((c) => c.field))}.`,
    hint: 'Choose one of the text columns.',
  };
}
