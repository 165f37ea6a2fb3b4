/**
 * Command line and environment of `npm run bench`:
 *
 *   npm run bench -- [--only node,wasm,wasm-mt,app,webgpu,edit,stats,lab,pages,inputs,cli,scale] [--models tiny-llama,bigram,smollm] [--quick] [--build]
 *
 * 'edit', 'stats', 'lab' and 'pages' are not scoring backends: 'edit' times token-level editing of a scored
 * 10 MB corpus (bench/editing.ts), 'stats' the corpus statistics (bench/stats.ts), 'lab' the collapse lab's
 * simulations (bench/lab.ts), 'pages' the page's main-thread tasks while large files come in (bench/pages.ts),
 * 'inputs' reading Parquet, gzip and zip inputs in Node (bench/inputs.ts), 'cli' the `semisynth` command in
 * one and two processes (bench/cli.ts), 'scale' a 200 MB corpus through "Edit the whole corpus to a file"
 * in Chromium (bench/scale.ts).
 *
 * 'app' scores through the app itself (index.html and its prior worker, with the app's own WASM thread count),
 * where 'wasm-mt' uses the bench page's worker with every core.
 *
 * or BENCH_ONLY / BENCH_MODELS / BENCH_QUICK=1 / BENCH_BUILD=1. --quick scores fewer tokens; --build rebuilds
 * the instrumented build even when dist-instrumented/ looks current.
 */
export const BACKENDS = [
  'node',
  'wasm',
  'wasm-mt',
  'app',
  'webgpu',
  'edit',
  'stats',
  'lab',
  'pages',
  'inputs',
  'cli',
  'scale',
] as const;
/** Entries of BACKENDS that are not scoring backends: each is timed once, after the scoring runs. */
export const OTHER_BENCHES: readonly Backend[] = ['edit', 'stats', 'lab', 'pages', 'inputs', 'cli', 'scale'];
export type Backend = (typeof BACKENDS)[number];
export const MODELS = ['tiny-llama', 'bigram', 'smollm'] as const;
export type ModelName = (typeof MODELS)[number];

export interface BenchOptions {
  backends: Backend[];
  models: ModelName[];
  quick: boolean;
  build: boolean;
}

function list<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
  if (!value) return [...allowed];
  const picked = value.split(',').map((s) => s.trim());
  const unknown = picked.filter((s) => !allowed.includes(s as T));
  if (unknown.length)
    throw new Error(`unknown ${what}: ${unknown.join(', ')} (known: ${allowed.join(', ')})`);
  return allowed.filter((a) => picked.includes(a)); // fixed order: native runs before WASM-MT needs its ratio
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    if (name === '--quick' || name === '--build') flags.set(name, 'true');
    else if (name === '--only' || name === '--models') flags.set(name, inline ?? argv[++i] ?? '');
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: npm run bench -- [--only ${BACKENDS.join(',')}] ` +
          `[--models ${MODELS.join(',')}] [--quick] [--build]`,
      );
  }
  const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v !== 'false';
  return {
    backends: list(flags.get('--only') ?? env.BENCH_ONLY, BACKENDS, 'backend'),
    models: list(flags.get('--models') ?? env.BENCH_MODELS, MODELS, 'model'),
    quick: flags.has('--quick') || truthy(env.BENCH_QUICK),
    build: flags.has('--build') || truthy(env.BENCH_BUILD),
  };
}
