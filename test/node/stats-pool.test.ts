/**
 * The stats client's pool, through the real message path (comlink over MessageChannels, transfers
 * included) and through real worker threads: N workers give exactly the one-worker report.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/lib/math/seeded';
import { compareReports } from '../../src/lib/stats/compare/compare-corpora';
import type { CorpusReport } from '../../src/lib/stats/report/corpus-report-types';
import { isInsufficient } from '../../src/lib/stats/measures/statistic';
import {
  StatsClient,
  StatsInputError,
  type AnalyseProgress,
  type PickedFile,
  type WorkerHandle,
} from '../../src/state/stats-client';
import { scores } from '../unit/stats/stats-fixtures';
import { inProcessWorker, threadWorker } from '../support/stats-workers';
import { gzip, parquet, zip, zstd } from '../support/input-fixtures';

const WORDS = [
  'the',
  'cat',
  'sat',
  'on',
  'a',
  'mat',
  'über',
  '日本語',
  'dog',
  '.',
  ',',
  'ran',
  'far',
  'away',
];

function prose(paragraphs: number, seed: number): string {
  const rng = seededRng(seed);
  let text = '';
  for (let p = 0; p < paragraphs; p++) {
    const lines = 1 + Math.floor(rng() * 3);
    for (let l = 0; l < lines; l++) {
      const n = 1 + Math.floor(rng() * 25);
      text += Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ') + '\n';
    }
    text += '\n';
  }
  return text;
}

const named = (text: string, name: string) =>
  Object.assign(new Blob([new TextEncoder().encode(text)]), { name });
const clients: StatsClient[] = [];
function client(workers: number, spawn: () => WorkerHandle, blockBytes = 4096): StatsClient {
  const c = new StatsClient({ workers, spawn, blockBytes });
  clients.push(c);
  return c;
}
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

// A small capacity, so the Misra–Gries summary is in play: only the fixed block order keeps N = 1.
const OPTIONS = {
  name: 'prose',
  seed: 7,
  report: { heavyHitterCapacity: 32, buckets: 997, bootstrapGroups: 8 },
};

function expectSame(a: CorpusReport, b: CorpusReport): void {
  const differing = Object.keys(a).filter(
    (k) => !isDeepStrictEqual(a[k as keyof CorpusReport], b[k as keyof CorpusReport]),
  );
  expect(differing).toEqual([]);
}

describe.each([
  ['in-process workers', inProcessWorker],
  ['worker threads', threadWorker],
])('StatsClient with %s', (_name, spawn) => {
  it('3 workers give exactly the 1-worker report (txt paragraphs, summary in play)', async () => {
    const file = named(prose(1500, 1), 'prose.txt');
    const one = await client(1, spawn).analyse({ kind: 'file', file }, OPTIONS);
    const three = await client(3, spawn).analyse({ kind: 'file', file }, OPTIONS);
    expect(one.recipe.source).toMatchObject({ kind: 'file', fileName: 'prose.txt' });
    expect(one.counts.documents).toBe(1500);
    expect(isInsufficient(one.bigrams) || one.bigrams.exact).toBe(false);
    expectSame(three, one);
  });
});

describe('StatsClient with picked inputs (Parquet, compressed, zipped, several shards)', () => {
  const shard = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => ({ id: from + i, text: prose(1, from + i).trim() }));
  const jsonl = (rows: { id: number; text: string }[]) =>
    rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const ROWS = [shard(0, 40), shard(40, 90), shard(90, 120)];

  it('a folder of Parquet and compressed shards gives the report of the same records as one JSON Lines file', async () => {
    // As a folder pick gives them: each file with its path in the folder, in no particular order.
    const picked: PickedFile[] = [];
    const bytes: [string, Uint8Array][] = [
      ['train/part-10.jsonl.zst', zstd(jsonl(ROWS[2]))],
      ['train/part-2.jsonl.gz', gzip(jsonl(ROWS[1]))],
      ['train/part-1.parquet', parquet(ROWS[0], 16)],
      ['train/README.md', new TextEncoder().encode('# a dataset card')],
    ];
    for (const [path, data] of bytes)
      picked.push(
        Object.assign(new Blob([data as Uint8Array<ArrayBuffer>]), {
          name: path.split('/')[1],
          webkitRelativePath: path,
        }),
      );
    const c = client(3, threadWorker, 2048);
    const inspection = await c.inspect(picked);
    expect(inspection.problems.map((p) => p.message)).toEqual([
      'train/README.md is a .md file, which this app does not read; it was skipped and the rest of the folder was read.',
    ]);
    expect(inspection.format).toEqual({ kind: 'jsonl', field: 'text' });
    expect(inspection.opened?.source).toBe('train/');
    const { file, source } = inspection.opened!;
    const fromShards = await c.analyse({ kind: 'file', file, source, format: inspection.format }, OPTIONS);
    const plain = named(
      ROWS.flat()
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
      'train.jsonl',
    );
    const fromPlain = await client(1, inProcessWorker, 2048).analyse({ kind: 'file', file: plain }, OPTIONS);
    expect(fromShards.counts.documents).toBe(120);
    expect(fromShards.recipe.source).toMatchObject({ kind: 'file', fileName: 'train/' });
    const { recipe: _a, ...shards } = fromShards;
    const { recipe: _b, ...whole } = fromPlain;
    expectSame(shards as CorpusReport, whole as CorpusReport);
  });

  it('a zip whose one shard is truncated: the rest is analysed, the broken one named', async () => {
    const gz = gzip(jsonl(ROWS[1]));
    const archive = zip({ 'a.jsonl': jsonl(ROWS[0]), 'b.jsonl.gz': gz.subarray(0, gz.length - 30) });
    const c = client(1, inProcessWorker);
    const inspection = await c.inspect(
      Object.assign(new Blob([archive as Uint8Array<ArrayBuffer>]), { name: 'shards.zip' }),
    );
    expect(inspection.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^shards\.zip\/b\.jsonl\.gz is truncated: the gzip stream ends before its end marker/,
      ),
    ]);
    const { file, source } = inspection.opened!;
    expect(source).toBe('shards.zip/a.jsonl');
    const report = await c.analyse({ kind: 'file', file, source, format: inspection.format }, OPTIONS);
    expect(report.counts.documents).toBe(40);
  });

  it('a Parquet column that is not text is refused with the text columns there', async () => {
    const c = client(1, inProcessWorker);
    const pq = Object.assign(new Blob([parquet(ROWS[0]) as Uint8Array<ArrayBuffer>]), { name: 'p.parquet' });
    const inspection = await c.inspect(pq, { kind: 'jsonl', field: 'id' });
    expect(inspection.opened).toBeUndefined();
    expect(inspection.problems.map((p) => p.message)).toEqual([
      'column "id" of p.parquet holds INT64 values, not text — text columns there: text.',
    ]);
  });
});

describe('StatsClient', () => {
  it('numbers problems by file line across blocks, as one block would', async () => {
    const lines = Array.from({ length: 400 }, (_, i) =>
      i % 37 === 5
        ? `{"text": broken ${i}`
        : i % 53 === 7
          ? `{"other": "${i}"}`
          : JSON.stringify({ text: `doc ${i}` }),
    );
    const file = named(lines.join('\n'), 'docs.jsonl');
    let lastProgress: AnalyseProgress | undefined;
    const small = await client(3, inProcessWorker, 512).analyse(
      { kind: 'file', file },
      { ...OPTIONS, onProgress: (p) => (lastProgress = p) },
    );
    const whole = await client(1, inProcessWorker, 1 << 20).analyse({ kind: 'file', file }, OPTIONS);
    expect(small.problems).toEqual(whole.problems);
    const bad = lines.flatMap((l, i) => (l.includes('broken') || l.includes('other') ? [i + 1] : []));
    expect(small.problems.listed.map((p) => p.line)).toEqual(bad);
    expect(small.problems.skippedRecords).toBe(bad.length);
    expect(lastProgress?.problems).toBe(bad.length);
    expect(small.counts.documents).toBe(400 - bad.length);
    expect(small.problems.listed[0].message).toMatch(/^line 6(, column \d+)?: not valid JSON/);
  });

  it('analyses texts with scores the same with 1 or 3 workers, leaving the page’s scores intact', async () => {
    const rng = seededRng(4);
    const texts = Array.from({ length: 300 }, (_, i) => prose(1, i).trim());
    const s = texts.map((t, i) =>
      i % 10 === 0 ? null : scores(t.split(' ').map(() => Math.log(0.05 + 0.9 * rng()))),
    );
    const options = {
      ...OPTIONS,
      model: { modelId: 'test/bigram', dtype: 'fp32', device: 'wasm' as const, k: 8 },
    };
    const one = await client(1, inProcessWorker, 2000).analyse({ kind: 'texts', texts, scores: s }, options);
    const three = await client(3, inProcessWorker, 2000).analyse(
      { kind: 'texts', texts, scores: s },
      options,
    );
    expectSame(three, one);
    expect(s[1]!.logprob.length).toBeGreaterThan(0); // not transferred away
    const m = one.model;
    if (isInsufficient(m)) throw new Error(m.insufficient);
    expect([m.scoredDocuments, m.unscoredDocuments]).toEqual([270, 30]);
    expect(one.recipe.model?.modelId).toBe('test/bigram');
  });

  it('reports progress up to the whole file, then done', async () => {
    const file = named(prose(3000, 2), 'p.txt');
    const seen: AnalyseProgress[] = [];
    await client(2, inProcessWorker, 8192).analyse(
      { kind: 'file', file },
      { ...OPTIONS, onProgress: (p) => seen.push(p) },
    );
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', bytes: file.size, totalBytes: file.size, documents: 3000 });
    const bytes = seen.map((p) => p.bytes);
    expect(bytes.every((b) => b <= file.size)).toBe(true);
  });

  it('cancels on abort, and the next analysis starts fresh', async () => {
    const c = client(2, inProcessWorker, 2048);
    const file = named(prose(20000, 3), 'big.txt');
    const controller = new AbortController();
    const run = c.analyse(
      { kind: 'file', file },
      { ...OPTIONS, signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const again = await c.analyse({ kind: 'file', file: named('one two three', 'small.txt') }, OPTIONS);
    expect(again.counts.tokens).toBe(3);
  });

  it('refuses a file that is not text with the loader’s reason', async () => {
    const png = Object.assign(
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])]),
      { name: 'x.txt' },
    );
    const error = await client(1, inProcessWorker)
      .analyse({ kind: 'file', file: png }, OPTIONS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatsInputError);
    expect((error as StatsInputError).problem.message).toMatch(/PNG/);
  });

  it('finds example documents for a feature, from texts and from a file', async () => {
    const c = client(2, inProcessWorker, 1024);
    const texts = ['no match here', 'Delve into the tapestry.', 'nothing', 'we delve into it'];
    const r = await c.analyse({ kind: 'texts', texts }, OPTIONS);
    const found = await c.examples(r, { kind: 'ngram', ngram: 'delve into' });
    expect(found.map((e) => e.docIndex).sort()).toEqual([1, 3]);
    for (const e of found) expect(e.snippet.slice(...e.match).toLowerCase()).toBe('delve into');
    const file = named(texts.join('\n\n'), 't.txt');
    const rf = await c.analyse({ kind: 'file', file }, OPTIONS);
    const fromFile = await c.examples(rf, { kind: 'ngram', ngram: 'delve into' });
    expect(fromFile.map((e) => e.line).sort()).toEqual([3, 7]);
    await expect(c.examples(structuredClone(rf), { kind: 'bucket', bucket: 1 })).rejects.toThrow(
      /not available here/,
    );
  });

  it('compares in a worker, as compareReports does, adding the compression ratios', async () => {
    const c = client(2, inProcessWorker);
    const a = await c.analyse(
      { kind: 'file', file: named(prose(200, 5), 'a.txt') },
      { ...OPTIONS, name: 'a' },
    );
    const b = await c.analyse(
      { kind: 'file', file: named(prose(200, 6), 'b.txt') },
      { ...OPTIONS, name: 'b' },
    );
    const viaWorker = await c.compare(a, b, { replicates: 20 });
    const direct = compareReports(a, b, { replicates: 20 });
    // The worker adds what needs CompressionStream (asynchronous): the compression ratios.
    expect(isDeepStrictEqual({ ...viaWorker, lexical: null }, { ...direct, lexical: null })).toBe(true);
    if (isInsufficient(viaWorker.lexical) || isInsufficient(direct.lexical))
      throw new Error('no lexical figures');
    expect(
      isDeepStrictEqual(
        { ...viaWorker.lexical.a, compressionRatio: null },
        { ...direct.lexical.a, compressionRatio: null },
      ),
    ).toBe(true);
    expect(viaWorker.lexical.a.compressionRatio).toBeGreaterThan(1);
    expect(a.lexical).toMatchObject({ compressionRatio: expect.any(Number) });
  });
});
