import type { CorpusReport } from '../../stats/report/corpus-report-types';

/** A finished corpus as the views see it: the user's name, its colour slot, and the engine's report. */
export interface ViewCorpus {
  name: string;
  /** Colour and dash slot (0, 1, 2), stable while the corpus is loaded. */
  slot: number;
  report: CorpusReport;
}
