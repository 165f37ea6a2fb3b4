/**
 * The Text page's way into a user's file, run in a worker (workers/input.worker.ts): a .txt file is one
 * document (up to MAX_RECORD_BYTES); JSON Lines and CSV are inspected, then streamed record by record
 * through the same readers as the statistics engine, and handed over in batches small enough for the page
 * to take each one in a short task. Problems are listed as the page shows them: whole-file ones first, then
 * at most MAX_LISTED_PROBLEMS, then one line counting the rest.
 */
import { renderProblem, type Problem, type RecordProblem } from './problem';
import { corpusKindOf, MAX_LISTED_PROBLEMS, unfamiliarExtension, type CorpusKind } from './corpus-file';
import type { FieldCandidate } from './fields';
import { FieldTally } from './fields';
import { readField } from './json-values';
import { listNames } from './record-text';
import { decodeUtf8 } from './utf8-decode';
import { readCsvDocuments } from './csv-documents';
import { jsonlObject, jsonlRecord, type DocumentSink } from './documents';
import { formatForName } from './stream-format';
import { HEAD_BYTES, inspectFile, whitespaceProblem } from './inspect';
import { formatBytes, MAX_RECORD_BYTES } from './lines';
import { readLineRecords } from './records';

/** One record that became a document: the page reads its text from `record` at the chosen field. */
export interface ReadRecord {
  line: number;
  record: Record<string, unknown>;
}

/** What the page receives while a file is read. */
export type CorpusBatch =
  | { kind: 'text'; text: string; bytesRead: number }
  /** `field`: the JSONL field or CSV column the records' texts are in. */
  | { kind: 'records'; field: string; records: ReadRecord[]; bytesRead: number };

export interface CorpusRead {
  kind: CorpusKind;
  /** Every text field (JSONL) or column (CSV) over the whole file, most filled first. */
  fields: FieldCandidate[];
  defaultField: string | undefined;
  /** The field the documents were read from. */
  field: string | undefined;
  /** The file began with a UTF-8 byte-order mark. */
  hadBom: boolean;
  documents: number;
  problems: Problem[];
}

export interface CorpusReadOptions {
  /** JSONL field or CSV column (default: the one inspection picks). */
  field?: string;
  /** Hand records over once they hold about this many bytes (default 256 KiB). */
  batchBytes?: number;
  /** The name whose extension says the format, when `name` does not ("a.jsonl" for "a.jsonl.gz"). */
  formatName?: string;
  /** JSON Lines: keep every object record, with empty text, whatever its fields (instruction data). */
  everyRecord?: boolean;
}

/** Small enough that the page takes a batch (deserialising it, building its documents) in a few ms. */
const BATCH_BYTES = 256 * 1024;
const BATCH_RECORDS = 1024;

/**
 * Reads `file` (named `name`) into documents, handing each batch to `onBatch` as soon as it is full; the
 * read resolves once every batch has been taken (each is its own message, so the page takes each in its own
 * short task).
 */
