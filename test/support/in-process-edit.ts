/**
 * The page's export in this process: each document scored on its own with a Node prior, edited with the
 * engine and written with the page's line writers. The reference the command line and the corpus run are
 * held to.
 */
import type { Document } from '../../src/lib/io/problem';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';
import type { TransformersPrior } from '../../src/lib/scoring/transformers/transformers-prior';
import { editDocument, type ToEditConfig } from '../../src/lib/toedit';
import { editedLine, editLogLine, plainText } from '../../src/lib/toedit/edit-export';

/** A JSON Lines source's records, then a text file's one document, numbered as the page numbers them. */
export function recordsThenText(
  records: readonly (Record<string, unknown> & { text: string })[],
  recordsSource: string,
  text: string,
  textSource: string,
): Document[] {
  return [
    ...records.map((record, i) => ({
      index: i,
      text: record.text,
      origin: { source: recordsSource, line: i + 1 },
      record,
    })),
    { index: records.length, text, origin: { source: textSource } },
  ];
}

export async function editInProcess(
  prior: TransformersPrior,
  docs: readonly Document[],
  config: ToEditConfig,
  seed: number,
): Promise<{ jsonl: string; log: string; text: string; realisedEdits: number }> {
  const vocabulary = vocabularyOf(prior.vocabularyBytes());
  let jsonl = '';
  let log = '';
  let realisedEdits = 0;
  const edited: string[] = [];
  for (const doc of docs) {
    const edit = editDocument(
      doc.text,
      await prior.score(doc.text, { k: 8 }),
      config,
      seed,
      doc.index,
      vocabulary,
    );
    jsonl += editedLine(doc, edit);
    log += editLogLine(doc, edit);
    if (edit.ok) {
      edited.push(edit.text);
      realisedEdits += edit.counts.realisedEdits;
    }
  }
  return { jsonl, log, text: plainText(edited), realisedEdits };
}
