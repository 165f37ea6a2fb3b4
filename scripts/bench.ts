/**
 * `npm run bench`: tokens/s of teacher-forced scoring (k = 8, full reduction) per model and backend, and
 * bytes moved GPU→CPU per token with and without the GPU score head. Prints one JSON object per line; asserts
 * nothing. Options: scripts/bench/options.ts (e.g. `npm run bench -- --only node --quick`).
 */
import type { Measurement, RunSpec } from '../src/bench/protocol';
import { startBrowser, type BenchBrowser } from './bench/browser';
import { ensureBuilt } from './bench/build';
import { BENCH_MODELS, ensureModels, type BenchModel } from './bench/models';
import { runNode } from './bench/node-backend';
import { OTHER_BENCHES, parseOptions, type Backend } from './bench/options';
import {
  analyticBytes,
  bytesFields,
  emit,
  nodeMachine,
  round,
  timingFields,
  type Machine,
} from './bench/report';
import { benchText } from './bench/texts';
import { runEditing } from './bench/editing';
import { runStatsBench } from './bench/stats';
import { runScaleBench } from './bench/scale';
import { runLabBench } from './bench/lab';
import { runInputsBench } from './bench/inputs';
import { runPagesBench } from './bench/pages';
import { runCliBench } from './bench/cli';

const K = 8;
const WARMUP_TOKENS = 32;
/** The WASM-MT goal relative to native onnxruntime-node (reported, not asserted). */
const MT_TARGET = 0.6;
/** The score head's goal: bytes reaching the CPU cut by at least this at vocab ≥ 49k (reported). */
const HEAD_TARGET = 100;

