/**
 * One corpus's statistics report: a composite Statistic over documents (empty / add / merge / finalize),
 * computed in stats workers and merged exactly (see src/lib/stats/engine/blocks.ts for the block order that
 * makes sharded runs identical to a single-worker run). What it reads and returns: corpus-report-types.ts.
 *
 * Model-free bundle (every document): hashed unigram + bigram features, top unigrams and bigrams (exact up
 * to a capacity, then a Misra–Gries summary with its error bound), type counts, length distributions, a
 * seeded document sample for the length-sensitive figures, and example documents per feature for
 * click-through. Model-based bundle (documents given with scores): probability histograms, tails, rank
 * buckets and perplexity.
 *
 * merge(a, b) means "b's documents follow a's": document indices and line numbers in b are shifted by a's
 * counts, so merging shards in stream order gives the single-stream numbering.
 */
import { renderProblem, type RecordProblem } from '../../io/problem';
import { fmix32 } from '../../math/fmix32';
import { fnv1a32 } from '../../math/fnv1a';
import { combineHash, seedMask } from '../../math/hash-mix';
import type { DocumentScores } from '../../scoring/scores';
import { utf8Counts } from '../../scoring/tokens/utf8-length';
import {
  countExact,
  DEFAULT_EXACT_BUDGET,
  emptyExactNgrams,
  finalizeExact,
  mergeExact,
  sealExact,
  type ExactBudget,
  type ExactNgramAcc,
} from '../exact/exact-ngrams';
import { concentration } from '../measures/concentration';
import { finalizeHistogram } from '../measures/fixed-histogram';
import { DEFAULT_BUCKETS } from '../measures/hashed-features';
import { addOne, emptyOne, mergeOne, type OneLengthAcc } from '../measures/length-distribution';
import { perplexity, type PerplexityAcc } from '../measures/perplexity';
import { probabilityHistograms, type ProbabilityHistogramsAcc } from '../measures/probability-histograms';
import { probabilityTails, type ProbabilityTailsAcc } from '../measures/probability-tails';
import { rankBuckets, type RankBucketsAcc } from '../measures/rank-buckets';
import { insufficient, isInsufficient, type Maybe, type Statistic } from '../measures/statistic';
import type {
  CorpusReport,
  CorpusReportOptions,
  LengthDistribution,
  ModelRecipe,
  ReportDocument,
  ReportCounts,
  ReportRecipe,
  TokenScores,
  TopNgrams,
  TypeCount,
} from './corpus-report-types';
import { emptySample, mergeSamples, offerSample, type SampleAcc } from './document-sample';
import { emptyExamples, mergeExamples, offerExample, type ExamplesAcc } from './feature-examples';
import { estimateHll, HLL_BITS, HLL_RELATIVE_ERROR } from './hyperloglog';
import { lexicalReport } from './lexical';
import { countNgram, emptyMisraGries, mergeMisraGries, sortedItems, type MisraGries } from './misra-gries';
import { TokenScan } from '../measures/token-scan';

export const REPORT_VERSION = 1;

export const ENGINE = 'semisynth corpus-report';
export const TOKENIZER_DESCRIPTION =
  'word-punct (DSIR): lowercase, then runs of letters/marks/numbers/connector punctuation, or runs of other non-space characters';
export const SAMPLE_RULE =
  'documents in the order of a seeded hash of their tokens, the shortest prefix holding the token budget';
export const BOOTSTRAP_RULE =
  'documents assigned to groups by a seeded hash of their tokens; intervals resample groups with replacement';
const MAX_LISTED_PROBLEMS = 100;

interface ProblemsAcc {
  errors: number;
  warnings: number;
  skippedRecords: number;
  listed: RecordProblem[];
}

interface ModelAcc {
  scored: number;
  unscored: number;
  histograms: ProbabilityHistogramsAcc;
  tails: ProbabilityTailsAcc;
  ranks: RankBucketsAcc;
  perplexity: PerplexityAcc;
}

/** The counts so far (the report's `counts`), and the state of every part of the report. */
export interface CorpusReportAcc extends ReportCounts {
  /** Source lines this accumulator's records started on (to renumber a following accumulator's lines). */
  lines: number;
  /** groups × buckets hashed-feature counts. */
  groupCounts: Uint32Array;
  /** Non-empty documents per group. */
  groupDocuments: Uint32Array;
  unigrams: MisraGries;
  bigramTable: MisraGries;
  exactUnigrams: ExactNgramAcc;
  exactBigrams: ExactNgramAcc;
  examples: ExamplesAcc;
  sample: SampleAcc;
  words: OneLengthAcc;
  byteLengths: OneLengthAcc;
  problems: ProblemsAcc;
  model: ModelAcc;
}

