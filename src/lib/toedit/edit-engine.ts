/**
 * The ToEdit engine: a pure function of (original text, per-token scores, config, seed, document index,
 * vocabulary) → edited text and an edit log. Replacements are drawn from the prior's top-k at the original
 * prefix in one pass (edits are not fed forward), and spliced into the original UTF-8 bytes by the
 * tokens' byte spans, so every unedited byte is kept exactly.
 */
import type { DocumentScores } from '../scoring/scores';
import type { Vocabulary } from '../scoring/tokens/packed-vocabulary';
import { validateConfig, type ToEditConfig } from './config';
import { emptyCounts, mergeCounts, type EditCounts } from './counts';
import { checkRanges, insideRanges, shiftRanges, type ByteRange } from './editable-ranges';
import { decide, tokenProbability } from './flags';
import { sample } from './samplers';
import { documentSeed, tokenRng } from './seeds';
import { spliceKeepsUtf8 } from './utf8-splice';

export interface EditLogEntry {
  position: number;
  /** Span of the token in the original text's UTF-8 bytes. */
  byteStart: number;
  byteEnd: number;
  original: number;
  p: number;
  action: 'revise' | 'delete';
  /** The drawn id (equal to `original` when the draw kept it); null for a deletion or a skipped token. */
  replacement: number | null;
  /** Whether the token's id changed or it was deleted. */
  changed: boolean;
  /** Ids the sampler could draw, and the probability it gave each (empty for deletions). */
  candidates: number[];
  weights: number[];
  /** Top-k ids removed before sampling: specials, the original (force change), splices that break UTF-8. */
  excluded: { special: number[]; original: boolean; utf8: number[] };
  /**
   * Why a flagged token was left as it was: no candidate remained, its span's bytes are not its vocabulary
   * bytes (e.g. a tokenizer that normalises text; splicing would be wrong), or deleting it would break UTF-8.
   */
  skipped?: 'no-candidates' | 'span-mismatch' | 'utf8';
}

export type DocumentEdit =
  | {
      ok: true;
      text: string;
      /** The edited document's UTF-8 bytes (always valid UTF-8). */
      bytes: Uint8Array;
      bytesChanged: boolean;
      /** One entry per flagged token, in position order. */
      log: EditLogEntry[];
      counts: EditCounts;
      /** The editable ranges' places in the edited bytes (null when the whole text was editable). */
      editable: ByteRange[] | null;
    }
  | { ok: false; error: string };

