/**
 * What `score` and `edit` share: the documents of each shard scored in the page's groups (scoringGroups)
 * through the same TransformersPrior, with progress and Ctrl-C checked after every forward pass, each
 * document handed on as soon as its group is scored; then the shard's files committed, or all removed.
 */
import type { Document } from '../lib/io/problem';
import type { DocumentScores } from '../lib/scoring/scores';
import { scoringGroups } from '../lib/scoring/scoring-groups';
import { utf8Length } from '../lib/scoring/tokens/utf8-length';
import type { TransformersPrior } from '../lib/scoring/transformers/transformers-prior';
import { Interrupted } from './cli-error';
import { Progress, type ProgressMode } from './cli-progress';
import { RunFiles, shardDone, type RunKind } from './run-output';
import { shardName, shardRange, type Shard } from './shard';
import { log, stopRequested } from './cli-process';
import { mergeParts } from './merge-parts';

export interface ScoredRun {
  kind: RunKind;
  output: string;
  /** Documents in the inputs, and those of [start, end) read from them. */
  total: number;
  read: (range: { start: number; end: number }) => Promise<Document[]>;
  job: string;
  semisynth: string;
  k: number;
  progress: ProgressMode;
  /** Loads the model the first time a shard needs it. */
  prior: () => Promise<TransformersPrior>;
  /** Turns a shard's documents into those scored (instruction records laid out as one text each). */
  prepare?: (docs: Document[], prior: TransformersPrior) => Document[];
  /** Writes one scored document's lines. */
  onScored: (files: RunFiles, doc: Document, scores: DocumentScores) => void;
  /** Writes the files every shard carries the same (recipe, provenance). */
  onCommit: (files: RunFiles, prior: TransformersPrior) => void;
}

/** Runs one shard (or the whole input with `shard` null). Returns false when it was already done. */
export async function runShard(run: ScoredRun, shard: Shard | null): Promise<boolean> {
  if (shard && shardDone(run.output, shard, run.job)) {
    log(`${shardName(shard)} of this job is already done: skipped`);
    return false;
  }
  const { start, end } = shardRange(run.total, shard);
  const read = await run.read({ start, end });
  const prior = await run.prior();
  const docs = run.prepare ? run.prepare(read, prior) : read;
  const files = new RunFiles(run.kind, run.output, shard);
  const task = shard ? `${run.kind} ${shardName(shard)}` : run.kind;
  const totalBytes = docs.reduce((n, d) => n + utf8Length(d.text), 0);
  const progress = new Progress(run.progress, task, totalBytes, docs.length);
  const done = { bytes: 0, tokens: 0, documents: 0 };
  try {
    for (const group of scoringGroups(docs)) {
      if (stopRequested()) throw new Interrupted();
      const scores = await prior.scoreBatch(
        group.map((d) => d.text),
        {
          k: run.k,
          checkpoint: (p) => {
            if (stopRequested()) throw new Interrupted();
            progress.update({ ...done, bytes: done.bytes + p.bytes, tokens: done.tokens + p.tokens });
          },
        },
      );
      group.forEach((doc, i) => {
        run.onScored(files, doc, scores[i]);
        done.bytes += utf8Length(doc.text);
        done.tokens += scores[i].tokenIds.length;
        done.documents++;
      });
      progress.update(done);
    }
    run.onCommit(files, prior);
    await files.commit({
      semisynth: run.semisynth,
      job: run.job,
      range: { start, end, total: run.total },
    });
    progress.finish('done');
    return true;
  } catch (error) {
    files.abandon();
    if (error instanceof Interrupted) progress.finish('interrupted');
    throw error;
  }
}

/** One shard, the whole input, or (--shards N alone) every shard here and then their merge. */
export async function runAll(
  run: ScoredRun,
  setup: { shard: Shard | null; allShards: number | null; output: string },
): Promise<void> {
  if (setup.allShards === null) {
    if (!(await runShard(run, setup.shard))) return;
    log(`wrote ${setup.shard ? RunFiles.shardDir(setup.output, setup.shard) : setup.output}`);
    return;
  }
  for (let index = 0; index < setup.allShards; index++)
    await runShard(run, { index, count: setup.allShards });
  await mergeParts(setup.output, [`${setup.output}.parts`]);
  log(`merged ${setup.allShards} shards into ${setup.output}`);
}
