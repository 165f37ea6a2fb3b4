/** What the Text page says when files it was given are too big for it and go to the corpus run instead. */
import { textMemory, type PageBudget } from '../../scoring/page-budget';
import { countOf, formatBytes } from './value-format';

export interface HandOver {
  /** The files' paths as picked (a folder's carry its name: "shards/part-1.jsonl"). */
  paths: readonly string[];
  /** Text bytes: the sizes of the files that bound their text, or the documents' text read so far. */
  textBytes: number;
  /** 'size': refused by the files' sizes, unread; 'read': reading stopped once the text passed the limit. */
  how: 'size' | 'read';
  /** Text the page held already. */
  heldTextBytes: number;
  budget: PageBudget;
}

export const CORPUS_RUN_TITLE = 'Edit a whole corpus to a file';

/** "shards/" for a folder's files, the name of one file, else "a.jsonl and 2 more files". */
export function selectionName(paths: readonly string[]): string {
  const folders = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '')));
  if (folders.size === 1 && !folders.has('')) return [...folders][0];
  if (paths.length === 1) return paths[0];
  return `${paths[0]} and ${countOf(paths.length - 1, 'more file')}`;
}

/** Why the files were not added, with the figures, and where they went: what the page shows. */
export function handOverProblem(h: HandOver): { source: string; message: string; hint: string } {
  const name = selectionName(h.paths);
  const files = h.paths.length > 1 ? `${countOf(h.paths.length, 'file')}, ` : '';
  const text =
    h.how === 'size'
      ? `about ${formatBytes(h.textBytes)} of text`
      : `more than ${formatBytes(h.textBytes)} of text when reading stopped`;
  const memory = textMemory(h.textBytes, h.budget);
  const about = h.how === 'size' ? 'about' : 'over';
  const held = h.heldTextBytes > 0 ? `, with ${formatBytes(h.heldTextBytes)} of text here already` : '';
  return {
    source: name,
    message:
      `${name} (${files}${text}) is more than this page holds in memory (${about} ` +
      `${formatBytes(memory.scores)} of scores at k = ${h.budget.k}; the page keeps up to ` +
      `${formatBytes(h.budget.limit)} of text and scores${held}): it was not added here.`,
    hint: `It is ready below in “${CORPUS_RUN_TITLE}”, which scores and edits it from disk.`,
  };
}

/** The problem as one line, as the corpus run shows it under its files. */
export function handOverNote(h: HandOver): string {
  const { message, hint } = handOverProblem(h);
  return `${message} ${hint}`;
}