export async function readCorpus(
  original: Blob,
  name: string,
  options: CorpusReadOptions,
  onBatch: (batch: CorpusBatch) => Promise<void> | void,
): Promise<CorpusRead> {
  let file = original;
  const formatName = options.formatName ?? name;
  const known = corpusKindOf(formatName);
  const kind = known ?? 'txt';
  const head = new Uint8Array(await file.slice(0, 3).arrayBuffer());
  const hadBom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const result = (fields: Partial<CorpusRead>): CorpusRead => ({
    kind,
    fields: [],
    defaultField: undefined,
    field: undefined,
    hadBom,
    documents: 0,
    problems: [],
    ...fields,
  });

  if (kind !== 'txt' && (await crLineBreaksOnly(file))) {
    // Classic Mac line breaks: swap CR for LF (same length, so every byte offset stays true) and read on.
    if (file.size > MAX_RECORD_BYTES) {
      return result({
        problems: [
          {
            severity: 'error',
            source: name,
            message: `${name} breaks its lines with CR only (classic Mac OS), and it is too large to convert here.`,
            hint: "Convert the line breaks to LF first, e.g. tr '\\r' '\\n' < in > out.",
          },
        ],
      });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === CR) bytes[i] = LF;
    file = new Blob([bytes]);
  }
  const format = formatForName(formatName);
  const inspection = await inspectFile(
    file,
    name,
    kind === 'txt' ? { kind: 'txt' } : { ...format, ...fieldOf(format.kind, options.field) },
  );
  if (!inspection.resolved) {
    return result({
      fields: inspection.fields,
      defaultField: inspection.defaultField,
      problems: inspection.problems,
    });
  }
  if (kind === 'txt') return readWholeText(file, name, known !== undefined, onBatch, result);

  const resolved = inspection.resolved;
  const field =
    resolved.kind === 'jsonl' ? resolved.field : resolved.kind === 'csv' ? resolved.column : undefined;
  if (field === undefined) throw new Error(`inspection resolved ${name} as ${resolved.kind}`);
  const log = new ProblemLog(name);
  for (const p of inspection.problems) log.whole(p);
  const tally = new FieldTally();
  let documents = 0;
  let records = 0;
  let missing = 0;
  let batch: ReadRecord[] = [];
  let batchBytes = 0;
  let bytesRead = 0;
  const limit = options.batchBytes ?? BATCH_BYTES;
  /**
   * The batches handed to onBatch, one after another: each waits for the one before, and the reader waits
   * for them all after each chunk (onBytes), so at most a chunk is read ahead of the consumer. Handing
   * batches over without waiting let a slow consumer (a corpus run scoring each batch) receive every batch
   * of the file at once, each holding its records and scoring calls: memory that grew with the corpus.
   */
  let delivered: Promise<void> = Promise.resolve();
  const flush = () => {
    if (batch.length === 0) return;
    const taken = batch;
    const read = bytesRead;
    batch = [];
    batchBytes = 0;
    delivered = delivered.then(() => onBatch({ kind: 'records', field, records: taken, bytesRead: read }));
    delivered.catch(() => {}); // awaited below; a failure stops the reader at its next chunk
  };
  const sink: DocumentSink = {
    record(value) {
      records++;
      if (!readField(value, field)) missing++;
      if (resolved.kind === 'jsonl') tally.seeRecord(value);
      else for (const [column, cell] of Object.entries(value)) tally.see(column, cell);
    },
    document(d) {
      documents++;
      batch.push({ line: d.line, record: d.record ?? { [field]: d.text } });
      batchBytes += d.text.length;
      if (batchBytes >= limit || batch.length >= BATCH_RECORDS) flush();
    },
    problem: (p) => log.add(p),
  };
  const onBytes = (n: number) => {
    bytesRead += n;
    return delivered;
  };

  let columns: string[] | undefined;
  if (resolved.kind === 'csv') {
    const csv = await readCsvDocuments(
      file,
      field,
      resolved.delimiter,
      name,
      sink,
      onBytes,
      inspection.fields,
    );
    if (csv.refused)
      return result({
        fields: inspection.fields,
        defaultField: inspection.defaultField,
        problems: [csv.refused],
      });
    columns = csv.columns;
    // Every column is a candidate, even one empty in every row.
    for (const c of columns ?? []) tally.see(c, '');
  } else {
    await readLineRecords(
      file,
      { start: 0, end: file.size },
      (r) =>
        options.everyRecord
          ? jsonlObject(r, name, sink)
          : jsonlRecord(r, field, name, sink, inspection.fields),
      onBytes,
    );
  }
  flush();
  await delivered;

  const fields = tally.result();
  if (columns && records === 0) {
    log.whole({
      severity: 'error',
      source: name,
      message: `${name} has a header row (${columns.join(', ')}) but no data rows — there is nothing to read.`,
      hint: 'The first row is read as column names; the texts go in the rows below it.',
    });
  } else if (documents === 0 && records >= 2 && missing === records) {
    // The usual result of picking the wrong field: one problem, not one per record.
    log.replaceField(field, {
      severity: 'error',
      source: name,
      field,
      message: `${resolved.kind === 'csv' ? 'column' : 'field'} "${field}" is missing from all ${records} records of ${name} — text ${resolved.kind === 'csv' ? 'columns' : 'fields'} there: ${listNames(fields.map((f) => f.name)) || 'none'}`,
    });
  } else if (records === 0 && log.empty()) {
    log.whole(whitespaceProblem(name));
  }
  return result({ fields, defaultField: inspection.defaultField, field, documents, problems: log.list() });
}

