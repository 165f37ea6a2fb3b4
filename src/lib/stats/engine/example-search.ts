/**
 * Click-through from a feature to documents: the report keeps, per hashed-feature bucket, a few documents
 * that contain it (feature-examples.ts); here those documents are read back (from the page's texts, or from
 * the file at their byte offsets) and cut to a snippet around the feature's first occurrence.
 */
import { fnv1a32 } from '../../math/fnv1a';
import { TokenScan } from '../measures/token-scan';
import type { ResolvedFormat } from '../../io/stream-format';
import { csvHeadRows } from '../../io/csv-documents';
import { isBlankLine, readLines } from '../../io/lines';
import { endsInQuotes, parseCsvRow } from '../../io/csv-rows';
import { readField } from '../../io/json-values';
import { parseJsonlRecord } from '../../io/jsonl-record';

export type FeatureRef = { kind: 'bucket'; bucket: number } | { kind: 'ngram'; ngram: string };

export interface FeatureExample {
  docIndex: number;
  line?: number;
  snippet: string;
  match: [number, number];
  ngram: string;
}

export interface ExampleCandidate {
  docIndex: number;
  byteOffset: number;
  line: number;
}

export type ExampleSource =
  /** The candidates' texts, by document index. */
  { kind: 'texts'; texts: Record<number, string> } | { kind: 'file'; file: Blob; format: ResolvedFormat };

const decoder = new TextDecoder();
/** Records longer than this are cut when read back for a snippet. */
const MAX_RECORD_BYTES = 1 << 20;

/** The lines of one record starting at `offset`: one line, a paragraph, or a CSV row (quotes balanced). */
async function readRecordLines(
  file: Blob,
  offset: number,
  mode: 'line' | 'paragraph' | { csv: string },
): Promise<string[]> {
  const lines: string[] = [];
  let open = false;
  const delimiter = typeof mode === 'object' ? mode.csv.charCodeAt(0) : 0;
  await readLines(file.slice(offset, offset + MAX_RECORD_BYTES).stream(), offset, (raw) => {
    // The slice ends inside a record longer than it: the lines read so far make the snippet.
    if (raw === null || (mode === 'paragraph' && isBlankLine(raw))) return false;
    lines.push(decoder.decode(raw));
    if (mode === 'line') return false;
    if (typeof mode === 'object') {
      open = endsInQuotes(raw, delimiter, open);
      return open;
    }
    return true;
  });
  return lines;
}

async function csvColumnIndex(file: Blob, format: Extract<ResolvedFormat, { kind: 'csv' }>): Promise<number> {
  const [header] = await csvHeadRows(file.slice(0, MAX_RECORD_BYTES), format.delimiter, 1);
  return header ? header.indexOf(format.column) : -1;
}

async function documentText(
  source: ExampleSource,
  c: ExampleCandidate,
  csvIndex: number,
): Promise<string | null> {
  if (source.kind === 'texts') return source.texts[c.docIndex] ?? null;
  const { file, format } = source;
  if (c.byteOffset < 0) return null;
  if (format.kind === 'txt') {
    const lines = await readRecordLines(file, c.byteOffset, format.split);
    return lines.join('\n');
  }
  if (format.kind === 'jsonl') {
    const [line] = await readRecordLines(file, c.byteOffset, 'line');
    const r = line === undefined ? null : parseJsonlRecord(line);
    const found = r?.ok ? readField(r.value, format.field) : undefined;
    return found && typeof found.value === 'string' ? found.value : null;
  }
  const lines = await readRecordLines(file, c.byteOffset, { csv: format.delimiter });
  const r = parseCsvRow(lines.join('\n'), format.delimiter);
  return 'cells' in r && csvIndex >= 0 ? (r.cells[csvIndex] ?? null) : null;
}

/** The first occurrence of the feature in `text`: [start, end) in the lowercased text, and the n-gram. */
export function findFeature(
  text: string,
  feature: FeatureRef,
  buckets: number,
): { lower: string; start: number; end: number; ngram: string } | null {
  const lower = text.toLowerCase();
  const scan = new TokenScan();
  const n = scan.scan(lower);
  const tok = (i: number) => lower.slice(scan.start[i], scan.end[i]);
  if (feature.kind === 'ngram') {
    const want = feature.ngram.split(' ');
    for (let i = 0; i + want.length <= n; i++) {
      if (want.every((w, j) => tok(i + j) === w)) {
        return { lower, start: scan.start[i], end: scan.end[i + want.length - 1], ngram: feature.ngram };
      }
    }
    return null;
  }
  for (let i = 0; i < n; i++) {
    if (scan.hash[i] % buckets === feature.bucket)
      return { lower, start: scan.start[i], end: scan.end[i], ngram: tok(i) };
    if (i > 0 && scan.pairHash[i] % buckets === feature.bucket) {
      return { lower, start: scan.start[i - 1], end: scan.end[i], ngram: `${tok(i - 1)} ${tok(i)}` };
    }
  }
  return null;
}

/** A snippet of `context` characters either side of [start, end), marked with … where cut. */
export function snippetAround(
  text: string,
  start: number,
  end: number,
  context: number,
): { snippet: string; match: [number, number] } {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  const head = from > 0 ? '…' : '';
  const snippet =
    head +
    text.slice(from, to).replace(/\s+/g, (s) => (s.includes('\n') ? ' ' : s)) +
    (to < text.length ? '…' : '');
  return { snippet, match: [head.length + start - from, head.length + end - from] };
}

export async function findExamples(
  source: ExampleSource,
  candidates: readonly ExampleCandidate[],
  feature: FeatureRef,
  buckets: number,
  options: { limit?: number; context?: number } = {},
): Promise<FeatureExample[]> {
  const { limit = 3, context = 80 } = options;
  const csvIndex =
    source.kind === 'file' && source.format.kind === 'csv'
      ? await csvColumnIndex(source.file, source.format)
      : -1;
  const out: FeatureExample[] = [];
  for (const c of candidates) {
    if (out.length >= limit) break;
    const text = await documentText(source, c, csvIndex);
    if (text === null) continue;
    const hit = findFeature(text, feature, buckets);
    if (!hit) continue;
    // Lowercasing keeps offsets unless a character changes length (e.g. 'İ'); then show the lowercased text.
    const shown = hit.lower.length === text.length ? text : hit.lower;
    const { snippet, match } = snippetAround(shown, hit.start, hit.end, context);
    out.push({
      docIndex: c.docIndex,
      ...(c.line >= 0 && { line: c.line }),
      snippet,
      match,
      ngram: hit.ngram,
    });
  }
  return out;
}

/** The report's kept example documents for a feature (an n-gram's own bucket). */
export function candidatesFor(
  examples: {
    buckets: number;
    perFeature: number;
    docIndex: Float64Array;
    byteOffset: Float64Array;
    line: Float64Array;
  },
  feature: FeatureRef,
): ExampleCandidate[] {
  const bucket = feature.kind === 'bucket' ? feature.bucket : fnv1a32(feature.ngram) % examples.buckets;
  const out: ExampleCandidate[] = [];
  for (let j = bucket * examples.perFeature; j < (bucket + 1) * examples.perFeature; j++) {
    if (examples.docIndex[j] >= 0)
      out.push({
        docIndex: examples.docIndex[j],
        byteOffset: examples.byteOffset[j],
        line: examples.line[j],
      });
  }
  return out;
}
