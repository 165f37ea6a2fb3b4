/**
 * The "done means", in Chromium: a folder of Parquet shards picked with the browser's folder
 * picker, a run started, the tab closed mid-scoring; a new tab offers the unfinished run and Resume
 * finishes it (the model loaded again by itself, the files reopened from their stored handles) to the bytes
 * of an uninterrupted run in a fresh profile. Nothing leaves the page.
 *
 * A test cannot answer the picker's dialog, so `showDirectoryPicker` hands back a folder the test wrote into
 * the origin's private file system: a real FileSystemDirectoryHandle, stored and reopened as a picked
 * folder's is. The save picker is removed, so the output is an OPFS file, downloaded.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { editSettings, runOutput } from './corpus-run-steps';
import { loadAndScore, scratchDir, startApp, type App } from './harness';

let app: App;
const scratch = scratchDir('corpus-run-resume');
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  scratch.remove();
});

const SHARDS = 4;
const PER_SHARD = 2_000;
const FOLDER = 'picked-shards';

/** Shard n of the corpus as Parquet (row groups of 1,000), base64 for the trip into the page. */
function shard(n: number): string {
  const ids = Array.from({ length: PER_SHARD }, (_, i) => n * PER_SHARD + i);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Float64Array.from(ids), type: 'DOUBLE' },
      {
        name: 'text',
        data: ids.map((i) => `${CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length]} (${i})`),
        type: 'STRING',
      },
    ],
    rowGroupSize: 1_000,
  });
  return Buffer.from(buffer).toString('base64');
}
const shards = Array.from({ length: SHARDS }, (_, n) => ({
  name: `part-${n + 1}.parquet`,
  base64: shard(n),
}));

/** A context whose folder picker gives the shards' folder and which has no save picker. */
async function contextWithShards(): Promise<{ page: Page; context: BrowserContext; requests: string[] }> {
  const opened = await app.newPage();
  await opened.context.addInitScript((folder: string) => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    (window as { showDirectoryPicker?: unknown }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  }, FOLDER);
  await opened.page.reload();
  await opened.page.evaluate(
    async ({ folder, files }) => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      for (const { name, base64 } of files) {
        const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
        await writable.write(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
        await writable.close();
      }
    },
    { folder: FOLDER, files: shards },
  );
  return opened;
}

/** The model loaded (by scoring a short note) and the editor set: what a run takes from the page. */
async function ready(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(scratch.file('note.txt', CORPUS_DOCUMENTS[0]));
  await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
  await editSettings(page);
}

async function chooseFolder(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Choose a folder…' }).click();
  await expect
    .poll(() => page.getByTestId('corpus-run-chosen').textContent())
    .toMatch(new RegExp(`^${FOLDER}/ \\(${SHARDS} files, `));
}

const count = (text: string) => Number(text.replace(/,/g, ''));

describe('a corpus run outlives its tab', () => {
  it('finishes a folder of Parquet shards after the tab was closed mid-scoring, to an uninterrupted run’s bytes', async () => {
    const { page, context, requests } = await contextWithShards();
    let resumed: { bytes: Buffer; done: string };
    try {
      await ready(page);
      await chooseFolder(page);
      await page.getByTestId('corpus-run-start').click();
      await page
        .getByTestId('corpus-run-progress')
        .filter({ hasText: /[1-9][\d,]* scored now/ })
        .waitFor({ timeout: 120_000 });
      await page.close(); // the tab closed mid-scoring

      const again = await context.newPage();
      // Opened from a link with other settings (seed 8, no forced change): the run keeps its own.
      await again.goto(`${app.url}#/text?seed=8&force=0`);
      const unfinished = again.getByTestId('corpus-run-unfinished');
      await expect.poll(() => unfinished.textContent()).toMatch(`${FOLDER}/ (${SHARDS} files`);
      await expect(unfinished.textContent()).resolves.toMatch(
        /output Edited records \(JSONL\), scored with Bigram \(test model\) \(k = 8\), seed 7\./,
      );
      // Nothing else to do: Resume loads the model again, reopens the folder and runs the rest.
      resumed = await runOutput(again, () => again.getByTestId('corpus-run-resume').click());
      const [, now, before] = /([\d,]+) documents? scored now, ([\d,]+) already scored/.exec(resumed.done)!;
      expect(count(now)).toBeGreaterThan(0);
      expect(count(before)).toBeGreaterThan(0);
      expect(count(now) + count(before)).toBe(SHARDS * PER_SHARD);
      // The run is over: the panel offers it no more, and its plan is gone, so a reopened page offers nothing.
      await expect(again.getByTestId('corpus-run-unfinished').count()).resolves.toBe(0);
      const databases = await again.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      expect(databases).not.toContain('semisynth-corpus-run');
      expect(requests.filter((r) => !r.startsWith(app.url) && !r.startsWith('blob:'))).toEqual([]);
    } finally {
      await context.close();
    }

    const fresh = await contextWithShards(); // a new profile: no scores, no plan
    try {
      await ready(fresh.page);
      await chooseFolder(fresh.page);
      const whole = await runOutput(fresh.page, () => fresh.page.getByTestId('corpus-run-start').click());
      expect(whole.done).toMatch(
        `${(SHARDS * PER_SHARD).toLocaleString('en')} documents scored now, 0 already scored`,
      );
      const lines = whole.bytes.toString('utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(SHARDS * PER_SHARD);
      expect(JSON.parse(lines[PER_SHARD])).toMatchObject({ id: PER_SHARD }); // shard 2 follows shard 1
      expect(resumed.bytes.equals(whole.bytes)).toBe(true);
    } finally {
      await fresh.context.close();
    }
  }, 900_000);
});
