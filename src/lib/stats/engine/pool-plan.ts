/**
 * How the stats pool reads one corpus, decided apart from the workers: the blocks of the input and the
 * report options that describe them (analysisPlan), and which block a free worker reads next (nextBlock).
 * Whichever worker takes a block, the reducer merges blocks in stream order (blocks.ts), so the plan alone
 * fixes the report.
 */
import type { ResolvedFormat } from '../../io/stream-format';
import type { CorpusReportOptions, TokenScores } from '../report/corpus-report-types';
import { fileBlocks, textBlocks, type BlockTask } from './blocks';

/** The report settings the caller chose: everything but where the documents come from. */
export type ReportSettings = Omit<CorpusReportOptions, 'source' | 'blockBytes'>;

export type PlannedInput =
  /** A file whose format and field were settled by inspecting its head (inspect.ts). */
  | { kind: 'file'; file: Blob; source: string; format: ResolvedFormat }
  /** Documents already in the page, with the scores of those the prior scored (null: unscored). */
  | { kind: 'texts'; texts: readonly string[]; scores?: readonly (TokenScores | null)[] };

export interface AnalysisPlan {
  reportOptions: CorpusReportOptions;
  /** Blocks in stream order. */
  blocks: number;
  /** What progress counts up to: the file's bytes, or the texts' UTF-16 code units. */
  totalBytes: number;
  /** Block `index` as a worker reads it, and the buffers that can be transferred with it. */
  task(index: number): { task: BlockTask; transfer: ArrayBuffer[] };
}

/** Blocks read ahead of the last merged one, per worker: enough to keep every worker busy. */
export const READ_AHEAD_PER_WORKER = 2;

export function analysisPlan(
  input: PlannedInput,
  settings: ReportSettings,
  blockBytes: number,
): AnalysisPlan {
  if (input.kind === 'file') {
    const { file, source, format } = input;
    const ranges = fileBlocks(file.size, format, blockBytes);
    return {
      reportOptions: {
        ...settings,
        source: { kind: 'file', fileName: source, fileBytes: file.size, format },
        // A CSV file is one block (quoted values may span lines).
        blockBytes: format.kind === 'csv' ? file.size : blockBytes,
      },
      blocks: ranges.length,
      totalBytes: file.size,
      task: (index) => ({
        task: { kind: 'file', index, file, source, format, range: ranges[index] },
        transfer: [],
      }),
    };
  }
  const { texts, scores } = input;
  if (scores && scores.length !== texts.length) {
    throw new RangeError(`${scores.length} scores for ${texts.length} texts: give one (or null) per text`);
  }
  if (scores && !settings.model) {
    throw new RangeError('scores need their provenance: pass options.model (model id, dtype, device, k)');
  }
  const ranges = textBlocks(texts, blockBytes);
  return {
    reportOptions: { ...settings, source: { kind: 'texts', texts: texts.length }, blockBytes },
    blocks: ranges.length,
    totalBytes: texts.reduce((n, t) => n + t.length, 0),
    task: (index) => {
      const { start, end } = ranges[index];
      const task: BlockTask = { kind: 'texts', index, first: start, texts: texts.slice(start, end) };
      if (!scores) return { task, transfer: [] };
      // Copies of the two columns the statistics read: the page keeps its scores; the copies are transferred.
      const copies = scores
        .slice(start, end)
        .map((d) => (d ? { logprob: d.logprob.slice(), rank: d.rank.slice() } : null));
      return {
        task: { ...task, scores: copies },
        transfer: copies.flatMap((d) =>
          d ? [d.logprob.buffer as ArrayBuffer, d.rank.buffer as ArrayBuffer] : [],
        ),
      };
    },
  };
}

/**
 * The block a free worker reads next: `next` is the first block not yet handed out, `merged` how many the
 * reducer has merged. A worker waits while `window` blocks are already out ahead of the merge, so blocks
 * read early do not pile up in the reducer behind a slow one.
 */
export function nextBlock(
  next: number,
  merged: number,
  blocks: number,
  window: number,
): number | 'wait' | 'done' {
  if (next >= blocks) return 'done';
  return next >= merged + window ? 'wait' : next;
}
