/**
 * `--input FILE|FOLDER...` read into documents through the page's own entry point (src/lib/io/read-input.ts:
 * compression undone, a .zip's files and Parquet rows opened by open-inputs.ts, then read by read-corpus.ts),
 * so the command line reads every format the Text page reads, with the same problems in the same words, and
 * numbers documents the same way: in input order (a folder's files in natural order), across files, from 0.
 * Only the documents of the range asked for are kept: a run counts the documents in one pass, then reads its
 * shard's in another, so memory holds one shard, not the corpus.
 */
import type { Document, Problem } from '../lib/io/problem';
import { readField } from '../lib/io/json-values';
import { readInput } from '../lib/io/read-input';
import { CliError, EXIT } from './cli-error';
import { formatProblem } from './cli-messages';
import { inputPaths, openInputFile } from './input-paths';

export interface ReadInputs {
  /** Documents in all the inputs. */
  total: number;
  /** Those with index in [start, end), in order. */
  documents: Document[];
  /** Warnings (errors stop the command). */
  warnings: Problem[];
}

/**
 * Reads every input; `field` picks the JSONL field or CSV column (default: the one the page would pick).
 * Documents are named as the page names them: a file by its base name, an entry of one by its path in it
 * ("shards.zip/part-1.parquet"), a folder's file by its path from the folder's parent. With `everyRecord`
 * (instruction data) every JSON Lines record is a document with empty text, laid out later.
 */
export async function readInputs(
  files: readonly string[],
  field: string | undefined,
  range: { start: number; end: number } = { start: 0, end: Infinity },
  everyRecord = false,
  /** What is wrong with a document that is not to be numbered (an instruction record of no shape), or null. */
  reject: (doc: Omit<Document, 'index'>) => Problem | null = () => null,
): Promise<ReadInputs> {
  const documents: Document[] = [];
  const warnings: Problem[] = [];
  /** The current file's rejected documents, said after its reading problems. */
  const rejected: Problem[] = [];
  let total = 0;
  const keep = (doc: Omit<Document, 'index'>) => {
    const problem = reject(doc);
    if (problem) return void rejected.push(problem);
    const index = total++;
    if (index >= range.start && index < range.end) documents.push({ index, ...doc });
  };
  for (const input of files.flatMap(inputPaths)) {
    const { name, blob } = await openInputFile(input);
    const file = input.file;
    const options = { ...(field === undefined ? {} : { field }), everyRecord };
    const result = await readInput(blob, name, options, (batch) => {
      if (batch.kind === 'opening') return;
      const source = batch.source ?? name;
      if (batch.kind === 'text') keep({ text: batch.text, origin: { source } });
      else
        for (const r of batch.records)
          keep({
            text: everyRecord ? '' : (readField(r.record, batch.field)?.value as string),
            origin: { source, line: r.line },
            record: r.record,
          });
    });
    const errors = result.problems.filter((p) => p.severity === 'error');
    // Like the page, a bad record is skipped and said; a file that gave no document at all stops the run.
    if (result.documents === 0 && errors.length > 0)
      throw new CliError(
        `${file} gave no documents:\n${errors.map((p) => '  ' + formatProblem(p)).join('\n')}`,
        EXIT.badInput,
        result.fields.length > 0
          ? `Its text fields: ${result.fields.map((f) => f.name).join(', ')} (choose one with --field).`
          : undefined,
      );
    warnings.push(...result.problems, ...rejected.splice(0));
  }
  if (total === 0) {
    const why = warnings.filter((p) => p.severity === 'error');
    if (why.length > 0)
      throw new CliError(
        `the inputs hold no documents:\n${why
          .slice(0, 5)
          .map((p) => '  ' + formatProblem(p))
          .join('\n')}${why.length > 5 ? `\n  … and ${why.length - 5} more` : ''}`,
      );
    throw new CliError('the inputs hold no documents');
  }
  return { total, documents, warnings };
}
