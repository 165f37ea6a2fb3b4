/**
 * The process-wide parts of the command line: messages on stderr (stdout stays for results), and Ctrl-C.
 * The first SIGINT or SIGTERM asks the run to stop after the forward pass in flight; the run then removes
 * its unfinished files and exits 130, so every file in place is complete and a rerun resumes. A second
 * SIGINT exits at once (unfinished files stay in their temporary folders, which a rerun replaces).
 */
let stop = false;

export function stopRequested(): boolean {
  return stop;
}

export function log(message: string): void {
  process.stderr.write(`semisynth: ${message}\n`);
}

export function listenForStop(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop) process.exit(130);
    stop = true;
    log(`${signal}: stopping after the forward pass in flight (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
