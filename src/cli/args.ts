/**
 * Options through node:util's parseArgs (built in, strict: an unknown option is an error, not ignored).
 * Numbers are checked here so a typo is refused with the option's name instead of running other settings.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, EXIT } from './cli-error';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new CliError(
      `semisynth ${command}: ${(error as Error).message}`,
      EXIT.usage,
      `Run \`semisynth ${command} --help\` for its options.`,
    );
  }
}

export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function required(command: string, p: Parsed, name: string): string {
  const v = stringOption(p, name);
  if (v === undefined || v === '')
    throw new CliError(
      `semisynth ${command}: --${name} is required`,
      EXIT.usage,
      `Run \`semisynth ${command} --help\` for an example.`,
    );
  return v;
}

/** A number option within [min, max] (integers only when `integer`), or undefined when absent. */
export function numberOption(
  p: Parsed,
  name: string,
  range: { min: number; max: number; integer?: boolean },
): number | undefined {
  const raw = stringOption(p, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(n) && n >= range.min && n <= range.max;
  if (!ok || (range.integer && !Number.isSafeInteger(n)))
    throw new CliError(
      `--${name} ${raw}: expected ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}`,
      EXIT.usage,
    );
  return n;
}

/**
 * A command's options, or null after printing its help for --help. Stray arguments are refused unless the
 * command takes some (`takesArguments`).
 */
export function parseCommand(
  command: string,
  argv: string[],
  options: Options,
  help: string,
  takesArguments = false,
): Parsed | null {
  const p = parse(command, argv, options);
  if (p.values.help) {
    process.stdout.write(help);
    return null;
  }
  if (!takesArguments && p.positionals.length > 0)
    throw new CliError(
      `semisynth ${command}: unexpected argument ${p.positionals[0]}`,
      EXIT.usage,
      'Inputs go after --input.',
    );
  return p;
}