const options = (() => {
  try {
    return parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
})();
const started = performance.now();
const browserBackends = options.backends.filter((b) => b !== 'node' && !OTHER_BENCHES.includes(b));

const { generatedSeconds } = ensureModels(options.models);
const buildSeconds = browserBackends.length ? await ensureBuilt(options.build) : 0;
const browser: BenchBrowser | null = browserBackends.length ? await startBrowser() : null;
const machine: Machine = {
  ...nodeMachine(),
  chromium: browser?.chromiumVersion ?? null,
  webgpu: browser?.info.webgpu ?? null,
};
emit(
  'setup',
  {
    backends: options.backends,
    models: options.models,
    quick: options.quick,
    k: K,
    generatedSeconds: round(generatedSeconds),
    buildSeconds: round(buildSeconds),
    crossOriginIsolated: browser?.info.crossOriginIsolated ?? null,
    hardwareConcurrency: browser?.info.hardwareConcurrency ?? null,
  },
  machine,
);

/** One model on one backend: prints its line; returns warm tokens/s (NaN on failure). */
async function bench(model: BenchModel, backend: Backend, nativeTps: number): Promise<number> {
  const tokens = model.tokens[backend === 'webgpu' ? 'webgpu' : 'cpu'];
  const text = benchText(options.quick ? Math.max(8, Math.round(tokens / 4)) : tokens);
  // WebGPU's first run compiles shaders for the shapes it meets: warm up on the very text that is timed.
  const warmupText = backend === 'webgpu' ? text : benchText(WARMUP_TOKENS);
  const common = {
    model: model.id,
    vocab: model.vocab,
    backend,
    k: K,
    ...(model.note && { note: model.note }),
  };
  try {
    if (backend === 'node') {
      const m = await runNode(model, { text, warmupText, k: K });
      emit(
        'score',
        { ...common, threads: 'onnxruntime-node default (one per physical core)', ...measured(m) },
        machine,
      );
      return m.warm.tokensPerSecond;
    }
    if (backend === 'app') {
      const r = await browser!.runApp({ modelId: model.id, k: K, warmupText, text });
      const tps = r.warm.tokensPerSecond;
      emit(
        'score',
        {
          ...common,
          device: 'wasm',
          crossOriginIsolated: r.crossOriginIsolated,
          threads: r.threads,
          ortThreadWorkers: r.ortThreadWorkers,
          ...measured(r),
          ratioToNative: round(tps / nativeTps),
          ratioTarget: MT_TARGET,
        },
        machine,
      );
      return tps;
    }
    const spec: RunSpec = {
      modelId: model.id,
      modelRoot: model.urlRoot,
      device: backend === 'webgpu' ? 'webgpu' : 'wasm',
      threads: backend === 'wasm' ? 1 : backend === 'wasm-mt' ? browser!.info.hardwareConcurrency : undefined,
      k: K,
      warmupText,
      text,
      headOff: backend === 'webgpu',
    };
    const r = await browser!.run(spec);
    const tps = r.warm.tokensPerSecond;
    emit(
      'score',
      {
        ...common,
        crossOriginIsolated: r.crossOriginIsolated,
        threads: r.threads,
        // Workers started during the run, minus the bench worker: ORT's pthreads (threads − 1).
        ortThreadWorkers: r.workers - 1,
        ...(backend === 'webgpu' && { scoreHead: r.scoreHead, headProblem: r.headProblem || undefined }),
        ...measured(r),
        ...(backend === 'wasm-mt' && {
          ratioToNative: round(tps / nativeTps),
          ratioTarget: MT_TARGET,
        }),
      },
      machine,
    );
    if (r.bytes) {
      const on = bytesFields(r.bytes.withHead);
      const off = bytesFields(r.bytes.withoutHead);
      emit(
        'gpu-to-cpu-bytes',
        {
          model: model.id,
          vocab: model.vocab,
          k: K,
          measured: true,
          withoutHead: off,
          withHead: on,
          reduction: round((off.bytesPerScoredToken ?? NaN) / (on.bytesPerScoredToken ?? NaN)),
          reductionTarget: model.vocab >= 49000 ? HEAD_TARGET : undefined,
        },
        machine,
      );
    }
    return tps;
  } catch (error) {
    emit('score', { ...common, error: String(error instanceof Error ? error.message : error) }, machine);
    return NaN;
  }
}

function measured(m: Measurement) {
  return {
    ...timingFields(m.warm),
    loadSeconds: round(m.loadSeconds),
    cold: timingFields(m.cold),
  };
}

let bytesMeasured = false;
try {
  for (const name of options.models) {
    const model = BENCH_MODELS[name];
    let nativeTps = NaN;
    for (const backend of options.backends) {
      if (OTHER_BENCHES.includes(backend)) continue; // not scoring backends: timed once, below
      const tps = await bench(model, backend, nativeTps);
      if (backend === 'node') nativeTps = tps;
      if (backend === 'webgpu') bytesMeasured = true;
    }
  }
} finally {
  await browser?.close();
}

// The same quantity from the shapes alone, for both vocabularies (measured lines above, when WebGPU ran),
// printed with the scoring runs only.
const scoring = options.backends.some((b) => !OTHER_BENCHES.includes(b));
for (const vocab of scoring ? [320, 49152] : []) {
  const a = analyticBytes(vocab, K);
  emit(
    'gpu-to-cpu-bytes',
    {
      vocab,
      k: K,
      measured: false,
      formula: 'per row: V·4 (f32 logits) vs k·(8+4)+4+8+4 (head outputs)',
      withoutHead: { bytesPerRow: a.withoutHead },
      withHead: { bytesPerRow: a.withHead },
      reduction: a.reduction,
      ...(vocab >= 49000 && { reductionTarget: HEAD_TARGET }),
      measuredAbove: bytesMeasured,
    },
    machine,
  );
}
if (options.backends.includes('edit')) {
  const m = await runEditing(options.quick);
  emit(
    'edit',
    {
      model: 'semisynth-test/bigram',
      backend: 'node',
      config: 'reference (p > 0.99, top-k 8, β 1.5)',
      corpusMegabytes: round(m.corpusBytes / 1024 / 1024),
      documents: m.documents,
      tokens: m.tokens,
      scoreSeconds: round(m.scoreSeconds),
      editSeconds: round(m.editSeconds),
      editMegabytesPerSecond: round(m.editMegabytesPerSecond),
      editTokensPerSecond: round(m.editTokensPerSecond),
      flagRate: round(m.flagRate),
      expectedEditRate: round(m.expectedEditRate),
      realisedEditRate: round(m.realisedEditRate),
    },
    machine,
  );
}
if (options.backends.includes('stats')) await runStatsBench(options, machine);
if (options.backends.includes('lab')) await runLabBench(options, machine);
if (options.backends.includes('inputs')) await runInputsBench(options, machine);
if (options.backends.includes('pages')) await runPagesBench(options, machine);
if (options.backends.includes('cli')) await runCliBench(options, machine);
if (options.backends.includes('scale')) await runScaleBench(options, machine);
emit('total', { seconds: round((performance.now() - started) / 1000) }, machine);
