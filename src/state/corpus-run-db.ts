/**
 * The corpus run's plan while it runs (src/lib/run/run-plan.ts), in an IndexedDB database of its own:
 * IndexedDB, not OPFS, because the plan holds the picked files' FileSystemHandles, which only structured
 * clone keeps; a database of its own because the sessions' database goes when its last session is cleared,
 * and a run is not a session. Created by the first run, removed with "clear everything".
 */
import { deleteDB, openDB } from 'idb';
import type { CorpusRunPlan } from '../lib/run/run-plan';

export const CORPUS_RUN_DATABASE = 'semisynth-corpus-run';
const STORE = 'plan';
const KEY = 'current';

export type BrowserPlan = CorpusRunPlan<FileSystemHandle>;

/** Only where the database exists already: an unused page stores nothing. */
async function open(create: boolean) {
  if (!globalThis.indexedDB) return null;
  if (!create && !(await indexedDB.databases()).some((d) => d.name === CORPUS_RUN_DATABASE)) return null;
  return openDB(CORPUS_RUN_DATABASE, 1, { upgrade: (db) => void db.createObjectStore(STORE) });
}

export async function readPlan(): Promise<BrowserPlan | null> {
  const db = await open(false);
  if (!db) return null;
  try {
    return ((await db.get(STORE, KEY)) as BrowserPlan | undefined) ?? null;
  } finally {
    db.close();
  }
}

export async function writePlan(plan: BrowserPlan): Promise<void> {
  const db = (await open(true))!;
  try {
    await db.put(STORE, plan, KEY);
  } finally {
    db.close();
  }
}

/** Forgets the plan (the run finished, or the user let it go); the scores stay in the run's score file. */
export async function forgetPlan(): Promise<void> {
  const db = await open(false);
  if (!db) return;
  db.close();
  await deleteDB(CORPUS_RUN_DATABASE);
}
