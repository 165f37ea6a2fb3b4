/**
 * The streaming corpus run (src/lib/run) with the bigram test model in onnxruntime-node: its
 * outputs against the page's in-memory export (the same engine and line writers, document by document)
 * and against `semisynth edit`, and a run stopped midway (with a torn score file) resumed to the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { runCorpus, type CorpusRunOptions } from '../../src/lib/run/corpus-run';
import { MemorySink } from '../../src/lib/run/text-sink';
import { MemoryByteStore } from '../../src/lib/persist/byte-store';
import { IndexedScoreFile } from '../../src/lib/persist/score-index';
import type { ScoreKey } from '../../src/lib/persist/score-key';
import { vocabularyOf, type Vocabulary } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { DEFAULT_CONFIG } from '../../src/lib/toedit';
import { editInProcess, recordsThenText } from '../support/in-process-edit';
import { gzip, parquet } from '../support/input-fixtures';
import { loadNodePrior } from '../support/node-prior';
import { runCli } from '../support/run-cli';

const KEY: ScoreKey = {
  modelId: 'semisynth-test/bigram',
  revision: 'bundled',
  dtype: 'fp32',
  device: 'cpu',
  k: 8,
};
const CONFIG = { ...DEFAULT_CONFIG, forceChange: true };
const SEED = 7;
// 90 records (texts repeat: a repeated text is scored once) over several input batches and scoring groups.
const RECORDS = Array.from({ length: 90 }, (_, i) => ({
  id: `d${i}`,
  meta: { n: i },
  text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] + (i % 3 === 0 ? '' : ` (${i})`),
}));
const JSONL = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
const TXT = CORPUS_DOCUMENTS[3];

let prior: TransformersPrior;
let vocabulary: Vocabulary;
let dir: string;

beforeAll(async () => {
  prior = await loadNodePrior('semisynth-test/bigram');
  vocabulary = vocabularyOf(prior.vocabularyBytes());
  dir = mkdtempSync(path.join(tmpdir(), 'semisynth-corpus-run-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inputs = () => [
  { name: 'corpus.jsonl.gz', blob: new Blob([gzip(JSONL) as Uint8Array<ArrayBuffer>]) },
  { name: 'notes.txt', blob: new Blob([TXT]) },
];

async function run(store: MemoryByteStore, extra: Partial<CorpusRunOptions> = {}) {
  const outputs = { jsonl: new MemorySink(), text: new MemorySink(), editLog: new MemorySink() };
  const summary = await runCorpus({
    files: inputs(),
    score: (texts, options) => prior.scoreBatch(texts, options),
    k: KEY.k,
    scoreFile: await IndexedScoreFile.open(store, KEY),
    vocabulary,
    config: CONFIG,
    seed: SEED,
    outputs,
    ...extra,
  });
  return {
    summary,
    jsonl: outputs.jsonl.text(),
    text: outputs.text.text(),
    log: outputs.editLog.text(),
    outputs,
  };
}

/** The page's export: every document scored on its own, edited, written with the page's line writers. */
const inMemoryExport = () =>
  editInProcess(prior, recordsThenText(RECORDS, 'corpus.jsonl.gz', TXT, 'notes.txt'), CONFIG, SEED);

