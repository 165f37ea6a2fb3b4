/**
 * A whole corpus scored, edited and exported with bounded memory: what the Text page cannot do by holding
 * every document and its scores. Two passes over the inputs, each a batch of records at a time (the input
 * pipeline awaits each batch, so nothing runs ahead):
 *
 * 1. score: each document whose text the score file does not hold yet is scored in the page's groups
 *    (scoringGroups) and appended to the file a group at a time. A run stopped anywhere (cancel, reload,
 *    crash) resumes by running again: the documents already in the file are passed over.
 * 2. export: the inputs are read again, and each document's scores are read back from the file (lazily,
 *    score-index.ts), edited with the run's settings and seed, and written to the chosen outputs: the same
 *    lines as the page's in-memory export (editedLine, editLogLine, plainText) and `semisynth edit`.
 *
 * Parquet output (parquet-sink.ts) is the table `semisynth edit --output X.parquet` makes of the edited
 * JSON Lines: its columns are typed in the scoring pass, which meets every record before the first row is
 * written (parquet-table.ts), and rows go out a row group at a time.
 *
 * Only the score file's index (about 60 B a document), one batch of records and the output's pending MiB
 * (Parquet: one row group) are held. Documents are numbered across the files in the order given, as the page numbers its sources.
 */
import { contentHash, hashHex } from '../persist/content-hash';
import type { IndexedScoreFile } from '../persist/score-index';
import type { InputFile } from '../io/open-inputs';
import type { Document, Problem } from '../io/problem';
import { readInput, type InputBatch } from '../io/read-input';
import { readField } from '../io/json-values';
import type { ScoreOptions } from '../scoring/prior';
import type { DocumentScores } from '../scoring/scores';
import { scoringGroups } from '../scoring/scoring-groups';
import { utf8Length } from '../scoring/tokens/utf8-length';
import type { Vocabulary } from '../scoring/tokens/packed-vocabulary';
import { editDocument, type ToEditConfig } from '../toedit';
import { emptyCounts } from '../toedit/counts';
import { editedLine, editLogLine, exportRecord } from '../toedit/edit-export';
import { ParquetSink } from './parquet-sink';
import { TableColumns } from './parquet-table';
import { TextSink, type ByteSink } from './text-sink';

export type RunOutput = 'jsonl' | 'text' | 'editLog' | 'parquet';

export interface CorpusRunProgress {
  stage: 'scoring' | 'exporting';
  /** Input bytes read in this stage, of `totalBytes` (the files' sizes, compressed as picked). */
  bytesRead: number;
  totalBytes: number;
  /** Documents met in this stage. */
  documents: number;
  /** Scoring: documents scored now, and those the score file already held. */
  scored: number;
  reused: number;
  /** UTF-8 bytes of the documents' text met in this stage. */
  textBytes: number;
  /** Exporting: bytes written to the outputs. */
  written: number;
}

export interface CorpusRunOptions {
  files: readonly InputFile[];
  /** JSONL field or CSV column (default: the one the first file's inspection picks). */
  field?: string;
  /** The loaded prior's batch scoring (Prior.scoreBatch). */
  score: (texts: readonly string[], options: ScoreOptions) => Promise<DocumentScores[]>;
  /** Alternatives kept per token (the score file's key says the same). */
  k: number;
  scoreFile: IndexedScoreFile;
  vocabulary: Vocabulary;
  config: ToEditConfig;
  seed: number;
  outputs: Partial<Record<RunOutput, ByteSink>>;
  /** The Parquet output's key-value metadata (`semisynth.recipe`, as the CLI writes it). */
  parquetMetadata?: Record<string, string>;
  /** Rows in each of the Parquet output's row groups (default GROUP_ROWS). */
  parquetGroupRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: CorpusRunProgress) => void;
}

export interface CorpusRunSummary {
  documents: number;
  scored: number;
  reused: number;
  /** Documents the engine refused (they are in the edit log with why). */
  notEdited: number;
  /** Bytes written to each output. */
  written: Partial<Record<RunOutput, number>>;
  problems: Problem[];
}

