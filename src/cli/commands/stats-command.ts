/** `semisynth stats`: the Statistics page's corpus report, as a mergeable partial. */
import path from 'node:path';
import { numberOption, parseCommand, required, stringOption } from '../args';
import { CliError, EXIT, Interrupted } from '../cli-error';
import { log, stopRequested } from '../cli-process';
import { Progress } from '../cli-progress';
import { formatProblem } from '../cli-messages';
import { jobId, RunFiles, shardDone } from '../run-output';
import { mergeParts } from '../merge-parts';
import { shardName, shardOf, shardRange, type Shard } from '../shard';
import { inputPaths, openInputFile } from '../input-paths';
import { inspectFile } from '../../lib/io/inspect';
import { joinEntries, openInputs } from '../../lib/io/open-inputs';
import { parquetFieldProblem } from '../../lib/io/parquet-records';
import { analysisPlan } from '../../lib/stats/engine/pool-plan';
import { BLOCK_BYTES } from '../../lib/stats/engine/blocks';
import { runBlock } from '../../lib/stats/engine/block-reduce';
import { encodePartial } from '../../lib/stats/engine/stats-partial';
import { DEFAULT_CONFIG } from '../../lib/toedit/config';

export const STATS_HELP = `semisynth stats — model-free corpus statistics, as a mergeable partial

Usage:
  semisynth stats --input FILE --output PARTIAL.json [--name N] [--seed S] [--shard I/N]

Reads FILE as the Statistics page streams a file (.txt by paragraph, .jsonl with a field, .csv with a
column) in the same 4 MiB blocks, and writes each block's accumulator unmerged: a partial. Partials of
the shards of one file merge (semisynth merge) into exactly the partial of one unsharded run, and
\`semisynth compare A B\` folds two complete partials in block order into the page's reports and compares
them. Shards here are ranges of blocks.

      --input FILE     the corpus: a file (.txt, .jsonl, .json, .csv, .tsv, .parquet, any as .gz or
                       .zst, .zip) or a folder of shards, read as one stream in natural order
      --field F        the JSON field or CSV column holding the text (default: as the page picks,
                       for chat records the assistant's turns); "messages[].content" reads every turn,
                       "messages[role=assistant].content" only those whose role is exactly "assistant"
      --name N         the corpus's name in the report (default: the file's name)
      --seed S         seeds the document sample, bootstrap groups and examples (default 0, as the page)
  -o, --output FILE    the partial (JSON)
      --block-bytes B  block size (default 4 MiB, the page's); a partial records it, and only
                       partials with the same blocks merge
      --shard I/N, --shards N, --progress P: as for \`semisynth edit --help\`

Example:
  semisynth stats --input human.jsonl --output human.stats.json
`;

