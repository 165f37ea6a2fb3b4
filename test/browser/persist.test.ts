/**
 * Nothing lost (issue 12): the Text page's session is kept in the origin's private storage. A reload in the
 * middle of scoring brings the corpus back and continues from the first document not on disk, ending with
 * the scores an uninterrupted run gives; a score file cut short is detected and its last batch scored again;
 * "clear everything" leaves OPFS and IndexedDB empty; a second tab of the same origin saves nothing over the
 * first's session and says so.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { downloadText, startApp, type App } from './harness';
import { addText } from './site';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { formatBytes } from '../../src/lib/present/text/value-format';

let app: App;
let scratch: string;
let corpus: string;
const DOCS = 1200;
const MODEL = 'semisynth-test/bigram';

beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-persist-'));
  corpus = path.join(scratch, 'persist-corpus.jsonl');
  writeFileSync(
    corpus,
    Array.from({ length: DOCS }, (_, i) =>
      JSON.stringify({ id: i, text: `${i}: ${CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length]}` }),
    ).join('\n'),
  );
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function corpusShown(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('score').textContent(), { timeout: 60_000 })
    .toContain(`${DOCS} documents`);
}

async function loadModel(page: Page): Promise<void> {
  await page.getByTestId('bundled-model').selectOption(MODEL);
  await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
  await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
}

/** The running score's progress: documents done and the run's total (NaN when no run shows). */
async function progress(page: Page): Promise<{ done: number; total: number }> {
  const text =
    (await page
      .getByTestId('scoring-progress')
      .textContent({ timeout: 1000 })
      .catch(() => '')) ?? '';
  const m = /(\d+) \/ (\d+) documents/.exec(text);
  return { done: Number(m?.[1]), total: Number(m?.[2]) };
}

/** The documents the Score button offers to score (NaN while a run shows or all are scored). */
async function unscored(page: Page): Promise<number> {
  const text = (await page.getByTestId('score').textContent()) ?? '';
  return Number(/Score ([\d,]+) documents?/.exec(text)?.[1]?.replace(/,/g, ''));
}

/** Waits until no run shows (the Score button is back) and returns the exported scores. */
async function finishedExport(page: Page): Promise<string> {
  await page.getByTestId('cancel-scoring').waitFor({ state: 'detached', timeout: 300_000 });
  return downloadText(page, 'export-scores');
}

/** What this origin stores: OPFS entries (paths) and IndexedDB databases. */
function storage(page: Page): Promise<{ opfs: string[]; databases: string[] }> {
  return page.evaluate(async () => {
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const opfs: string[] = [];
    const walk = async (dir: Dir, prefix: string) => {
      for await (const [name, handle] of dir.entries()) {
        opfs.push(prefix + name);
        if (handle.kind === 'directory') await walk(handle as Dir, `${prefix}${name}/`);
      }
    };
    await walk((await navigator.storage.getDirectory()) as Dir, '');
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
    return { opfs, databases };
  });
}

/** The values of one IndexedDB store of the app's database ([] where there is none), as JSON. */
function stored(page: Page, store: 'sessions' | 'corpora'): Promise<unknown[]> {
  return page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'semisynth')) return [];
    const open = indexedDB.open('semisynth');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const request = db.transaction(name).objectStore(name).getAll();
      const values = await new Promise<unknown[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      // Typed arrays do not survive JSON: their lengths are enough here.
      return JSON.parse(
        JSON.stringify(values, (_, v: unknown) => (ArrayBuffer.isView(v) ? 'typed' : v)),
      ) as unknown[];
    } finally {
      db.close();
    }
  }, store);
}

/** Bytes of the files under the one stored session's `scores` folder, summed. */
function scoreBytesOnDisk(page: Page): Promise<number> {
  return page.evaluate(async () => {
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const sum = async (dir: Dir): Promise<number> => {
      let bytes = 0;
      for await (const [, handle] of dir.entries())
        bytes +=
          handle.kind === 'directory'
            ? await sum(handle as Dir)
            : (await (handle as FileSystemFileHandle).getFile()).size;
      return bytes;
    };
    const sessions = (await (await navigator.storage.getDirectory()).getDirectoryHandle('sessions')) as Dir;
    const ids: string[] = [];
    for await (const [id] of sessions.entries()) ids.push(id);
    if (ids.length !== 1) throw new Error(`expected one stored session, found ${ids.length}`);
    return sum((await (await sessions.getDirectoryHandle(ids[0])).getDirectoryHandle('scores')) as Dir);
  });
}

/** What the storage panel says the one stored session takes, and what it should say. */
async function sessionSize(page: Page): Promise<{ shown: string; onDisk: string }> {
  return {
    shown: (await page.getByTestId('storage-session-size').textContent()) ?? '',
    onDisk: `documents ${formatBytes(statSync(corpus).size)} · scores ${formatBytes(await scoreBytesOnDisk(page))}`,
  };
}