/** A byte buffer that grows as the edited document is built. */
class ByteBuilder {
  bytes = new Uint8Array(64);
  length = 0;
  push(chunk: Uint8Array) {
    if (this.length + chunk.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + chunk.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Why the scores cannot belong to this text with this config, or null. */
export function checkScores(scores: DocumentScores, textBytes: number, k: number): string | null {
  const n = scores.tokenIds.length;
  for (const [name, arr] of [
    ['byteStart', scores.byteStart],
    ['byteEnd', scores.byteEnd],
    ['logprob', scores.logprob],
  ] as const)
    if (arr.length !== n) return `scores.${name} has ${arr.length} entries for ${n} tokens`;
  if (scores.topIds.length !== n * scores.k || scores.topLogprobs.length !== n * scores.k)
    return `scores.topIds/topLogprobs must hold ${n} × ${scores.k} entries`;
  if (k > scores.k)
    return `k = ${k} but the scores keep only ${scores.k} alternatives per token: lower k or re-score with k ≥ ${k}`;
  let previousEnd = 0;
  for (let i = 0; i < n; i++) {
    const s = scores.byteStart[i];
    const e = scores.byteEnd[i];
    if (s < previousEnd || e < s || e > textBytes)
      return `token ${i} has byte span [${s}, ${e}) which is out of order or outside the text's ${textBytes} bytes`;
    previousEnd = e;
  }
  return null;
}

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is text and must survive.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Edits one document. `seed` is the run's seed and `docIndex` the document's index in the corpus; the
 * result depends on nothing else, so batching and order never change it. A failure (invalid config,
 * scores that do not fit the text) is returned as a message, never thrown. With `editable` ranges (an
 * instruction record's responses), only tokens wholly inside them are flagged and counted; the rest of the
 * text is context whose bytes never change.
 */
export function editDocument(
  text: string,
  scores: DocumentScores,
  config: ToEditConfig,
  seed: number,
  docIndex: number,
  vocab: Vocabulary,
  editable: readonly ByteRange[] | null = null,
): DocumentEdit {
  const issues = validateConfig(config);
  if (issues.length > 0) return { ok: false, error: issues.map((x) => x.message).join('; ') };
  if (!Number.isSafeInteger(seed)) return { ok: false, error: `seed ${seed} must be an integer` };
  if (!Number.isSafeInteger(docIndex) || docIndex < 0)
    return { ok: false, error: `document index ${docIndex} must be an integer ≥ 0` };
  const original = encoder.encode(text);
  const problem = checkScores(scores, original.length, config.k);
  if (problem !== null) return { ok: false, error: problem };
  const rangeProblem = editable === null ? null : checkRanges(editable, original.length);
  if (rangeProblem !== null) return { ok: false, error: rangeProblem };

  const docSeed = documentSeed(seed, docIndex);
  const n = scores.tokenIds.length;
  const K = scores.k;
  const counts = emptyCounts();
  counts.documents = 1;
  if (editable === null) counts.tokens = n;
  else
    for (let i = 0; i < n; i++)
      if (insideRanges(editable, scores.byteStart[i], scores.byteEnd[i])) counts.tokens++;
  const log: EditLogEntry[] = [];
  const out = new ByteBuilder();
  let cursor = 0; // original bytes before `cursor` are already in `out`
  let spliced = false;
  const changes: { byteStart: number; byteEnd: number; newLength: number }[] = [];

  for (let i = 0; i < n; i++) {
    const p = tokenProbability(scores, i, editable);
    if (Number.isNaN(p)) continue;
    counts.scored++;
    const action = decide(p, config);
    if (action === 'keep') continue;
    if (action === 'revise') counts.flagged++;
    else counts.dropFlagged++;

    const start = scores.byteStart[i];
    const end = scores.byteEnd[i];
    const id = scores.tokenIds[i];
    const entry: EditLogEntry = {
      position: i,
      byteStart: start,
      byteEnd: end,
      original: id,
      p,
      action,
      replacement: null,
      changed: false,
      candidates: [],
      weights: [],
      excluded: { special: [], original: false, utf8: [] },
    };
    log.push(entry);
    if (!equalBytes(original.subarray(start, end), vocab.bytes(id))) {
      entry.skipped = 'span-mismatch';
      counts.skipped++;
      continue;
    }
    // Bring `out` up to this token so the UTF-8 check sees the edited prefix.
    out.push(original.subarray(cursor, start));
    cursor = start;

    if (action === 'delete') {
      if (!spliceKeepsUtf8(out.bytes, out.length, new Uint8Array(0), original, end)) {
        entry.skipped = 'utf8';
        counts.skipped++;
        continue;
      }
      entry.changed = true;
      counts.deleted++;
      changes.push({ byteStart: start, byteEnd: end, newLength: 0 });
      cursor = end;
      spliced = true;
      continue;
    }

    const ids: number[] = [];
    const logps: number[] = [];
    for (let j = 0; j < config.k; j++) {
      const cid = scores.topIds[i * K + j];
      const lp = scores.topLogprobs[i * K + j];
      // Padding rows (vocabulary smaller than k) and probability-0 entries can never be drawn.
      if (cid < 0 || Number.isNaN(lp) || lp === -Infinity) continue;
      if (vocab.special(cid)) {
        entry.excluded.special.push(cid);
        continue;
      }
      if (config.forceChange && cid === id) {
        entry.excluded.original = true;
        continue;
      }
      if (cid !== id && !spliceKeepsUtf8(out.bytes, out.length, vocab.bytes(cid), original, end)) {
        entry.excluded.utf8.push(cid);
        continue;
      }
      ids.push(cid);
      logps.push(lp);
    }
    if (ids.length === 0) {
      entry.skipped = 'no-candidates';
      counts.skipped++;
      continue;
    }
    const draw = sample(config.sampler, logps, config.beta, config.topP, tokenRng(docSeed, i));
    entry.candidates = ids;
    entry.weights = Array.from(draw.weights);
    let keepChance = 0;
    for (let j = 0; j < ids.length; j++) if (ids[j] === id) keepChance += draw.weights[j];
    counts.expectedEdits += 1 - keepChance;
    const drawn = ids[draw.index];
    entry.replacement = drawn;
    if (drawn !== id) {
      entry.changed = true;
      counts.realisedEdits++;
      out.push(vocab.bytes(drawn));
      changes.push({ byteStart: start, byteEnd: end, newLength: vocab.bytes(drawn).length });
      cursor = end;
      spliced = true;
    }
  }

  const ranges = editable === null ? null : shiftRanges(editable, changes);
  if (!spliced)
    return { ok: true, text, bytes: original, bytesChanged: false, log, counts, editable: ranges };
  out.push(original.subarray(cursor));
  const bytes = out.bytes.slice(0, out.length);
  let edited: string;
  try {
    edited = decoder.decode(bytes);
  } catch {
    // Unreachable while the splice checks hold; reported rather than emitting U+FFFD silently.
    return { ok: false, error: 'internal error: the edited bytes are not valid UTF-8' };
  }
  return {
    ok: true,
    text: edited,
    bytes,
    bytesChanged: !equalBytes(bytes, original),
    log,
    counts,
    editable: ranges,
  };
}

export interface CorpusDocument {
  text: string;
  scores: DocumentScores;
}

export interface CorpusEdit {
  docIndex: number;
  result: DocumentEdit;
}

/**
 * Edits documents one at a time (streaming: nothing is held but the current one). Document j of the
 * iterable gets index firstIndex + j, so a corpus processed in slices gives the same output as in one go.
 */
export function* editCorpus(
  documents: Iterable<CorpusDocument>,
  config: ToEditConfig,
  seed: number,
  vocab: Vocabulary,
  firstIndex = 0,
): Generator<CorpusEdit> {
  let docIndex = firstIndex;
  for (const doc of documents) {
    yield { docIndex, result: editDocument(doc.text, doc.scores, config, seed, docIndex, vocab) };
    docIndex++;
  }
}

/** Corpus counts over results (failed documents contribute nothing but are counted by the caller). */
export function corpusCounts(results: Iterable<DocumentEdit>): EditCounts {
  let total = emptyCounts();
  for (const r of results) if (r.ok) total = mergeCounts(total, r.counts);
  return total;
}
