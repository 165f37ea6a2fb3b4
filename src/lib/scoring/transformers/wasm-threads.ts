/**
 * How many WASM threads onnxruntime-web runs. Threads need SharedArrayBuffer, which only a cross-origin
 * isolated page has; the runtime's own default is min(4, ⌈cores / 2⌉), a single thread on two cores. The
 * app uses every core up to MAX_WASM_THREADS unless the user picks a number.
 */

/** More threads than this stop paying off for models this size (and each holds its own stack and heap). */
export const MAX_WASM_THREADS = 8;

/** 'auto', or a count the user picked. */
export type ThreadChoice = 'auto' | number;

export interface ThreadEnvironment {
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency (0 or absent where the browser does not say). */
  hardwareConcurrency: number;
}

export interface ThreadDecision {
  threads: number;
  /** Why it is not what was asked for, or '' . */
  note: string;
}

/** The thread counts worth offering on this machine: 1, 2, 4, … up to its cores (at most MAX_WASM_THREADS). */
export function threadOptions(env: ThreadEnvironment): number[] {
  const cores = Math.max(1, Math.min(env.hardwareConcurrency || 1, MAX_WASM_THREADS));
  const out: number[] = [];
  for (let n = 1; n < cores; n *= 2) out.push(n);
  out.push(cores);
  return out;
}

export function wasmThreads(choice: ThreadChoice, env: ThreadEnvironment): ThreadDecision {
  if (!env.crossOriginIsolated)
    return {
      threads: 1,
      note:
        'One WASM thread: this page is not cross-origin isolated (the host sends no COOP/COEP headers ' +
        'and no service worker adds them), so there is no shared memory for more.',
    };
  const cores = Math.max(1, env.hardwareConcurrency || 1);
  if (choice === 'auto') return { threads: Math.min(cores, MAX_WASM_THREADS), note: '' };
  const asked = Math.floor(choice);
  const threads = Math.max(1, Math.min(asked, MAX_WASM_THREADS));
  return {
    threads,
    note: threads === asked ? '' : `${threads} WASM threads (between 1 and ${MAX_WASM_THREADS}).`,
  };
}
