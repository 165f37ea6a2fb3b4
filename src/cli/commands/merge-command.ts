/** `semisynth merge`: the parts of a sharded run into the output an unsharded run writes. */
import path from 'node:path';
import { parseCommand, required } from '../args';
import { CliError, EXIT } from '../cli-error';
import { log } from '../cli-process';
import { mergeParts } from '../merge-parts';

export const MERGE_HELP = `semisynth merge — join the parts of a sharded run

Usage:
  semisynth merge --output FILE PART...

PART is a shard folder (FILE.parts/shard-I-of-N) or the FILE.parts folder holding them all. Every shard
0…N−1 of one job must be there exactly once, each matching its manifest. Edit and score parts are
concatenated in shard order, so the merge is byte for byte what one unsharded run writes (FILE and its
side files: .edit-log.jsonl and .recipe.json, or .provenance.json); statistics partials (from
\`semisynth stats --shard\`) merge into the partial one unsharded \`stats\` run writes.

Example:
  semisynth merge --output edited.jsonl edited.jsonl.parts
`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const p = parseCommand('merge', argv, { output: { type: 'string', short: 'o' } }, MERGE_HELP, true);
  if (!p) return EXIT.ok;
  const output = path.resolve(required('merge', p, 'output'));
  if (p.positionals.length === 0)
    throw new CliError(
      'semisynth merge: name the parts to merge',
      EXIT.usage,
      `e.g. semisynth merge --output ${path.basename(output)} ${path.basename(output)}.parts`,
    );
  const manifests = await mergeParts(output, p.positionals);
  log(
    `merged ${manifests.length} ${manifests[0].kind} parts (${manifests[0].range.total} ${manifests[0].kind === 'stats' ? 'blocks' : 'documents'}) into ${output}`,
  );
  return EXIT.ok;
}
