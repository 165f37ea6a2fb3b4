/**
 * Reading the inputs researchers have (issue 12), in Node on this CPU: one corpus of JSON Lines records
 * written as plain .jsonl, .jsonl.gz (node:zlib, level 6), Parquet (hyparquet-writer, Snappy, 10,000-row
 * groups) and a .zip (fflate, deflate), each read by readInput exactly as the Text page's worker reads it
 * (open, decompress or transcode, inspect, cut into documents; the batches are counted and dropped, as a
 * page would hand them on). Reports input and plain MB/s, and the JS heap and RSS at the start and their
 * peaks as sampled at each batch handed over (the inputs themselves are outside the heap; a timer would
 * not fire, as the read rarely yields to one, and the Parquet transcoding before the first batch is not
 * sampled). One JSON line per format; asserts nothing. Run with node --expose-gc for a collected start.
 */
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readInput } from '../../src/lib/io/read-input';
import { seededRng } from '../../src/lib/math/seeded';
import type { BenchOptions } from './options';
import { emit, round, type Machine } from './report';

const WORDS =
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when'.split(
    ' ',
  );

function records(bytes: number): { id: number; text: string }[] {
  const rng = seededRng(12);
  const rows: { id: number; text: string }[] = [];
  let total = 0;
  while (total < bytes) {
    const n = 40 + Math.floor(rng() * 300);
    const text = Array.from({ length: n }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ') + '.';
    rows.push({ id: rows.length, text });
    total += text.length + 24;
  }
  return rows;
}

/** The corpus as JSON Lines bytes and as Parquet (the rows themselves are dropped before timing). */
function corpus(bytes: number): { jsonl: Uint8Array; parquet: ArrayBuffer } {
  const rows = records(bytes);
  const jsonl = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const parquet = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Float64Array.from(rows.map((r) => r.id)), type: 'DOUBLE' },
      { name: 'text', data: rows.map((r) => r.text), type: 'STRING' },
    ],
    rowGroupSize: 10_000,
  });
  return { jsonl, parquet };
}

export async function runInputsBench(options: BenchOptions, machine: Machine): Promise<void> {
  const { jsonl, parquet } = corpus(options.quick ? 8e6 : 40e6);
  const inputs: [string, Uint8Array][] = [
    ['corpus.jsonl', jsonl],
    ['corpus.jsonl.gz', new Uint8Array(gzipSync(jsonl))],
    ['corpus.parquet', new Uint8Array(parquet)],
    ['corpus.zip', zipSync({ 'corpus.jsonl': jsonl })],
  ];
  for (const [name, data] of inputs) {
    globalThis.gc?.();
    const start = process.memoryUsage();
    let peakHeap = start.heapUsed;
    let peakRss = start.rss;
    let documents = 0;
    const t0 = performance.now();
    const read = await readInput(new Blob([data as Uint8Array<ArrayBuffer>]), name, {}, (b) => {
      documents += b.kind === 'text' ? 1 : b.kind === 'records' ? b.records.length : 0;
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    });
    const seconds = (performance.now() - t0) / 1000;
    emit(
      'inputs',
      {
        format: name,
        inputMB: round(data.length / 1e6),
        plainMB: round(jsonl.length / 1e6),
        documents,
        problems: read.problems.length,
        seconds: round(seconds),
        inputMBps: round(data.length / 1e6 / seconds),
        plainMBps: round(jsonl.length / 1e6 / seconds),
        startHeapMB: round(start.heapUsed / 1e6),
        peakHeapMB: round(peakHeap / 1e6),
        startRssMB: round(start.rss / 1e6),
        peakRssMB: round(peakRss / 1e6),
      },
      machine,
    );
  }
}
