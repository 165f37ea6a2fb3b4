/**
 * The statistics engine's two halves, plain functions so that a browser worker, a Node worker thread and a
 * test all run the same code: `runBlock` reads one block (blocks.ts) into a fresh accumulator, and
 * `Reducer` merges block accumulators in block order and finalizes the report.
 */
import type { Problem } from '../../io/problem';
import { corpusReport, type CorpusReportAcc, type CorpusReportStatistic } from '../report/corpus-report';
import type { CorpusReport, CorpusReportOptions } from '../report/corpus-report-types';
import { packMisraGries, unpackMisraGries, type PackedMisraGries } from '../report/misra-gries';
import { exactBuffers, exactResultBuffers } from '../exact/exact-ngrams';
import type { BlockTask } from './blocks';
import { readCsvDocuments } from '../../io/csv-documents';
import { jsonlRecord, txtRecord, type DocumentSink } from '../../io/documents';
import { readLineRecords, readParagraphRecords, type RawRecord } from '../../io/records';

/** An accumulator as it crosses a worker boundary: the n-gram tables packed, typed arrays transferable. */
export type PackedReportAcc = Omit<CorpusReportAcc, 'unigrams' | 'bigramTable'> & {
  unigrams: PackedMisraGries;
  bigramTable: PackedMisraGries;
};

export function packAcc(acc: CorpusReportAcc): PackedReportAcc {
  return { ...acc, unigrams: packMisraGries(acc.unigrams), bigramTable: packMisraGries(acc.bigramTable) };
}

export function unpackAcc(p: PackedReportAcc): CorpusReportAcc {
  return { ...p, unigrams: unpackMisraGries(p.unigrams), bigramTable: unpackMisraGries(p.bigramTable) };
}

/**
 * The buffers a packed accumulator owns (safe to transfer). Histogram edges are left out on purpose: they
 * are module-level constants shared by every accumulator in the worker.
 */
export function accTransferables(p: PackedReportAcc): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    p.groupCounts,
    p.examples.priority,
    p.examples.docIndex,
    p.examples.byteOffset,
    p.examples.line,
    p.unigrams.key1,
    p.unigrams.key2,
    p.unigrams.counts,
    p.bigramTable.key1,
    p.bigramTable.key2,
    p.bigramTable.counts,
  ];
  for (const t of [p.unigrams.types, p.bigramTable.types]) if (t) arrays.push(t);
  return [
    ...arrays.map((a) => a.buffer as ArrayBuffer),
    ...exactBuffers(p.exactUnigrams),
    ...exactBuffers(p.exactBigrams),
  ];
}

/** The large arrays of a finished report (each its own buffer: finalize copies them). */
export function reportTransferables(r: CorpusReport): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [r.examples.docIndex, r.examples.byteOffset, r.examples.line];
  if (!('insufficient' in r.features))
    arrays.push(
      r.features.counts,
      r.features.distribution,
      r.features.groupCounts,
      r.features.groupDocuments,
    );
  for (const t of [r.unigrams, r.bigrams]) if (!('insufficient' in t)) arrays.push(t.summary.counts);
  const exact = [r.exact.unigrams, r.exact.bigrams].flatMap((e) =>
    'insufficient' in e ? [] : exactResultBuffers(e),
  );
  // Shared buffers (shareExactTables) are not transferred: they are shared.
  return [...arrays.map((a) => a.buffer as ArrayBuffer), ...exact].filter((b) => b instanceof ArrayBuffer);
}

/**
 * Moves the report's exact n-gram runs — the largest arrays it has, up to hundreds of MB for a large corpus —
 * into SharedArrayBuffers where the runtime has them (a cross-origin isolated page, Node): the page then
 * hands the report to the comparing worker without its main thread copying them (a structured clone of a
 * large corpus's runs is a long task). Elsewhere the report is left as it is.
 */
