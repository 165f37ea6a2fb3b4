/**
 * `--input FILE...` read into documents through the page's own entry point (src/lib/io/read-corpus.ts), so
 * the command line reads every format the Text page reads, with the same problems in the same words, and
 * numbers documents the same way: in input order, across files, from 0. Only the documents of the range
 * asked for are kept: a run counts the documents in one pass, then reads its shard's in another, so memory
 * holds one shard, not the corpus.
 */
import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import type { Document, Problem } from '../lib/io/problem';
import { readField } from '../lib/io/json-values';
import { readCorpus } from '../lib/io/read-corpus';
import { CliError, EXIT } from './cli-error';
import { formatProblem } from './cli-messages';

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
 * Documents are named by the file's base name, as the page names an added file. With `everyRecord`
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
  for (const file of files) {
    let blob: Blob;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      blob = await openAsBlob(file);
    } catch (error) {
      throw new CliError(
        `--input ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    const name = path.basename(file);
    const options = { ...(field === undefined ? {} : { field }), everyRecord };
    const result = await readCorpus(blob, name, options, (batch) => {
      if (batch.kind === 'text') keep({ text: batch.text, origin: { source: name } });
      else
        for (const r of batch.records)
          keep({
            text: everyRecord ? '' : (readField(r.record, batch.field)?.value as string),
            origin: { source: name, line: r.line },
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
