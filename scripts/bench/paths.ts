import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Generated test models (npm run models), served by the app build as /models/. */
export const TEST_MODELS_DIR = path.join(ROOT, 'public/models');
/** Models the benchmark generates itself; .cache/ is gitignored. */
export const BENCH_MODELS_DIR = path.join(ROOT, '.cache/semisynth-bench/models');
