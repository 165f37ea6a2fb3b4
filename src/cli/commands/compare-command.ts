/** `semisynth compare`: two corpora's reports compared, as the Statistics page compares them. */
import { readFileSync, writeFileSync } from 'node:fs';
import { numberOption, parseCommand, stringOption } from '../args';
import { CliError, EXIT } from '../cli-error';
import { createStatsWorkerApi, reportOfPartial } from '../../lib/stats/engine/stats-worker-api';
import type { CorpusReport } from '../../lib/stats/report/corpus-report-types';

export const COMPARE_HELP = `semisynth compare — compare two corpora (divergences, two-sample tests, permutation p-values)

Usage:
  semisynth compare A.json B.json [--seed S] [--output FILE]

A and B are complete statistics partials (semisynth stats, or semisynth merge of its shards). Each is
folded into its report exactly as the Statistics page folds a file's blocks, then the two are compared
as the page compares two corpora. Prints the comparison as JSON (or writes it to --output).

      --seed S         seeds the permutation tests (default 0, as the page)
  -o, --output FILE    write the JSON here instead of stdout
`;

/**
 * A complete partial's report, folded by the stats worker's own code (run here, in this thread) as the
 * Statistics page folds a partial it opens.
 */
export async function reportOf(file: string): Promise<CorpusReport> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const r = await reportOfPartial(text, file);
  if (!r.ok) throw new CliError(r.problem, EXIT.badInput, r.hint);
  return r.report;
}

/** JSON for numbers a report holds: typed arrays as arrays, non-finite numbers as null. */
function plain(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export async function compareCommand(argv: string[]): Promise<number> {
  const p = parseCommand(
    'compare',
    argv,
    { seed: { type: 'string' }, output: { type: 'string', short: 'o' } },
    COMPARE_HELP,
    true,
  );
  if (!p) return EXIT.ok;
  if (p.positionals.length !== 2)
    throw new CliError(
      `semisynth compare: expected two partials, got ${p.positionals.length}`,
      EXIT.usage,
      'Usage: semisynth compare A.json B.json',
    );
  const seed = numberOption(p, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true }) ?? 0;
  const [a, b] = await Promise.all(p.positionals.map(reportOf));
  // As the page compares: compareReports plus the compression ratios at equal size, in the worker's API.
  const comparison = await createStatsWorkerApi().compare(a, b, { seed });
  const json = JSON.stringify(comparison, plain, 2) + '\n';
  const output = stringOption(p, 'output');
  if (output) writeFileSync(output, json);
  else process.stdout.write(json);
  return EXIT.ok;
}
