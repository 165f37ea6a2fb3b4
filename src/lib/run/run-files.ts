/**
 * Where corpus runs keep their files in the origin's private storage (OPFS): one folder, beside the
 * sessions, holding a score file per score key (kept, so a rerun after a reload resumes) and, where the
 * browser has no save picker, the outputs until they are downloaded.
 */
import type { RunOutput } from './corpus-run';

export const CORPUS_RUN_DIR = 'corpus-run';
/** The sub-folder of CORPUS_RUN_DIR for outputs without a save picker (kept until the next run of a kind). */
export const CORPUS_RUN_OUTPUTS = 'out';

/** The OPFS file name of an output when no save picker is there to name it. */
export function outputFileName(kind: RunOutput): string {
  switch (kind) {
    case 'jsonl':
      return 'edited.jsonl';
    case 'text':
      return 'edited.txt';
    case 'editLog':
      return 'edited.edit-log.jsonl';
    case 'parquet':
      return 'edited.parquet';
  }
}
