/**
 * `semisynth <command>`: the Text and Statistics pages' engines on the command line, in Node with
 * onnxruntime-node. Node-only: nothing in src/ imports this folder (.dependency-cruiser.cjs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, EXIT, Interrupted } from './cli-error';
import { listenForStop, log } from './cli-process';
import { editCommand, EDIT_HELP } from './commands/edit-command';
import { scoreCommand, SCORE_HELP } from './commands/score-command';
import { mergeCommand, MERGE_HELP } from './commands/merge-command';
import { statsCommand, STATS_HELP } from './commands/stats-command';
import { compareCommand, COMPARE_HELP } from './commands/compare-command';

const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

const COMMANDS: Record<string, { run: (argv: string[], version: string) => Promise<number>; help: string }> =
  {
    score: { run: scoreCommand, help: SCORE_HELP },
    edit: { run: editCommand, help: EDIT_HELP },
    stats: { run: statsCommand, help: STATS_HELP },
    compare: { run: compareCommand, help: COMPARE_HELP },
    merge: { run: mergeCommand, help: MERGE_HELP },
  };

const HELP = `semisynth ${VERSION} — token-level editing and corpus statistics on the command line

Usage: semisynth <command> [options]     (semisynth <command> --help for each)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.help.split('\n')[0].replace(/^semisynth \S+ — /, '')}`)
  .join('\n')}

Exit codes: 0 done · 1 failed while running · 2 bad command line · 3 unusable input, model, recipe
or part · 130 interrupted (finished shards are kept; rerun the same command to resume).
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    log(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (semisynth --help)`);
    return EXIT.usage;
  }
  listenForStop();
  try {
    return await command.run(rest, VERSION);
  } catch (error) {
    if (error instanceof Interrupted) {
      log(
        'interrupted: finished shards and files are in place, unfinished ones removed; rerun the same command to resume',
      );
      return EXIT.interrupted;
    }
    if (error instanceof CliError) {
      log(error.message);
      if (error.hint) log(error.hint);
      return error.exitCode;
    }
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failed;
  }
}

// `semisynth compare … | head`: a closed pipe ends the output, not the process with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
