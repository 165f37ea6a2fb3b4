/**
 * Where a statistics worker's time goes, by stage: the self time of a V8 CPU profile (the format both
 * Chromium's DevTools protocol and Node's inspector return) added up per stage of the engine, by function
 * name. The same table reads a Chromium worker's profile and a Node worker thread's, so each stage can be
 * compared side by side. Names only survive in an unminified bundle, which is why the benchmark builds the
 * harness without minifying.
 */

/** One V8 CPU profile, as `Profiler.stop` returns it (the fields this file reads). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

export type Stage =
  | 'reading'
  | 'decoding'
  | 'record splitting'
  | 'tokenising and hashing'
  | 'n-gram summaries'
  | 'exact n-gram tables'
  | 'report tables'
  | 'merging and finalizing'
  | 'packing and messages'
  | 'garbage collection'
  | 'idle'
  | 'other';

/** The engine's functions per stage, first match wins; anything else is 'other' (listed in `unmatched`). */
const STAGE_RULES: [Stage, RegExp][] = [
  ['idle', /^\((idle|program)\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['reading', /^(arrayBuffer|readChunks?|nextChunk|slice|read|readBlock|blockReader)$/],
  ['decoding', /^(decode|decodeRecord|utf8Counts|decodeUtf8|toLowerCase)$/],
  [
    'record splitting',
    /^(readLines|readLines\.onChunk|joinLines|emit|readParagraphRecords|readLineRecords|previousLineBlank|onChunk|txtRecord|jsonlRecord|findLineEnd)$/,
  ],
  ['tokenising and hashing', /^(scan|segmenter|fnv1a|combineHash|fmix32|addHash|hashMix|keyHash|classify)$/],
  [
    'n-gram summaries',
    /^(countNgram|slotOf|insertNew|rebuild|reduce|typesOf|mergeMisraGries|packMisraGries|unpackMisraGries)$/,
  ],
  [
    'exact n-gram tables',
    /^(countKey|counterRun|grow|sealExact|countExact|mergeRuns|shrink|pushRun|collapseGroups|sortRun|radixPass|mergeExact|finalizeExact|toHashed|step)$/,
  ],
  [
    'report tables',
    /^(add|offerExample|offerSample|insert|mattr|mtldFactors|lexicalFromWords|observe|addValue)$/,
  ],
  ['merging and finalizing', /^(merge|fold|finalize|finishReduce|beginReduce|mergeInto|heaps?|quantiles?)$/],
  [
    'packing and messages',
    /^(packAcc|unpackAcc|accTransferables|share|shareExactTables|postMessage|structuredClone|serialize|deserialize|onmessage)$/,
  ],
];

export function stageOf(functionName: string): Stage {
  for (const [stage, rule] of STAGE_RULES) if (rule.test(functionName)) return stage;
  return 'other';
}

export interface StageBreakdown {
  /** Milliseconds of samples per stage (sampled wall time of the thread, idle included). */
  ms: Record<Stage, number>;
  /** The functions counted as 'other', with their ms, largest first (to extend the table). */
  unmatched: [string, number][];
}

const ZERO = (): Record<Stage, number> => ({
  reading: 0,
  decoding: 0,
  'record splitting': 0,
  'tokenising and hashing': 0,
  'n-gram summaries': 0,
  'exact n-gram tables': 0,
  'report tables': 0,
  'merging and finalizing': 0,
  'packing and messages': 0,
  'garbage collection': 0,
  idle: 0,
  other: 0,
});

/** Self time per stage, summed over several profiles (one per worker). */
export function stageBreakdown(profiles: CpuProfile[]): StageBreakdown {
  const ms = ZERO();
  const other = new Map<string, number>();
  for (const p of profiles) {
    const name = new Map(p.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
    for (let i = 0; i < p.samples.length; i++) {
      const fn = name.get(p.samples[i]) ?? '(unknown)';
      const dt = p.timeDeltas[i] / 1000;
      const stage = stageOf(fn);
      ms[stage] += dt;
      if (stage === 'other') other.set(fn, (other.get(fn) ?? 0) + dt);
    }
  }
  return { ms, unmatched: [...other].sort((a, b) => b[1] - a[1]).slice(0, 12) };
}