/**
 * Reads every file into documents a batch at a time, numbered across the files; `onDocuments` is awaited
 * before the next batch is read. Returns the problems reading met.
 */
async function forEachBatch(
  options: CorpusRunOptions,
  onDocuments: (docs: Document[], bytesRead: number) => Promise<void>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  let index = 0;
  let before = 0;
  let field = options.field;
  for (const file of options.files) {
    const onBatch = async (batch: Exclude<InputBatch, { kind: 'opening' }>) => {
      options.signal?.throwIfAborted();
      const source = batch.source ?? file.name;
      const docs: Document[] =
        batch.kind === 'text'
          ? [{ index: index++, text: batch.text, origin: { source } }]
          : batch.records.map((r) => ({
              index: index++,
              text: readField(r.record, batch.field)?.value as string,
              origin: { source, line: r.line },
              record: r.record,
            }));
      await onDocuments(docs, before + batch.bytesRead);
    };
    // Opening progress is not awaited by readInput (it must not throw); the batches are.
    const read = await readInput(file.blob, file.name, field === undefined ? {} : { field }, (batch) =>
      batch.kind === 'opening' ? undefined : onBatch(batch),
    );
    // One corpus, one field: the first file with records settles it for the rest (as readInput does).
    field ??= read.field;
    problems.push(...read.problems);
    before += file.blob.size;
  }
  return problems;
}

/** The output writers of a run: text lines, or the Parquet table (made once its columns are known). */
interface Sinks {
  text: (readonly [RunOutput, TextSink])[];
  parquet: ParquetSink | null;
}

/** Runs both passes; on any failure or cancel the outputs are aborted (nothing half-written is kept). */
export async function runCorpus(options: CorpusRunOptions): Promise<CorpusRunSummary> {
  const sinks: Sinks = {
    text: Object.entries(options.outputs).flatMap(([kind, sink]) =>
      kind === 'parquet' ? [] : [[kind as RunOutput, new TextSink(sink)] as const],
    ),
    parquet: null,
  };
  try {
    return await runPasses(options, sinks);
  } catch (error) {
    const parquet = options.outputs.parquet;
    await Promise.allSettled([
      ...sinks.text.map(([, s]) => s.abort()),
      ...(parquet ? [parquet.abort()] : []),
    ]);
    throw error;
  }
}

/** The record a document's edit adds to the edited JSON Lines (editedLine), with an empty edit. */
const editedRecordShape = (doc: Document) => exportRecord(doc.record, doc.text, '', emptyCounts());

