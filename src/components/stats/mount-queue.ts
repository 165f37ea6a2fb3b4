/**
 * One mount per task: parts of the Statistics page that appear together (a finished report makes a dozen
 * charts and tables visible at once) are queued here and mounted one per macrotask, so no single task
 * renders more than one of them and the page never holds the main thread past the 50 ms long-task line.
 */
const queue: (() => void)[] = [];
let scheduled = false;

function next(): void {
  const run = queue.shift();
  run?.();
  if (queue.length > 0) setTimeout(next, 0);
  else scheduled = false;
}

/** Runs `mount` in a later task of its own (in the order asked). Returns a cancel function. */
export function enqueueMount(mount: () => void): () => void {
  let cancelled = false;
  queue.push(() => {
    if (!cancelled) mount();
  });
  if (!scheduled) {
    scheduled = true;
    setTimeout(next, 0);
  }
  return () => (cancelled = true);
}
