/**
 * The Text page's way into what the user picked (one file, which may be compressed, a .zip or Parquet):
 * opened into entries (open-inputs.ts), each read by readCorpus with one field for all of them, handed
 * over in batches that say which entry they came from. A plain file goes straight to readCorpus, as before.
 */
import { chooseDefaultField, type FieldCandidate } from './fields';
import { openInputs, type OpenedEntry } from './open-inputs';
import { parquetFieldProblem } from './parquet-records';
import type { Problem } from './problem';
import { readCorpus, type CorpusBatch, type CorpusRead, type CorpusReadOptions } from './read-corpus';

/**
 * A batch with where it came from (the entry's index among those opened, and its name), or, while a
 * compressed, zipped or Parquet file is being opened, how far that has got.
 */
export type InputBatch =
  (CorpusBatch & { entry?: number; source?: string }) | { kind: 'opening'; bytesRead: number };

/** Opening a file that needs it (decompressing, unzipping, Parquet) counts as this share of its progress. */
const OPENING_SHARE = 0.5;

export async function readInput(
  file: Blob,
  name: string,
  options: CorpusReadOptions,
  onBatch: (batch: InputBatch) => Promise<void> | void,
): Promise<CorpusRead> {
  let consumed = 0;
  const opening = await openInputs([{ name, blob: file }], (n) => {
    consumed += n;
    void onBatch({ kind: 'opening', bytesRead: Math.round(consumed * OPENING_SHARE) });
  });
  const { entries } = opening;
  const problems: Problem[] = [...opening.problems];
  const total = entries.reduce((n, e) => n + e.blob.size, 0);
  // Progress over the picked file's size: the entries' decoded bytes scaled to it, after the opening's
  // share when the file had to be opened (a plain file is its own one entry).
  const plain = entries.length === 1 && entries[0].blob === file;
  const offset = plain ? 0 : file.size * OPENING_SHARE;
  const scale = total > 0 ? (file.size - offset) / total : 1;
  let before = 0;
  let field = options.field;
  const reads: CorpusRead[] = [];
  for (const [index, entry] of entries.entries()) {
    const wrong =
      entry.parquet && field !== undefined && parquetFieldProblem(entry.name, entry.parquet, field);
    if (wrong) {
      problems.push(wrong);
    } else {
      const read = await readEntry(entry, field, options, (batch) =>
        onBatch({
          ...batch,
          bytesRead: Math.round(offset + (before + batch.bytesRead) * scale),
          entry: index,
          source: entry.name,
        }),
      );
      // The first entry read with records settles the field for the rest: one corpus, one field.
      field ??= read.field;
      reads.push(read);
      problems.push(...read.problems);
    }
    before += entry.blob.size;
  }
  const fields = mergeFields(reads.flatMap((r) => r.fields));
  const first = reads.find((r) => r.field !== undefined) ?? reads[0];
  return {
    kind: first?.kind ?? 'txt',
    fields,
    defaultField: first?.defaultField ?? chooseDefaultField(fields),
    field: first?.field,
    hadBom: reads.some((r) => r.hadBom),
    documents: reads.reduce((n, r) => n + r.documents, 0),
    problems,
  };
}

function readEntry(
  entry: OpenedEntry,
  field: string | undefined,
  options: CorpusReadOptions,
  onBatch: (batch: CorpusBatch) => Promise<void> | void,
): Promise<CorpusRead> {
  const chosen = field === undefined ? {} : { field };
  return readCorpus(entry.blob, entry.name, { ...options, ...chosen, formatName: entry.formatName }, onBatch);
}

/** Field candidates of several entries as one list: counts summed, most filled first. */
function mergeFields(fields: readonly FieldCandidate[]): FieldCandidate[] {
  const byName = new Map<string, FieldCandidate>();
  for (const f of fields) {
    const seen = byName.get(f.name);
    if (!seen) byName.set(f.name, { ...f });
    else {
      seen.count += f.count;
      if (!f.numeric) delete seen.numeric;
    }
  }
  return [...byName.values()].sort((a, b) => b.count - a.count);
}