interface Resolved {
  name: string;
  seed: number;
  buckets: number;
  capacity: number;
  topK: number;
  sampleTokens: number;
  perFeature: number;
  groups: number;
  exactBudget: ExactBudget;
  model: ModelRecipe | null;
  source: ReportRecipe['source'];
  blockBytes: number;
}

function resolve(o: CorpusReportOptions): Resolved {
  const r: Resolved = {
    name: o.name,
    seed: o.seed,
    buckets: o.buckets ?? DEFAULT_BUCKETS,
    capacity: o.heavyHitterCapacity ?? 65_536,
    topK: o.topK ?? 1000,
    sampleTokens: o.sampleTokens ?? 200_000,
    perFeature: o.examplesPerFeature ?? 3,
    groups: o.bootstrapGroups ?? 64,
    exactBudget: { ...DEFAULT_EXACT_BUDGET, ...o.exactBudget },
    model: o.model ?? null,
    source: o.source ?? { kind: 'texts', texts: 0 },
    blockBytes: o.blockBytes ?? 0,
  };
  if (!Number.isInteger(r.seed)) throw new RangeError(`seed ${r.seed} must be an integer`);
  for (const [what, v] of [
    ['buckets', r.buckets],
    ['examplesPerFeature', r.perFeature],
    ['bootstrapGroups', r.groups],
    ['topK', r.topK],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${what} ${v} must be a positive integer`);
  }
  if (r.groups > 256) throw new RangeError(`bootstrapGroups ${r.groups} must be at most 256`);
  const b = r.exactBudget;
  if (!(Number.isInteger(b.hashedBits) && b.hashedBits >= 8 && b.hashedBits <= 28)) {
    throw new RangeError(`exactBudget.hashedBits ${b.hashedBits} must be an integer in [8, 28]`);
  }
  return r;
}

/**
 * Length bins: one per value up to 16, then four per doubling (2^(k/4)) up to 2^40. The edges must be the
 * same bits wherever a block is read (a partial written in Node folds in the page), and `2 ** (k / 4)` is
 * not: Node 20 and Chromium 150 differ in the last bit for 72 of these 144 edges. So 2^(k/4) is a power of
 * two (exact) times 2^0, 2^¼, 2^½ or 2^¾ made with sqrt and one product, which IEEE 754 rounds alike everywhere.
 */
export const LENGTH_EDGES = (() => {
  const quarter = Math.sqrt(Math.SQRT2);
  const steps = [1, quarter, Math.SQRT2, Math.SQRT2 * quarter];
  const edges: number[] = [];
  for (let i = 0; i <= 16; i++) edges.push(i);
  for (let k = 17; k <= 160; k++) edges.push(2 ** Math.floor(k / 4) * steps[k % 4]);
  return Float64Array.from(edges);
})();

function finalizeLength(acc: OneLengthAcc, documents: number): Maybe<LengthDistribution> {
  const histogram = finalizeHistogram(acc.histogram);
  if (documents === 0 || isInsufficient(histogram)) return insufficient('no documents');
  return { documents, mean: acc.sum / documents, min: acc.min, max: acc.max, histogram };
}

/** The rest of DocumentScores, empty: the model-based statistics read only logprob and rank. */
function asDocumentScores(t: TokenScores): DocumentScores {
  return {
    tokenIds: new Int32Array(0),
    byteStart: new Uint32Array(0),
    byteEnd: new Uint32Array(0),
    logprob: t.logprob,
    rank: t.rank,
    entropy: new Float32Array(0),
    k: 0,
    topIds: new Int32Array(0),
    topLogprobs: new Float32Array(0),
    bosPrepended: false,
  };
}

export interface CorpusReportStatistic extends Statistic<CorpusReportAcc, ReportDocument, CorpusReport> {
  /** Records a reading problem; `skipped` when a record was dropped because of it. */
  addProblem(acc: CorpusReportAcc, problem: RecordProblem, skipped: boolean): void;
  /** Records that the accumulator's stream covered `lines` more source lines. */
  addLines(acc: CorpusReportAcc, lines: number): void;
  /** Turns the block's exact-count tables into sorted runs (compact; call before sending the accumulator). */
  seal(acc: CorpusReportAcc): void;
}

export function corpusReport(options: CorpusReportOptions): CorpusReportStatistic {
  const o = resolve(options);
  const B = o.buckets;
  const sampleMask = seedMask(o.seed, 1);
  const groupMask = seedMask(o.seed, 2);
  const histograms = probabilityHistograms(options.probability);
  const tails = probabilityTails(options.tails);
  // The current document's tokens and hashes, reused between documents.
  const scan = new TokenScan();

  const empty = (): CorpusReportAcc => ({
    documents: 0,
    emptyDocuments: 0,
    tokens: 0,
    bigrams: 0,
    bytes: 0,
    characters: 0,
    lines: 0,
    groupCounts: new Uint32Array(o.groups * B),
    groupDocuments: new Uint32Array(o.groups),
    unigrams: emptyMisraGries(o.capacity),
    bigramTable: emptyMisraGries(o.capacity),
    exactUnigrams: emptyExactNgrams('unigrams'),
    exactBigrams: emptyExactNgrams('bigrams'),
    examples: emptyExamples(B, o.perFeature),
    sample: emptySample(o.sampleTokens),
    words: emptyOne(LENGTH_EDGES),
    byteLengths: emptyOne(LENGTH_EDGES),
    problems: { errors: 0, warnings: 0, skippedRecords: 0, listed: [] },
    model: {
      scored: 0,
      unscored: 0,
      histograms: histograms.empty(),
      tails: tails.empty(),
      ranks: rankBuckets.empty(),
      perplexity: perplexity.empty(),
    },
  });

  function add(acc: CorpusReportAcc, doc: ReportDocument): void {
    const text = doc.text;
    const docIndex = acc.documents++;
    const byteOffset = doc.byteOffset ?? -1;
    const line = doc.line ?? -1;
    const size = utf8Counts(text);
    acc.bytes += size.bytes;
    acc.characters += size.characters;
    if (doc.scores === null) acc.model.unscored++;
    else if (doc.scores !== undefined) {
      const scores = asDocumentScores(doc.scores);
      acc.model.scored++;
      histograms.add(acc.model.histograms, scores);
      tails.add(acc.model.tails, scores);
      rankBuckets.add(acc.model.ranks, scores);
      perplexity.add(acc.model.perplexity, scores);
    }
    const lower = text.toLowerCase(); // as wordPunctTokens does, so spans index this string
    const n = scan.scan(lower);
    addOne(acc.words, n);
    addOne(acc.byteLengths, size.bytes);
    if (n === 0) {
      acc.emptyDocuments++;
      return;
    }
    acc.tokens += n;
    acc.bigrams += n - 1;

    const { start, end, hash, pairHash, key2 } = scan;
    let docHash = 0;
    for (let i = 0; i < n; i++) docHash = combineHash(docHash, hash[i]);
    const priority = fmix32((docHash ^ sampleMask) >>> 0);
    const group = fmix32((docHash ^ groupMask) >>> 0) % o.groups;
    const row = group * B;
    acc.groupDocuments[group]++;
    const counts = acc.groupCounts;
    for (let i = 0; i < n; i++) {
      const h = hash[i];
      const u = h % B;
      counts[row + u]++;
      offerExample(acc.examples, u, priority, docIndex, byteOffset, line);
      countNgram(acc.unigrams, h, key2[i], lower, start[i], end[i]);
      countExact(acc.exactUnigrams, h, key2[i], group, o.exactBudget);
      if (i > 0) {
        const bh = pairHash[i];
        const b = bh % B;
        const bk2 = combineHash(key2[i - 1], key2[i]);
        counts[row + b]++;
        offerExample(acc.examples, b, priority, docIndex, byteOffset, line);
        countExact(acc.exactBigrams, bh, bk2, group, o.exactBudget);
        countNgram(acc.bigramTable, bh, bk2, lower, start[i - 1], end[i - 1], start[i], end[i]);
      }
    }
    offerSample(acc.sample, { priority, docIndex, tokens: n, text });
  }

  function merge(a: CorpusReportAcc, b: CorpusReportAcc): CorpusReportAcc {
    if (a.groupCounts.length !== b.groupCounts.length) {
      throw new RangeError('cannot merge reports with different buckets or bootstrap groups');
    }
    const groupCounts = new Uint32Array(a.groupCounts.length);
    for (let i = 0; i < groupCounts.length; i++) groupCounts[i] = a.groupCounts[i] + b.groupCounts[i];
    const groupDocuments = a.groupDocuments.map((d, i) => d + b.groupDocuments[i]);
    const shiftLine = (p: RecordProblem): RecordProblem =>
      p.line === undefined ? p : { ...p, line: p.line + a.lines };
    return {
      documents: a.documents + b.documents,
      emptyDocuments: a.emptyDocuments + b.emptyDocuments,
      tokens: a.tokens + b.tokens,
      bigrams: a.bigrams + b.bigrams,
      bytes: a.bytes + b.bytes,
      characters: a.characters + b.characters,
      lines: a.lines + b.lines,
      groupCounts,
      groupDocuments,
      unigrams: mergeMisraGries(a.unigrams, b.unigrams),
      bigramTable: mergeMisraGries(a.bigramTable, b.bigramTable),
      exactUnigrams: mergeExact(a.exactUnigrams, b.exactUnigrams, o.exactBudget),
      exactBigrams: mergeExact(a.exactBigrams, b.exactBigrams, o.exactBudget),
      examples: mergeExamples(a.examples, b.examples, a.documents, a.lines),
      sample: mergeSamples(a.sample, b.sample, a.documents),
      words: mergeOne(a.words, b.words),
      byteLengths: mergeOne(a.byteLengths, b.byteLengths),
      problems: {
        errors: a.problems.errors + b.problems.errors,
        warnings: a.problems.warnings + b.problems.warnings,
        skippedRecords: a.problems.skippedRecords + b.problems.skippedRecords,
        listed: a.problems.listed.concat(b.problems.listed.map(shiftLine)).slice(0, MAX_LISTED_PROBLEMS),
      },
      model: {
        scored: a.model.scored + b.model.scored,
        unscored: a.model.unscored + b.model.unscored,
        histograms: histograms.merge(a.model.histograms, b.model.histograms),
        tails: tails.merge(a.model.tails, b.model.tails),
        ranks: rankBuckets.merge(a.model.ranks, b.model.ranks),
        perplexity: perplexity.merge(a.model.perplexity, b.model.perplexity),
      },
    };
  }

  function topNgrams(table: MisraGries, n: 1 | 2): Maybe<TopNgrams> {
    if (table.total === 0) {
      return insufficient(n === 1 ? 'no word-punct tokens' : 'no document has two word-punct tokens');
    }
    const exact = table.errorBound === 0;
    // Once the table has forgotten, a kept count ≤ E says nothing certain (the n-gram may occur up to 2E
    // times, or far fewer): only the guaranteed entries are reported, which also keeps the report small.
    const e = table.errorBound;
    const sorted = exact ? sortedItems(table) : sortedItems(table).filter((x) => x[1] > e);
    const noun = n === 1 ? 'unigram' : 'bigram';
    return {
      n,
      total: table.total,
      exact,
      capacity: table.capacity,
      errorBound: table.errorBound,
      guarantee: exact
        ? `exact: every distinct ${noun} is counted`
        : `Misra–Gries summary (${table.capacity} counters): each listed count is at most ${e} below the true count (E ≤ N/(k+1) = ${Math.floor(table.total / ((table.capacity >> 1) + 1))} for N = ${table.total}); listed are the ${noun}s counted more than E times, which include every ${noun} occurring more than ${2 * e} times`,
      top: sorted.slice(0, o.topK).map(([ngram, count]) => ({
        ngram,
        count,
        share: count / table.total,
        bucket: fnv1a32(ngram) % B,
      })),
      summary: { ngrams: sorted.map((x) => x[0]), counts: Float64Array.from(sorted, (x) => x[1]) },
    };
  }

  function typeCount(table: MisraGries): TypeCount {
    if (table.errorBound === 0 || !table.types) {
      return { exact: true, value: table.size, relativeStdError: 0, method: 'exact' };
    }
    return {
      exact: false,
      value: Math.round(estimateHll(table.types)),
      relativeStdError: HLL_RELATIVE_ERROR,
      method: `HyperLogLog (2^${HLL_BITS} registers)`,
    };
  }

  function finalize(acc: CorpusReportAcc): CorpusReport {
    const counts = new Float64Array(B);
    for (let g = 0; g < o.groups; g++) {
      const row = g * B;
      for (let i = 0; i < B; i++) counts[i] += acc.groupCounts[row + i];
    }
    let features = 0;
    for (const c of counts) features += c;
    const m = acc.model;
    const recipe: ReportRecipe = {
      name: o.name,
      engine: ENGINE,
      version: REPORT_VERSION,
      source: o.source,
      documents: acc.documents,
      bytes: acc.bytes,
      seed: o.seed,
      tokenizer: TOKENIZER_DESCRIPTION,
      hash: `FNV-1a 32 over UTF-8, mod ${B}`,
      buckets: B,
      heavyHitters: {
        algorithm: 'exact counts up to the capacity, then Misra–Gries (mergeable, deterministic)',
        capacity: o.capacity,
      },
      exactBudget: o.exactBudget,
      sample: { tokens: o.sampleTokens, rule: SAMPLE_RULE },
      bootstrap: { groups: o.groups, rule: BOOTSTRAP_RULE },
      blockBytes: o.blockBytes,
      model: o.model,
    };
    return {
      recipe,
      counts: {
        documents: acc.documents,
        emptyDocuments: acc.emptyDocuments,
        tokens: acc.tokens,
        bigrams: acc.bigrams,
        bytes: acc.bytes,
        characters: acc.characters,
      },
      problems: {
        errors: acc.problems.errors,
        warnings: acc.problems.warnings,
        skippedRecords: acc.problems.skippedRecords,
        listed: acc.problems.listed.map(renderProblem),
      },
      features:
        features === 0
          ? insufficient(acc.documents === 0 ? 'no documents' : 'no word-punct tokens in any document')
          : {
              buckets: B,
              features,
              counts,
              distribution: counts.map((c) => c / features),
              concentration: concentration(counts),
              groups: o.groups,
              groupCounts: acc.groupCounts.slice(),
              groupDocuments: acc.groupDocuments.slice(),
            },
      unigrams: topNgrams(acc.unigrams, 1),
      bigrams: topNgrams(acc.bigramTable, 2),
      exact: {
        unigrams:
          acc.exactUnigrams.total === 0
            ? insufficient('no word-punct tokens')
            : finalizeExact(acc.exactUnigrams, o.groups, o.exactBudget),
        bigrams:
          acc.exactBigrams.total === 0
            ? insufficient('no document has two word-punct tokens')
            : finalizeExact(acc.exactBigrams, o.groups, o.exactBudget),
      },
      types: {
        unigrams: typeCount(acc.unigrams),
        bigrams: typeCount(acc.bigramTable),
      },
      lengths: {
        words: finalizeLength(acc.words, acc.documents),
        bytes: finalizeLength(acc.byteLengths, acc.documents),
      },
      sample: {
        rule: SAMPLE_RULE,
        tokens: acc.sample.tokens,
        documents: acc.sample.entries.map((e) => ({ ...e })),
      },
      lexical: lexicalReport(
        acc.sample.entries.map((e) => e.text),
        Infinity,
        o.seed,
      ),
      examples: {
        buckets: B,
        perFeature: o.perFeature,
        docIndex: acc.examples.docIndex.slice(),
        byteOffset: acc.examples.byteOffset.slice(),
        line: acc.examples.line.slice(),
      },
      model:
        m.scored === 0
          ? insufficient(
              m.unscored > 0
                ? `none of the ${m.unscored} documents has been scored by the prior`
                : 'no scores: load a model and score the documents for the model-based statistics',
            )
          : {
              recipe: o.model,
              scoredDocuments: m.scored,
              unscoredDocuments: m.unscored,
              histograms: histograms.finalize(m.histograms),
              tails: tails.finalize(m.tails),
              ranks: rankBuckets.finalize(m.ranks),
              perplexity: perplexity.finalize(m.perplexity),
            },
    };
  }

  return {
    empty,
    add,
    merge,
    finalize,
    addProblem(acc, problem, skipped) {
      if (problem.severity === 'error') acc.problems.errors++;
      else acc.problems.warnings++;
      if (skipped) acc.problems.skippedRecords++;
      if (acc.problems.listed.length < MAX_LISTED_PROBLEMS) acc.problems.listed.push(problem);
    },
    addLines(acc, lines) {
      acc.lines += lines;
    },
    seal(acc) {
      sealExact(acc.exactUnigrams, o.exactBudget);
      sealExact(acc.exactBigrams, o.exactBudget);
    },
  };
}