describe('streaming corpus run', () => {
  it('writes the in-memory export’s bytes and `semisynth edit`’s, scoring each text once', async () => {
    const store = new MemoryByteStore();
    const streamed = await run(store);
    const expected = await inMemoryExport();
    expect(streamed.jsonl).toBe(expected.jsonl);
    expect(streamed.log).toBe(expected.log);
    expect(streamed.text).toBe(expected.text);
    expect(streamed.jsonl).toContain('"semisynth_edited_text"');
    const distinct = new Set([...RECORDS.map((r) => r.text), TXT]).size;
    expect(streamed.summary).toMatchObject({
      documents: 91,
      scored: distinct,
      reused: 91 - distinct,
      notEdited: 0,
    });
    expect(streamed.summary.written.jsonl).toBe(new TextEncoder().encode(expected.jsonl).length);
    expect(Object.values(streamed.outputs).every((s) => s.closed)).toBe(true);
    // The output reached the sink in a few chunks, not a write per line.
    expect(streamed.outputs.jsonl.chunks.length).toBeLessThan(5);

    // `semisynth edit` on the same files: the same edited records, and the same edit log (it names the
    // sources, as the run does).
    writeFileSync(path.join(dir, 'corpus.jsonl.gz'), gzip(JSONL));
    writeFileSync(path.join(dir, 'notes.txt'), TXT);
    const cli = await runCli([
      'edit',
      '--model',
      'semisynth-test/bigram',
      '-i',
      path.join(dir, 'corpus.jsonl.gz'),
      '-i',
      path.join(dir, 'notes.txt'),
      '-o',
      path.join(dir, 'edited.jsonl'),
      '--seed',
      String(SEED),
      '--force-change',
      '--progress',
      'none',
    ]);
    expect(cli.code).toBe(0);
    expect(streamed.jsonl).toBe(readFileSync(path.join(dir, 'edited.jsonl'), 'utf8'));
    expect(streamed.log).toBe(readFileSync(path.join(dir, 'edited.edit-log.jsonl'), 'utf8'));

    // A second run finds every text in the score file and scores nothing.
    const again = await run(store);
    expect(again.summary).toMatchObject({ scored: 0, reused: 91 });
    expect(again.jsonl).toBe(expected.jsonl);
  }, 120_000);

  it('resumes a run stopped midway, its score file torn, to the same bytes', async () => {
    const whole = await run(new MemoryByteStore());
    const store = new MemoryByteStore();
    const stop = new AbortController();
    const cut = new MemorySink();
    await expect(
      run(store, {
        signal: stop.signal,
        onProgress: (p) => p.scored >= 60 && stop.abort(new Error('stopped')),
        outputs: { jsonl: cut },
      }),
    ).rejects.toThrow('stopped');
    expect(cut).toMatchObject({ aborted: true, closed: false }); // a stopped run keeps no partial output
    // Two groups of 32 reached the file before the stop; the second is then torn.
    const kept = (await IndexedScoreFile.open(store, KEY)).count;
    expect(kept).toBeGreaterThan(0);
    // A crash cut the last batch short: it is dropped and its documents scored again.
    await store.truncate((await store.size()) - 5);
    const resumed = await run(store);
    expect(resumed.summary.scored).toBeGreaterThan(0);
    expect(resumed.summary.reused).toBeGreaterThan(91 - whole.summary.scored);
    expect(resumed.jsonl).toBe(whole.jsonl);
    expect(resumed.log).toBe(whole.log);
    expect(resumed.text).toBe(whole.text);
  }, 120_000);

  it('scores one input batch at a time, so what it holds does not grow with the corpus', async () => {
    // 2,100 records: three input batches (1,024 records each at most) of the same few texts.
    const many = Array.from({ length: 2100 }, (_, i) => ({
      text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length],
    }));
    const distinct = new Set(many.map((r) => r.text)).size;
    let inFlight = 0;
    let most = 0;
    const { summary } = await run(new MemoryByteStore(), {
      files: [{ name: 'many.jsonl', blob: new Blob([many.map((r) => JSON.stringify(r)).join('\n')]) }],
      score: async (texts, options) => {
        most = Math.max(most, ++inFlight);
        try {
          return await prior.scoreBatch(texts, options);
        } finally {
          inFlight--;
        }
      },
    });
    expect(summary.documents).toBe(many.length);
    expect(most).toBe(1);
    // Batches overlapping would each score the texts the file did not hold yet.
    expect(summary.scored).toBe(distinct);
    expect(summary.reused).toBe(many.length - distinct);
  });

  it('scores the next group while the last is written, one write at a time, and stops on a failed write', async () => {
    /** A store whose appends take a while (a real disk's flush): the events show what overlaps. */
    class SlowStore extends MemoryByteStore {
      writes = 0;
      constructor(
        private readonly events: string[],
        private readonly failAt = Infinity,
      ) {
        super();
      }
      override async append(bytes: Uint8Array): Promise<void> {
        const n = ++this.writes;
        this.events.push(`write ${n} starts`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (n === this.failAt) throw new Error('the disk is full');
        await super.append(bytes);
        this.events.push(`write ${n} ends`);
      }
    }
    const events: string[] = [];
    let calls = 0;
    const score: CorpusRunOptions['score'] = async (texts, options) => {
      const n = ++calls;
      events.push(`score ${n} starts`);
      const scores = await prior.scoreBatch(texts, options);
      events.push(`score ${n} ends`);
      return scores;
    };
    const store = new SlowStore(events);
    const overlapped = await run(store, { score });
    expect(calls).toBeGreaterThan(1);
    expect(store.writes).toBe(1 + calls); // the file's header, then one write per group
    // Group n's write (write n + 1) starts after it is scored and overlaps the next group's scoring; the
    // next write waits for it.
    const at = (e: string) => events.indexOf(e);
    for (let n = 1; n < calls; n++) {
      expect(at(`write ${n + 1} starts`)).toBeGreaterThan(at(`score ${n} ends`));
      expect(at(`score ${n + 1} starts`)).toBeLessThan(at(`write ${n + 1} ends`));
      expect(at(`write ${n + 2} starts`)).toBeGreaterThan(at(`write ${n + 1} ends`));
    }
    // The same scores, the same file and the same output as writing each group before scoring the next.
    const plainStore = new MemoryByteStore();
    const plain = await run(plainStore);
    expect(overlapped.jsonl).toBe(plain.jsonl);
    expect(overlapped.summary).toEqual(plain.summary);
    const bytesOf = async (s: MemoryByteStore) => s.read(0, await s.size());
    expect(await bytesOf(store)).toEqual(await bytesOf(plainStore));

    // A write that fails stops the run with its error, and no write is left running after it.
    const failing = new SlowStore([], 2); // the first group's write
    await expect(run(failing, { score })).rejects.toThrow('the disk is full');
    const writes = failing.writes;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failing.writes).toBe(writes);
  });

  it('keeps a Parquet input’s columns in the edited records', async () => {
    const rows = CORPUS_DOCUMENTS.slice(0, 6).map((text, id) => ({ id, text }));
    const outputs = { jsonl: new MemorySink() };
    const summary = await runCorpus({
      files: [{ name: 'shard.parquet', blob: new Blob([parquet(rows) as Uint8Array<ArrayBuffer>]) }],
      score: (texts, options) => prior.scoreBatch(texts, options),
      k: KEY.k,
      scoreFile: await IndexedScoreFile.open(new MemoryByteStore(), KEY),
      vocabulary,
      config: CONFIG,
      seed: SEED,
      outputs,
    });
    expect(summary.documents).toBe(6);
    const records = outputs.jsonl
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => Object.keys(r))).toEqual(
      rows.map(() => ['id', 'text', 'semisynth_edited_text', 'semisynth_edit_stats']),
    );
    expect(records.map((r) => r.text)).toEqual(rows.map((r) => r.text));
  }, 120_000);
});
