/** Runs the real `semisynth` command (bin/semisynth.js) in a child process, as a user or a scheduler does. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../bin/semisynth.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is read. */
  done: Promise<CliResult>;
  /** Resolves once stderr contains `text` (rejects if the process ends first). */
  stderrContains(text: string): Promise<void>;
}

export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    // Only what the test sets: a scheduler variable in the test runner's environment must not leak in.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    for (const w of waiting.splice(0)) {
      if (stderr.includes(w.text)) w.resolve();
      else waiting.push(w);
    }
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    stderrContains: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.push({ text, resolve })),
            done.then((r) => {
              throw new Error(`semisynth exited (${r.code}) before printing "${text}":\n${r.stderr}`);
            }),
          ]),
  };
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** `semisynth edit` replaying a recipe the page exported, on the file the page read: the page-vs-CLI check. */
export function editFromRecipe(recipe: string, input: string, output: string): Promise<CliResult> {
  return runCli(['edit', '--recipe', recipe, '--input', input, '--output', output, '--progress', 'none']);
}