export function shareExactTables(r: CorpusReport): void {
  if (typeof SharedArrayBuffer !== 'function') return;
  const share = <T extends Uint32Array | Uint8Array>(a: T): T => {
    const s = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  for (const e of [r.exact.unigrams, r.exact.bigrams]) {
    if ('insufficient' in e || !e.run) continue;
    const run = e.run;
    e.run = {
      k1: share(run.k1),
      k2: share(run.k2),
      group: run.group && share(run.group),
      count: share(run.count),
    };
  }
}

export interface BlockResult {
  index: number;
  acc: PackedReportAcc;
  documents: number;
  /** Bytes of the block (its range, or its texts' code units), for progress. */
  bytes: number;
  /** A problem with the whole file: the report cannot be made. */
  refused?: Problem;
}

export interface BlockProgress {
  /** Bytes of this block done so far. */
  bytes: number;
  documents: number;
}

/** Reads one block into a fresh accumulator. `onProgress` is called after each chunk (throttle it yourself). */
export async function runBlock(
  task: BlockTask,
  options: CorpusReportOptions,
  onProgress?: (p: BlockProgress) => void,
): Promise<BlockResult> {
  const stat = corpusReport(options);
  const acc = stat.empty();
  if (task.kind === 'texts') {
    const bytes = task.texts.reduce((s, t) => s + t.length, 0);
    let done = 0;
    task.texts.forEach((text, i) => {
      const scores = task.scores === undefined ? undefined : task.scores[i];
      stat.add(acc, { text, scores });
      done += text.length;
      if (i % 256 === 255) onProgress?.({ bytes: done, documents: acc.documents });
    });
    stat.seal(acc);
    return { index: task.index, acc: packAcc(acc), documents: acc.documents, bytes };
  }

  const { file, source, format, range } = task;
  const size = range.end - range.start;
  const sink = documentSink(stat, acc);
  let read = 0;
  const onBytes = (n: number) => {
    read += n;
    onProgress?.({ bytes: Math.min(read, size), documents: acc.documents });
  };
  let lines: number;
  if (format.kind === 'csv') {
    const r = await readCsvDocuments(file, format.column, format.delimiter, source, sink, onBytes);
    if (r.refused)
      return { index: task.index, acc: packAcc(stat.empty()), documents: 0, bytes: size, refused: r.refused };
    lines = r.lines;
  } else {
    const onRecord =
      format.kind === 'jsonl'
        ? (r: RawRecord) => jsonlRecord(r, format.field, source, sink)
        : (r: RawRecord) => txtRecord(r, source, sink);
    const read =
      format.kind === 'txt' && format.split === 'paragraph' ? readParagraphRecords : readLineRecords;
    lines = (await read(file, range, onRecord, onBytes)).lines;
  }
  stat.addLines(acc, lines);
  stat.seal(acc);
  return { index: task.index, acc: packAcc(acc), documents: acc.documents, bytes: size };
}

function documentSink(stat: CorpusReportStatistic, acc: CorpusReportAcc): DocumentSink {
  return {
    document: (d) => stat.add(acc, { text: d.text, byteOffset: d.byteOffset, line: d.line }),
    problem: (p, skipped) => stat.addProblem(acc, p, skipped),
  };
}

/**
 * Merges block accumulators in block order as they arrive in any order, holding early arrivals until the
 * blocks before them are in. `finish` finalizes once every block has been merged.
 */
export class Reducer {
  private readonly stat: CorpusReportStatistic;
  private acc: CorpusReportAcc;
  private readonly waiting = new Map<number, PackedReportAcc>();
  /** Blocks merged so far (= the index of the next block to merge). */
  merged = 0;

  constructor(options: CorpusReportOptions) {
    this.stat = corpusReport(options);
    this.acc = this.stat.empty();
  }

  /** Accepts block `index`; returns how many blocks have been merged. */
  accept(index: number, packed: PackedReportAcc): number {
    if (index < this.merged || this.waiting.has(index)) throw new RangeError(`block ${index} arrived twice`);
    this.waiting.set(index, packed);
    for (let next = this.waiting.get(this.merged); next; next = this.waiting.get(this.merged)) {
      this.waiting.delete(this.merged);
      this.acc = this.stat.merge(this.acc, unpackAcc(next));
      this.merged++;
    }
    return this.merged;
  }

  finish(blocks: number): CorpusReport {
    if (this.merged !== blocks || this.waiting.size > 0) {
      throw new RangeError(`${blocks} blocks expected, ${this.merged} merged, ${this.waiting.size} waiting`);
    }
    return this.stat.finalize(this.acc);
  }
}
