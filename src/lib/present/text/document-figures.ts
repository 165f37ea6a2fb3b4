/**
 * The figures in a scored document's header: its token count and perplexity. For an instruction record they
 * count only the response tokens (those the editor may flag, wholly inside an editable range), so the header
 * agrees with the editor; the prompt and the template's headings are scored only to condition the response.
 */
import { scoredLogprobs } from '../../scoring/scored-logprobs';
import type { DocumentScores } from '../../scoring/scores';
import { insideRanges, type ByteRange } from '../../toedit/editable-ranges';

export interface DocumentFigures {
  tokens: number;
  /** exp(−mean log p) over the counted tokens that are scored; NaN when none is. */
  perplexity: number;
  /** The figures count only response tokens. */
  responseOnly: boolean;
}

/** `editable`: an instruction record's response ranges, or null for a plain document (every token counts). */
export function documentFigures(
  scores: Pick<DocumentScores, 'logprob' | 'byteStart' | 'byteEnd'>,
  editable: readonly ByteRange[] | null,
): DocumentFigures {
  const keep =
    editable === null
      ? undefined
      : (t: number) => insideRanges(editable, scores.byteStart[t], scores.byteEnd[t]);
  let tokens = scores.logprob.length;
  if (keep) {
    tokens = 0;
    for (let t = 0; t < scores.logprob.length; t++) if (keep(t)) tokens++;
  }
  const { sum, count } = scoredLogprobs(scores, keep);
  return { tokens, perplexity: count === 0 ? NaN : Math.exp(-sum / count), responseOnly: editable !== null };
}

/** The header's words: "12 response tokens · perplexity 3.41 (responses only)" or "40 tokens · perplexity 2.10". */
export function figuresLine(f: DocumentFigures): string {
  const ppl = perplexityText(f, 2);
  return f.responseOnly
    ? `${f.tokens} response token${f.tokens === 1 ? '' : 's'} · perplexity ${ppl} (responses only)`
    : `${f.tokens} tokens · perplexity ${ppl}`;
}

/** The perplexity with `digits` decimals, or '—' when no counted token is scored. */
export function perplexityText(f: DocumentFigures, digits: number): string {
  return Number.isNaN(f.perplexity) ? '—' : f.perplexity.toFixed(digits);
}
