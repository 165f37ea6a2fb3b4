import type { DocumentScores, ScoringProvenance } from './scores';

/** The scores-export file: one self-describing JSON object, typed arrays as plain arrays. */
export interface ScoresExport {
  format: 'semisynth.scores';
  version: 1;
  semisynth: string;
  provenance: ScoringProvenance;
  documents: {
    index: number;
    source: string;
    line?: number;
    bosPrepended: boolean;
    tokens: {
      id: number;
      start: number;
      end: number;
      /** null where unscored (JSON has no NaN). */
      logprob: number | null;
      rank: number | null;
      entropy: number | null;
      top: [id: number, logprob: number][];
    }[];
  }[];
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function exportScores(
  semisynthVersion: string,
  provenance: ScoringProvenance,
  documents: { index: number; origin: { source: string; line?: number }; scores: DocumentScores }[],
): ScoresExport {
  return {
    format: 'semisynth.scores',
    version: 1,
    semisynth: semisynthVersion,
    provenance,
    documents: documents.map(({ index, origin, scores: s }) => ({
      index,
      source: origin.source,
      ...(origin.line === undefined ? {} : { line: origin.line }),
      bosPrepended: s.bosPrepended,
      tokens: Array.from(s.tokenIds, (id, t) => {
        const top: [number, number][] = [];
        for (let j = 0; j < s.k; j++) {
          const alt = s.topIds[t * s.k + j];
          if (alt >= 0 && Number.isFinite(s.topLogprobs[t * s.k + j]))
            top.push([alt, s.topLogprobs[t * s.k + j]]);
        }
        const scored = !Number.isNaN(s.logprob[t]);
        return {
          id,
          start: s.byteStart[t],
          end: s.byteEnd[t],
          logprob: finite(s.logprob[t]),
          rank: scored ? s.rank[t] : null,
          entropy: finite(s.entropy[t]),
          top,
        };
      }),
    })),
  };
}