async function runPasses(options: CorpusRunOptions, sinks: Sinks): Promise<CorpusRunSummary> {
  const { scoreFile, signal } = options;
  const totalBytes = options.files.reduce((n, f) => n + f.blob.size, 0);
  const progress = (stage: CorpusRunProgress['stage']): CorpusRunProgress => ({
    stage,
    bytesRead: 0,
    totalBytes,
    documents: 0,
    scored: 0,
    reused: 0,
    textBytes: 0,
    written: 0,
  });

  const scoring = progress('scoring');
  const table = options.outputs.parquet ? new TableColumns() : null;
  // A group's append runs while the next group is scored (the prior would otherwise wait for the write:
  // 17–19 % of its time in profiles). Appends stay in order, one at a time; the hashes of the group being
  // written count as stored, so a repeated text is not scored twice.
  let writing: Promise<void> = Promise.resolve();
  const beingWritten = new Set<string>();
  const appendAfter = (group: readonly { hash: Uint8Array; hex: string }[], scores: DocumentScores[]) => {
    for (const d of group) beingWritten.add(d.hex);
    writing = writing.then(async () => {
      await scoreFile.append(group.map((d, i) => ({ hash: d.hash, scores: scores[i] })));
      for (const d of group) beingWritten.delete(d.hex);
      scoring.scored += group.length;
      options.onProgress?.({ ...scoring }); // a batch of records takes several groups: report each
    });
    return writing;
  };
  let problems: Problem[];
  try {
    problems = await forEachBatch(options, async (docs, bytesRead) => {
      if (table) for (const doc of docs) table.observe(editedRecordShape(doc));
      const hashes = await Promise.all(docs.map((d) => contentHash(d.text)));
      const todo: { text: string; hash: Uint8Array; hex: string }[] = [];
      const queued = new Set<string>();
      docs.forEach((d, i) => {
        const hex = hashHex(hashes[i]);
        if (scoreFile.has(hashes[i]) || beingWritten.has(hex) || queued.has(hex)) scoring.reused++;
        else {
          queued.add(hex);
          todo.push({ text: d.text, hash: hashes[i], hex });
        }
      });
      for (const group of scoringGroups(todo)) {
        const scores = await options.score(
          group.map((d) => d.text),
          { k: options.k, checkpoint: () => signal?.throwIfAborted() },
        );
        signal?.throwIfAborted();
        await writing; // the previous group's write: one at a time, in order (and its failure stops the run)
        void appendAfter(group, scores).catch(() => {}); // awaited as `writing` by the next group or below
      }
      scoring.documents += docs.length;
      scoring.textBytes += docs.reduce((n, d) => n + utf8Length(d.text), 0);
      scoring.bytesRead = bytesRead;
      options.onProgress?.({ ...scoring });
    });
    await writing; // the last group's write, and its failure
  } finally {
    // Stopped or not, no write is left running into a score file its owner is about to close.
    await writing.catch(() => {});
  }

  const exporting = progress('exporting');
  if (table && options.outputs.parquet)
    sinks.parquet = new ParquetSink(
      options.outputs.parquet,
      table.columns(),
      options.parquetMetadata ?? {},
      options.parquetGroupRows,
    );
  const { parquet } = sinks;
  const allSinks: { written: number }[] = [...sinks.text.map(([, s]) => s), ...(parquet ? [parquet] : [])];
  const written = () => allSinks.reduce((n, s) => n + s.written, 0);
  const sinkOf = (kind: RunOutput) => sinks.text.find(([k]) => k === kind)?.[1];
  const jsonl = sinkOf('jsonl');
  const text = sinkOf('text');
  const editLog = sinkOf('editLog');
  let editedTexts = 0;
  let notEdited = 0;
  await forEachBatch(options, async (docs, bytesRead) => {
    for (const doc of docs) {
      const scores = await scoreFile.scoresOf(await contentHash(doc.text));
      if (!scores)
        throw new Error(`${doc.origin.source}: document ${doc.index} has no scores in the score file`);
      const edit = editDocument(
        doc.text,
        scores,
        options.config,
        options.seed,
        doc.index,
        options.vocabulary,
      );
      if (!edit.ok) notEdited++;
      await jsonl?.add(editedLine(doc, edit));
      if (edit.ok)
        await parquet?.add(
          exportRecord(doc.record, doc.text, edit.text, edit.counts),
          doc.text.length + edit.text.length,
          `${doc.origin.source}${doc.origin.line === undefined ? '' : `:${doc.origin.line}`}`,
        );
      await editLog?.add(editLogLine(doc, edit));
      // Plain text (plainText in edit-export.ts): the edited documents separated by a blank line.
      if (edit.ok) await text?.add(editedTexts++ === 0 ? edit.text : `\n\n${edit.text}`);
      exporting.textBytes += utf8Length(doc.text);
    }
    exporting.documents += docs.length;
    exporting.bytesRead = bytesRead;
    exporting.written = written();
    options.onProgress?.({ ...exporting });
  });
  if (editedTexts > 0) await text?.add('\n');
  for (const [, sink] of sinks.text) await sink.close();
  await parquet?.close();
  exporting.written = written();
  options.onProgress?.({ ...exporting });
  return {
    documents: exporting.documents,
    scored: scoring.scored,
    reused: scoring.reused,
    notEdited,
    written: {
      ...Object.fromEntries(sinks.text.map(([kind, s]) => [kind, s.written])),
      ...(parquet ? { parquet: parquet.written } : {}),
    },
    problems,
  };
}