const CR = 0x0d;
const LF = 0x0a;

/** Whether the file's first 64 KiB break lines with CR and never with LF. */
async function crLineBreaksOnly(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  return head.includes(CR) && !head.includes(LF);
}

function fieldOf(kind: string, field: string | undefined) {
  if (field === undefined) return {};
  return kind === 'csv' ? { column: field } : { field };
}

/** A .txt file is one document: decoded whole (it is at most MAX_RECORD_BYTES), exactly as it is. */
async function readWholeText(
  file: Blob,
  name: string,
  knownExtension: boolean,
  onBatch: (batch: CorpusBatch) => Promise<void> | void,
  result: (fields: Partial<CorpusRead>) => CorpusRead,
): Promise<CorpusRead> {
  if (file.size > MAX_RECORD_BYTES) {
    return result({
      problems: [
        {
          severity: 'error',
          source: name,
          message: `${name} is ${formatBytes(file.size)}; a text file is read as one document here, and one document may hold at most ${formatBytes(MAX_RECORD_BYTES)}.`,
          hint: 'Split it into smaller files, or save it as JSON Lines with one document per line ({"text": "…"}). The Statistics page reads a large .txt file paragraph by paragraph.',
        },
      ],
    });
  }
  const decoded = decodeUtf8(new Uint8Array(await file.arrayBuffer()), name);
  if (!decoded.ok) return result({ problems: [decoded.problem] });
  if (!decoded.text.trim()) {
    return result({
      problems: [
        {
          severity: 'error',
          source: name,
          message: `${name} contains only whitespace — there is nothing to read.`,
        },
      ],
    });
  }
  await onBatch({ kind: 'text', text: decoded.text, bytesRead: file.size });
  return result({ documents: 1, problems: knownExtension ? [] : [unfamiliarExtension(name, decoded.text)] });
}

/** Whole-file problems first, then the first MAX_LISTED_PROBLEMS record problems, then a count of the rest. */
class ProblemLog {
  private readonly wholeFile: Problem[] = [];
  private readonly listed: Problem[] = [];
  private more = 0;
  private moreErrors = false;

  constructor(private readonly source: string) {}

  whole(p: Problem): void {
    this.wholeFile.push(p);
  }

  /** Problems not listed, by field (to take back the ones replaceField replaces). */
  private readonly unlisted = new Map<string | undefined, number>();

  add(p: RecordProblem): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(renderProblem(p));
    else {
      this.more++;
      this.unlisted.set(p.field, (this.unlisted.get(p.field) ?? 0) + 1);
      if (p.severity === 'error') this.moreErrors = true;
    }
  }

  /** Replaces every problem about `field` with `p`, a whole-file one. */
  replaceField(field: string, p: Problem): void {
    this.wholeFile.push(p);
    const kept = this.listed.filter((q) => q.field !== field);
    this.listed.splice(0, this.listed.length, ...kept);
    this.more -= this.unlisted.get(field) ?? 0;
    this.unlisted.delete(field);
  }

  empty(): boolean {
    return this.wholeFile.length + this.listed.length === 0;
  }

  list(): Problem[] {
    const out = [...this.wholeFile, ...this.listed];
    if (this.more > 0) {
      out.push({
        severity: this.moreErrors ? 'error' : 'warning',
        source: this.source,
        message: `…and ${this.more} more problem${this.more === 1 ? '' : 's'} in ${this.source}, not listed`,
        hint: 'Fix the ones above first; many problems in one file usually share one cause.',
      });
    }
    return out;
  }
}
