/**
 * Where corpus runs keep their files in the origin's private storage (OPFS): one folder, beside the
 * sessions, holding a score file per score key (kept, so a rerun after a reload resumes) and, where the
 * browser has no save picker, the outputs until they are downloaded.
 */
import type { RunOutput } from './corpus-run';

export const CORPUS_RUN_DIR = 'corpus-run';

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
