/**
 * Files too big for the Text page's memory go to "Edit a whole corpus to a file" instead, in Chromium. The
 * page's limit is lowered through the instrumented build's hook (App.svelte reads
 * `__semisynthPageMemoryLimit`), so a corpus of kilobytes stands for one of hundreds of megabytes.
 * The save picker is removed, so runs end in a download (as in corpus-run.test.ts).
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { loadAndScore, scratchDir, startApp, type App } from './harness';
import { runOutput } from './corpus-run-steps';

/**
 * 64 KiB of text and scores: at k = 8 the page holds between 728 text bytes (one byte a token) and about
 * 3,300 (five), so the note (about 230 bytes) is added and the corpus (about 46 KB of text) is not.
 */
const LIMIT = 64 * 1024;

let app: App;
const scratch = scratchDir('corpus-hand-over');
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  scratch.remove();
});

const jsonl = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `d${i}`, text: `${CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length]} (${i})` }),
  ).join('\n') + '\n';

async function pageWithLowLimit(): Promise<{ page: Page; context: BrowserContext }> {
  const opened = await app.newPage();
  await opened.context.addInitScript((limit) => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    (window as { __semisynthPageMemoryLimit?: number }).__semisynthPageMemoryLimit = limit;
    // Every OPFS file the page opens for writing, so a copy made and deleted again is seen too.
    const written: string[] = [];
    (window as { __written?: string[] }).__written = written;
    const createWritable = FileSystemFileHandle.prototype.createWritable;
    FileSystemFileHandle.prototype.createWritable = function (this: FileSystemFileHandle, ...args) {
      written.push(this.name);
      return createWritable.apply(this, args);
    };
  }, LIMIT);
  await opened.page.reload();
  return opened;
}

/** Starts the corpus run on the files it has and reads the download; a run that stops fails the test. */
async function runToText(page: Page): Promise<string> {
  const { bytes } = await runOutput(page, () => page.getByTestId('corpus-run-start').click());
  return bytes.toString('utf8');
}

/** The files of sources the page ever wrote to OPFS (named by a random UUID). */
async function copiesWritten(page: Page): Promise<string[]> {
  const written = await page.evaluate(() => (window as { __written?: string[] }).__written ?? []);
  return written.filter((name) => /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/.test(name));
}

/** Files the session holds copied into OPFS (one per file source). */
function sourceCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const found: string[] = [];
    const walk = async (dir: Dir, prefix: string) => {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') await walk(handle as Dir, `${prefix}${name}/`);
        else if (prefix.endsWith('/sources/')) found.push(prefix + name);
      }
    };
    await walk((await navigator.storage.getDirectory()) as Dir, '');
    return found;
  });
}

/** The note alone: one source, and no document list (it shows from two documents on). */
async function oneDocument(page: Page): Promise<boolean> {
  const sources = await page.getByRole('button', { name: /^Remove / }).count();
  return sources === 1 && (await page.getByTestId('document-count').count()) === 0;
}

/** Whether the element is (at least partly) inside the window. */
const inView = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  });

describe('files too big for the Text page', () => {
  it('are not added, are handed to the corpus run with a note, and run there as if picked there', async () => {
    const { page, context } = await pageWithLowLimit();
    try {
      // A file under the limit loads as before.
      await page.getByTestId('file-input').setInputFiles(scratch.file('note.txt', CORPUS_DOCUMENTS[0]));
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await page.getByTestId('edit-force').check();
      await page.getByTestId('edit-seed').fill('7');
      await page.getByTestId('edit-seed').press('Tab');
      await expect.poll(() => sourceCopies(page)).toHaveLength(1);
      const copies = await sourceCopies(page);
      expect(copies.map((c) => c.slice(c.lastIndexOf('/') + 1))).toEqual(await copiesWritten(page));
      const written = await copiesWritten(page);
      const docStats = await page.getByTestId('doc-stats').textContent();

      // Uncompressed: refused by its size, unread.
      const big = scratch.file('big.jsonl', jsonl(200));
      await page.getByTestId('file-input').setInputFiles(big);
      const note = page.getByTestId('corpus-run-files-note');
      await note.waitFor();
      const handed = (await note.textContent()) ?? '';
      expect(handed).toMatch(
        /^big\.jsonl \(about [\d.]+ KiB of text\) is more than this page holds in memory \(about [\d.]+ [KM]iB of scores at k = 8; the page keeps up to 64 KiB of text and scores, with 2\d\d B of text here already\): it was not added here\. It is ready below in “Edit a whole corpus to a file”, which scores and edits it from disk\.$/,
      );
      await expect(page.getByTestId('problems').textContent()).resolves.toContain('big.jsonl (about');
      await expect(page.getByTestId('corpus-run-start').isEnabled()).resolves.toBe(true);
      await expect(inView(page, 'corpus-run')).resolves.toBe(true);
      // Nothing of it in the session, nothing lost, nothing copied.
      await expect(oneDocument(page)).resolves.toBe(true);
      await expect(page.getByTestId('doc-stats').textContent()).resolves.toBe(docStats);
      expect(await sourceCopies(page)).toEqual(copies);
      expect(await copiesWritten(page)).toEqual(written);

      const handedRun = await runToText(page);
      expect(handedRun.trimEnd().split('\n')).toHaveLength(200);
      expect(handedRun).toContain('"semisynth_edited_text"');
      // The same file picked in the panel itself: the same bytes.
      await page.getByTestId('corpus-run-files').setInputFiles(big);
      await expect(note.count()).resolves.toBe(0);
      expect(await runToText(page)).toBe(handedRun);

      // Compressed: read until its text passes the limit, then stopped and dropped whole.
      const packed = scratch.file('big.jsonl.gz', gzipSync(jsonl(200)));
      await page.getByTestId('file-input').setInputFiles(packed);
      await note.waitFor();
      expect(await note.textContent()).toMatch(
        /^big\.jsonl\.gz \(more than [\d.]+ KiB of text when reading stopped\) is more than this page holds in memory \(over [\d.]+ [KM]iB of scores at k = 8;/,
      );
      await expect(page.getByTestId('source-reading').count()).resolves.toBe(0);
      await expect(oneDocument(page)).resolves.toBe(true);
      expect(await sourceCopies(page)).toEqual(copies);
      expect(await copiesWritten(page)).toEqual(written);
      // The same records: the same output (their scores are in the run's file already).
      expect(await runToText(page)).toBe(handedRun);
    } finally {
      await context.close();
    }
  }, 600_000);
});
