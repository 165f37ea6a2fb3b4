/**
 * How the command line fails: a specific message (what, where, what to do) and an exit code a script can
 * branch on. Anything else that escapes is a bug and exits 1 with its stack.
 */
export const EXIT = {
  ok: 0,
  /** Something failed while running (a model error, a write that failed). */
  failed: 1,
  /** The command line itself is wrong: an unknown option, a missing value. */
  usage: 2,
  /** An input, model, recipe or part is unusable: the message names the file and what to fix. */
  badInput: 3,
  /** Stopped by SIGINT/SIGTERM; finished shards are kept and a rerun resumes. */
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Thrown from a scoring checkpoint when the user pressed Ctrl-C. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}
