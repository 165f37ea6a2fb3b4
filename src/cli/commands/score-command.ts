/** `semisynth score`: every token's log-probability, rank, entropy and top-k alternatives, as columns. */
import { numberOption, parseCommand } from '../args';
import { CliError, EXIT } from '../cli-error';
import { isParquetOutput } from '../parquet-output';
import { jobId, type RunFiles } from '../run-output';
import { RUN_HELP, RUN_OPTIONS, runBase, runSetup } from './run-options';
import { runAll } from '../scored-run';
import { scoreColumns } from '../score-columns';
import { instructionDocuments, SFT_HELP, SFT_OPTIONS, sftReject, sftSetting } from '../sft-input';
import type { InstructionDocument } from '../../lib/sft/instruction-documents';

export const SCORE_HELP = `semisynth score — score every token of a corpus with a prior model

Usage:
  semisynth score --model M --input FILE... --output OUT.jsonl [--k 8] [--shard I/N]

Writes OUT.jsonl, one line per document with its scores as columns (arrays of equal length, one entry
per token of the text; null where a token is unscored):
  {"index", "source", "line"?, "bos_prepended", "k",
   "token_id", "byte_start", "byte_end", "logprob", "rank", "entropy",
   "top_id", "top_logprob"}          (top_*: k entries per token, row-major; -1 / null pad)
and OUT.provenance.json (model, dtype, device, k). Byte spans are UTF-8 offsets into the text;
log-probabilities are natural logs of float32 values.

      --k K            alternatives kept per token (default 8)
${SFT_HELP}  With --sft, each line also has "text" (the rendered conversation the byte spans point into) and
  "editable" ([start, end) byte ranges of its responses).
${RUN_HELP}
Example:
  semisynth score --model semisynth-test/bigram --input corpus.jsonl --output scores.jsonl
`;

export async function scoreCommand(argv: string[], semisynth: string): Promise<number> {
  const p = parseCommand(
    'score',
    argv,
    { ...RUN_OPTIONS, ...SFT_OPTIONS, k: { type: 'string' } },
    SCORE_HELP,
  );
  if (!p) return EXIT.ok;
  const k = numberOption(p, 'k', { min: 1, max: 1024, integer: true }) ?? 8;
  // Only `edit` writes Parquet: a scores file named .parquet would hold JSON Lines under the wrong name.
  if (typeof p.values.output === 'string' && isParquetOutput(p.values.output))
    throw new CliError(
      `--output ${p.values.output}: score writes its columns as JSON Lines, not Parquet`,
      EXIT.usage,
      'name the output .jsonl (semisynth edit is the command that writes Parquet)',
    );
  const sft = sftSetting(p);
  const setup = await runSetup('score', p, undefined, sftReject(sft));
  const job = await jobId('score', setup.inputs, {
    model: setup.model,
    dtype: setup.dtype,
    ...setup.deviceSetting,
    field: setup.field ?? null,
    k,
    ...(sft ? { sft } : {}),
  });
  await runAll(
    {
      kind: 'score',
      ...runBase(setup, job, semisynth, k),
      prior: setup.prior,
      ...(sft ? { prepare: (docs, prior) => instructionDocuments(sft, docs, prior) } : {}),
      onScored: (files: RunFiles, doc, scores) => {
        const layout = sft ? (doc as InstructionDocument).layout : null;
        const columns = scoreColumns(doc, scores);
        const extra = layout
          ? { text: layout.text, editable: layout.editable.map((r) => [r.start, r.end]) }
          : {};
        files.write('scores.jsonl', JSON.stringify({ ...columns, ...extra }) + '\n');
      },
      onCommit: (files, prior) =>
        files.write(
          'provenance.json',
          JSON.stringify(
            {
              format: 'semisynth.score-columns',
              version: 1,
              semisynth,
              modelId: prior.info.modelId,
              dtype: prior.info.dtype,
              device: prior.info.device,
              k,
            },
            null,
            2,
          ) + '\n',
        ),
    },
    setup,
  );
  return EXIT.ok;
}
