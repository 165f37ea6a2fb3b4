import type { Document } from '../lib/io/problem';
import type { DocumentScores } from '../lib/scoring/scores';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One document's scores as the `score` command writes them: parallel columns (see its --help). */
export function scoreColumns(
  doc: Pick<Document, 'index' | 'origin'>,
  s: DocumentScores,
): Record<string, unknown> {
  const scored = (t: number) => !Number.isNaN(s.logprob[t]);
  return {
    index: doc.index,
    source: doc.origin.source,
    ...(doc.origin.line === undefined ? {} : { line: doc.origin.line }),
    bos_prepended: s.bosPrepended,
    k: s.k,
    token_id: Array.from(s.tokenIds),
    byte_start: Array.from(s.byteStart),
    byte_end: Array.from(s.byteEnd),
    logprob: Array.from(s.logprob, finite),
    rank: Array.from(s.rank, (r, t) => (scored(t) ? r : null)),
    entropy: Array.from(s.entropy, finite),
    top_id: Array.from(s.topIds),
    top_logprob: Array.from(s.topLogprobs, finite),
  };
}