export async function statsCommand(argv: string[], semisynth: string): Promise<number> {
  const p = parseCommand(
    'stats',
    argv,
    {
      input: { type: 'string', short: 'i', multiple: true },
      output: { type: 'string', short: 'o' },
      field: { type: 'string' },
      name: { type: 'string' },
      seed: { type: 'string' },
      shard: { type: 'string' },
      shards: { type: 'string' },
      progress: { type: 'string' },
      'block-bytes': { type: 'string' },
    },
    STATS_HELP,
  );
  if (!p) return EXIT.ok;
  const inputs = (p.values.input as string[] | undefined) ?? [];
  if (inputs.length !== 1)
    throw new CliError(
      `semisynth stats: give exactly one --input (got ${inputs.length})`,
      EXIT.usage,
      'A report describes one corpus file, as on the Statistics page; run stats once per file.',
    );
  const input = inputs[0];
  const output = path.resolve(required('stats', p, 'output'));
  const seed = numberOption(p, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true }) ?? 0;
  const shards = numberOption(p, 'shards', { min: 1, max: 1_000_000, integer: true });
  const shard = shardOf(stringOption(p, 'shard'), shards, process.env);
  const name = path.basename(path.resolve(input));
  const field = stringOption(p, 'field');
  // Opened as the Statistics page opens what it is given: compression undone, a .zip's or a folder's files
  // and Parquet rows as one stream in natural order (open-inputs.ts), then inspected as one file.
  const files = await Promise.all(inputPaths(input).map(openInputFile));
  const joined = await joinEntries(await openInputs(files), name);
  if (!joined.ok)
    throw new CliError(
      `${input} cannot be analysed:\n${joined.problems.map((x) => '  ' + formatProblem(x)).join('\n')}`,
      EXIT.badInput,
    );
  for (const w of joined.problems) log(formatProblem(w));
  const { blob: file, format } = joined;
  const wrong =
    joined.parquet && field !== undefined && parquetFieldProblem(joined.name, joined.parquet, field);
  if (wrong) throw new CliError(`${input} cannot be analysed:\n  ${formatProblem(wrong)}`, EXIT.badInput);
  const inspection = await inspectFile(
    file,
    joined.name,
    field === undefined
      ? format
      : format.kind === 'csv'
        ? { ...format, column: field }
        : format.kind === 'jsonl'
          ? { ...format, field }
          : format,
  );
  if (!inspection.resolved)
    throw new CliError(
      `${input} cannot be analysed:\n${inspection.problems.map((x) => '  ' + formatProblem(x)).join('\n')}`,
      EXIT.badInput,
      inspection.fields.length > 0
        ? `Its text fields: ${inspection.fields.map((f) => f.name).join(', ')} (choose one with --field).`
        : undefined,
    );
  for (const w of inspection.problems) log(formatProblem(w));
  const plan = analysisPlan(
    { kind: 'file', file, source: joined.name, format: inspection.resolved },
    {
      name: stringOption(p, 'name') ?? name,
      seed,
      model: null,
      // What the Statistics page asks for with the editor's default settings (p > 0.99, drop below 0.001).
      tails: { flagTaus: [DEFAULT_CONFIG.tau], dropLambdas: [DEFAULT_CONFIG.dropBelow] },
    },
    numberOption(p, 'block-bytes', { min: 1024, max: 2 ** 30, integer: true }) ?? BLOCK_BYTES,
  );
  const job = await jobId('stats', [input], { options: plan.reportOptions });
  const progressMode = Progress.modeFor(stringOption(p, 'progress'));

  const runOne = async (s: Shard | null): Promise<void> => {
    if (s && shardDone(output, s, job)) {
      log(`${shardName(s)} of this job is already done: skipped`);
      return;
    }
    const { start, end } = shardRange(plan.blocks, s);
    const files = new RunFiles('stats', output, s);
    const task = s ? `stats ${shardName(s)}` : 'stats';
    const tasks = Array.from({ length: end - start }, (_, i) => plan.task(start + i).task);
    const totalBytes = tasks.reduce((n, t) => n + (t.kind === 'file' ? t.range.end - t.range.start : 0), 0);
    const progress = new Progress(progressMode, task, totalBytes, tasks.length);
    const done = { bytes: 0, documents: 0 };
    try {
      const accs = [];
      for (const t of tasks) {
        if (stopRequested()) throw new Interrupted();
        const result = await runBlock(t, plan.reportOptions, (b) =>
          progress.update({
            bytes: done.bytes + b.bytes,
            tokens: 0,
            documents: done.documents + b.documents,
          }),
        );
        if (result.refused) throw new CliError(formatProblem(result.refused));
        done.bytes += result.bytes;
        done.documents += result.documents;
        accs.push({ index: result.index, acc: result.acc });
      }
      files.write(
        'partial.json',
        encodePartial({
          format: 'semisynth.stats-partial',
          version: 1,
          semisynth,
          options: plan.reportOptions,
          blocks: plan.blocks,
          accs,
        }),
      );
      await files.commit({ semisynth, job, range: { start, end, total: plan.blocks } });
      progress.finish('done');
    } catch (error) {
      files.abandon();
      if (error instanceof Interrupted) progress.finish('interrupted');
      throw error;
    }
  };

  if (shard === null && shards !== undefined) {
    for (let index = 0; index < shards; index++) await runOne({ index, count: shards });
    await mergeParts(output, [`${output}.parts`]);
    log(`merged ${shards} shards into ${output}`);
  } else {
    await runOne(shard);
    log(`wrote ${shard ? RunFiles.shardDir(output, shard) : output}`);
  }
  return EXIT.ok;
}