/** Cuts `bytes` off the end of the one score file's last segment, as a write torn by a crash would leave it. */
function tearScoreFile(page: Page, bytes: number): Promise<{ path: string; size: number }> {
  return page.evaluate(async (cut) => {
    type Dir = FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
    const names = async (dir: Dir) => {
      const all: string[] = [];
      for await (const n of dir.keys()) all.push(n);
      return all.sort();
    };
    const sessions = (await (await navigator.storage.getDirectory()).getDirectoryHandle('sessions')) as Dir;
    const [id] = await names(sessions);
    const scores = (await (await sessions.getDirectoryHandle(id)).getDirectoryHandle('scores')) as Dir;
    const files = await names(scores);
    if (files.length !== 1) throw new Error(`expected one score file, found ${files.join(', ')}`);
    const segments = (await scores.getDirectoryHandle(files[0])) as Dir;
    const last = (await names(segments)).at(-1)!;
    const handle = await segments.getFileHandle(last);
    const size = (await handle.getFile()).size;
    const writable = await handle.createWritable({ keepExistingData: true });
    await writable.truncate(size - cut);
    await writable.close();
    return { path: `sessions/${id}/scores/${files[0]}/${last}`, size };
  }, bytes);
}

describe('a session kept on this machine', () => {
  let uninterrupted = '';

  it('scores the corpus in one go (the reference, in a context and storage of its own)', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByTestId('file-input').setInputFiles(corpus);
      await corpusShown(page);
      await loadModel(page);
      await page.getByTestId('score').click();
      uninterrupted = await finishedExport(page);
    } finally {
      await context.close();
    }
    expect(JSON.parse(uninterrupted).documents).toHaveLength(DOCS);
  });

  it('resumes scoring after a reload, a torn write is scored again, and clearing leaves nothing', async () => {
    const { page, context, requests } = await app.newPage();
    try {
      await expect(page.getByTestId('storage-private').textContent()).resolves.toMatch(
        /on this\s+machine only\. Nothing is uploaded/,
      );
      await page.getByTestId('storage-empty').waitFor();
      expect((await storage(page)).databases).not.toContain('semisynth');

      await page.getByTestId('file-input').setInputFiles(corpus);
      await corpusShown(page);
      await loadModel(page);
      await page.getByTestId('score').click();
      await expect.poll(async () => (await progress(page)).done, { timeout: 120_000 }).toBeGreaterThan(0);
      await page.getByTestId('pause-scoring').click();
      await page.getByTestId('resume-scoring').waitFor();
      const paused = await progress(page);
      expect(paused.done).toBeLessThan(DOCS);

      // The editor's seed goes into the URL and the stored session.
      await page.getByTestId('edit-seed').fill('7');
      await expect.poll(() => page.url()).toMatch(/#\/text\?seed=7$/);
      await expect
        .poll(
          async () => ((await stored(page, 'sessions'))[0] as { editor?: { seed?: number } })?.editor?.seed,
        )
        .toBe(7);

      // A fresh load of the bare address: everything comes back from storage.
      await page.goto(app.url);
      await corpusShown(page);
      const interrupted = page.getByTestId('storage-interrupted');
      await expect(interrupted.textContent()).resolves.toMatch(/stopped before the end/);
      const saved = Number(
        /([\d,]+) documents? scored are saved/.exec((await interrupted.textContent())!)?.[1],
      );
      expect(saved).toBeGreaterThanOrEqual(paused.done);
      expect(saved).toBeLessThan(DOCS);
      await expect.poll(() => page.url()).toMatch(/#\/text\?seed=7$/);

      await page.getByTestId('storage-resume').click();
      await expect.poll(async () => (await progress(page)).total, { timeout: 120_000 }).toBe(DOCS - saved);
      const resumed = await finishedExport(page);
      expect(resumed).toBe(uninterrupted);
      // The panel's sizes are the session's: its corpus file's copy, and its score files as they are now.
      await expect.poll(async () => (await sessionSize(page)).shown).toMatch(/scores [1-9]/);
      await expect
        .poll(async () => {
          const s = await sessionSize(page);
          return s.shown === s.onDisk;
        })
        .toBe(true);
      await expect(page.getByTestId('edit-seed').inputValue()).resolves.toBe('7');

      // Two generations of iterated editing, kept with the session.
      await page.getByTestId('generation-count').fill('2');
      await page.getByTestId('run-generations').click();
      const generationRows = page.getByTestId('generations-table').locator('tbody tr');
      await expect.poll(() => generationRows.count(), { timeout: 120_000 }).toBe(2);
      const generations = await generationRows.allTextContents();
      await page.getByTestId('run-generations').waitFor(); // the run has ended
      await expect
        .poll(async () => (await storage(page)).opfs.some((p) => p.endsWith('/generations.json')))
        .toBe(true);

      // A write cut short: the file's last batch fails its check and only its documents are scored again.
      const torn = await tearScoreFile(page, 10);
      expect((await storage(page)).opfs).toContain(torn.path);
      await page.reload();
      await corpusShown(page);
      await loadModel(page);
      await expect(page.getByTestId('storage-torn').textContent()).resolves.toMatch(/cut short/);
      await expect.poll(() => generationRows.allTextContents()).toEqual(generations);
      // What is left to score, read off the Score button once the saved scores are filed (a run of one
      // group can end before its progress is ever read).
      await expect.poll(() => unscored(page), { timeout: 120_000 }).toBeLessThan(DOCS);
      const rescored = await unscored(page);
      expect(rescored).toBeGreaterThan(0);
      expect(rescored).toBeLessThanOrEqual(32); // one group at most
      await page.getByTestId('score').click();
      expect(await finishedExport(page)).toBe(uninterrupted);
      // The score file cut back to its whole batches and the torn one written again: the panel says so.
      await expect
        .poll(async () => {
          const s = await sessionSize(page);
          return s.shown === s.onDisk;
        })
        .toBe(true);

      // Storage shows, and clearing everything leaves this origin's OPFS and IndexedDB empty.
      await expect(page.getByTestId('storage-usage').textContent()).resolves.toMatch(
        /^[\d.]+ [KMG]?i?B used of [\d.]+ [KMG]iB this browser\s+allows this site$/,
      );
      await page.getByTestId('storage-clear-all').click();
      await Promise.all([page.waitForEvent('load'), page.getByTestId('storage-clear-all-confirm').click()]);
      await page.getByTestId('storage-empty').waitFor();
      expect(await storage(page)).toEqual({ opfs: [], databases: [] });
      await expect(page.getByTestId('storage-session-size').count()).resolves.toBe(0);
      await page.getByTestId('storage-usage').waitFor();
      await expect(page.getByTestId('score').textContent()).resolves.toMatch(/Score documents/);

      expect(requests.every((r) => r.startsWith(app.url))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('a second tab says another tab holds the saved session, saves nothing over it, and takes over once it closes', async () => {
    const { page: first, context } = await app.newPage();
    try {
      await first.getByTestId('storage-empty').waitFor();
      await addText(first, 'The first tab keeps this text.');
      await expect
        .poll(async () => ((await stored(first, 'sessions'))[0] as { name?: string } | undefined)?.name)
        .toMatch(/^pasted text/);

      // The same origin in a second tab (one context: the same storage).
      const second = await context.newPage();
      await second.goto(app.url);
      await expect(second.getByTestId('other-tab').textContent()).resolves.toMatch(
        /Another tab of Semisynth holds the session saved on this device, so nothing you do in this tab is saved/,
      );
      await second.getByTestId('storage-elsewhere').waitFor();
      await expect(second.getByTestId('score').textContent()).resolves.toMatch(/Score documents/); // none restored
      await addText(second, 'The second tab’s text, which is not saved.');
      await expect.poll(() => unscored(second)).toBe(1);
      await expect(second.getByTestId('storage-session').count()).resolves.toBe(0);

      // The first tab goes on saving; the record holds only its own texts.
      await addText(first, 'And this one.');
      const texts = async () =>
        ((await stored(first, 'sessions')) as { sources: { text?: string }[] }[]).map((r) =>
          r.sources.map((source) => source.text),
        );
      await expect.poll(texts).toEqual([['The first tab keeps this text.', 'And this one.']]);
      await expect(first.getByTestId('other-tab').count()).resolves.toBe(0);

      // The first tab closes: the second offers to open the saved session, and then holds it.
      await first.close();
      await second.getByTestId('other-tab-gone').waitFor({ timeout: 30_000 });
      await Promise.all([second.waitForEvent('load'), second.getByTestId('other-tab-reload').click()]);
      // The reloaded tab shows the first tab's two texts, not its own.
      await expect.poll(() => unscored(second), { timeout: 30_000 }).toBe(2);
      await second.getByTestId('storage-session').waitFor();
      await expect(second.getByTestId('other-tab').count()).resolves.toBe(0);
      await expect(second.getByTestId('document-count').textContent()).resolves.toMatch(/^2 documents/);
      await expect(second.getByText('The second tab’s text').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it("keeps the Statistics page's finished corpora: a reload shows them again", async () => {
    const { page, context } = await app.newPage();
    try {
      const file = path.join(scratch, 'stats-corpus.jsonl');
      writeFileSync(
        file,
        CORPUS_DOCUMENTS.slice(0, 6)
          .map((text) => JSON.stringify({ text }))
          .join('\n'),
      );
      await page.getByTestId('nav-stats').click();
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(file);
      await page.getByTestId('stats-name').fill('kept');
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      const facts = await page.getByTestId('facts-0').textContent();
      expect(facts).toMatch(/^6 documents/);
      await expect
        .poll(async () => ((await stored(page, 'corpora'))[0] as unknown[] | undefined)?.length)
        .toBe(1);

      await page.reload();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('facts-0').textContent()).resolves.toBe(facts);
      await expect(page.getByTestId('corpus-name-0').inputValue()).resolves.toBe('kept');
      expect((await storage(page)).databases).toEqual(['semisynth']);
    } finally {
      await context.close();
    }
  });
});
