/**
 * "Edit the whole corpus to a file" in Chromium: the streamed output against the page's in-memory export
 * (and its Parquet output against its JSON Lines),
 * a run cut by a reload resumed (its files picked again, and checked) to the bytes of an uninterrupted run,
 * and no request leaving the page.
 * The browser's save picker is removed, so the run takes its other path (an OPFS file, then a download):
 * a test cannot answer the picker's dialog.
 */
import { gzipSync } from 'node:zlib';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { formatBytes } from '../../src/lib/present/text/value-format';
import { editSettings, runOutput } from './corpus-run-steps';
import { downloadText, loadAndScore, scratchDir, startApp, type App } from './harness';

let app: App;
const scratch = scratchDir('corpus-run');
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  scratch.remove();
});

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    meta: { n: i },
    text: `${CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length]} (${i})`,
  }));
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A page without the save picker, so outputs go to OPFS and are downloaded. */
async function pageWithoutPicker(): Promise<{ page: Page; context: BrowserContext; requests: string[] }> {
  const opened = await app.newPage();
  await opened.context.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  await opened.page.reload();
  return opened;
}

/** Scores a short note with the bigram model, so the model is ready and the editor's settings show. */
async function loadModel(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(scratch.file('note.txt', CORPUS_DOCUMENTS[0]));
  await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
}

/** After a reload the stored session comes back with the note's scores: only the model is loaded again. */
async function reloadModel(page: Page): Promise<void> {
  await page.getByTestId('bundled-model').selectOption('semisynth-test/bigram');
  await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
  await page.getByTestId('device-select').selectOption('wasm');
  await page.getByTestId('load-model').click();
  await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
  await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });
}

/** Runs the files to a download and reads it; a run that stops instead fails with what the page says. */
async function runToFile(page: Page, files: string[]): Promise<string> {
  return (await runToBytes(page, files)).toString('utf8');
}

async function runToBytes(page: Page, files: string[]): Promise<Buffer> {
  await page.getByTestId('corpus-run-files').setInputFiles(files);
  return runBytes(page, () => page.getByTestId('corpus-run-start').click());
}

/** Runs to the end that `start` begins (Start or Resume) and reads the download. */
async function runToEnd(page: Page, start: () => Promise<void>): Promise<string> {
  return (await runBytes(page, start)).toString('utf8');
}

async function runBytes(page: Page, start: () => Promise<void>): Promise<Buffer> {
  return (await runOutput(page, start)).bytes;
}

describe('edit the whole corpus to a file', () => {
  it('writes the in-memory export’s bytes, Parquet of the same records, and nothing leaves the page', async () => {
    const { page, context, requests } = await pageWithoutPicker();
    try {
      const file = scratch.file('corpus.jsonl', jsonl(records(40)));
      await page.getByTestId('file-input').setInputFiles(file);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await editSettings(page);
      await page.getByTestId('edit-realised').waitFor();
      const inMemory = await downloadText(page, 'export-edited');
      expect(inMemory).toContain('"semisynth_edited_text"');

      const streamed = await runToFile(page, [file]);
      expect(streamed).toBe(inMemory);
      await expect(page.getByTestId('corpus-run-done').textContent()).resolves.toMatch(/40 documents/);

      // The Parquet output (the scores are in the run's file now: nothing is scored again) reads back,
      // row by row and field by field in order, to the JSON Lines records, with the run's recipe.
      await page.getByTestId('corpus-run-kind').selectOption('parquet');
      const bytes = await runToBytes(page, [file]);
      const table = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const rows = await parquetReadObjects({ file: table });
      const lines = streamed
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(rows).toEqual(lines);
      expect(rows.map((r) => Object.keys(r))).toEqual(lines.map((r) => Object.keys(r)));
      const recipe = parquetMetadata(table).key_value_metadata?.find((kv) => kv.key === 'semisynth.recipe');
      expect(JSON.parse(recipe?.value ?? 'null')).toMatchObject({ seed: 7, config: { forceChange: true } });
      // The storage panel counts what the runs keep, as OPFS holds it, and clears it on request.
      const kept = page.getByTestId('storage-corpus-runs');
      const onDisk = await page.evaluate(async () => {
        type Dir = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };
        const bytes = async (dir: Dir): Promise<number> => {
          let n = 0;
          for await (const h of dir.values())
            n +=
              h.kind === 'file' ? (await (h as FileSystemFileHandle).getFile()).size : await bytes(h as Dir);
          return n;
        };
        const runs = (await (await navigator.storage.getDirectory()).getDirectoryHandle('corpus-run')) as Dir;
        const out = (await runs.getDirectoryHandle('out')) as Dir;
        return { outputs: await bytes(out), scores: (await bytes(runs)) - (await bytes(out)) };
      });
      expect(onDisk.scores).toBeGreaterThan(0);
      expect(onDisk.outputs).toBe(bytes.length + Buffer.byteLength(streamed)); // the JSONL, then the Parquet
      await expect
        .poll(() => kept.innerText())
        .toMatch(
          `scores ${formatBytes(onDisk.scores)} (kept so a run resumes, or runs again without scoring) · last outputs ${formatBytes(onDisk.outputs)}`,
        );
      await page.getByTestId('storage-clear-runs').click();
      await page.getByTestId('storage-clear-runs-confirm').click();
      await kept.waitFor({ state: 'detached' });
      const left = await page.evaluate(async () => {
        const names: string[] = [];
        for await (const name of (
          (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> }
        ).keys())
          names.push(name);
        return names;
      });
      expect(left).not.toContain('corpus-run');
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.filter((r) => !r.startsWith(app.url) && !r.startsWith('blob:'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('resumes a run cut by a reload and writes what an uninterrupted run writes', async () => {
    // Large enough that scoring is still under way when the page reloads.
    const file = scratch.file('big.jsonl.gz', gzipSync(jsonl(records(20_000))));
    const { page, context } = await pageWithoutPicker();
    let resumed: string;
    try {
      await loadModel(page);
      await editSettings(page);
      await page.getByTestId('corpus-run-files').setInputFiles([file]);
      await page.getByTestId('corpus-run-start').click();
      // The first scored group is in the score file: the reload cuts the run there.
      await page
        .getByTestId('corpus-run-progress')
        .filter({ hasText: /[1-9][\d,]* scored now/ })
        .waitFor({ timeout: 120_000 });
      await page.reload();
      await reloadModel(page);
      // The unfinished run is offered; files from an <input> cannot be reopened, so they are picked again.
      await page.getByTestId('corpus-run-unfinished').waitFor();
      const problem = page.getByTestId('corpus-run-problem');
      await page.getByTestId('corpus-run-resume').click();
      await expect
        .poll(() => problem.textContent())
        .toMatch(/^Choose the run’s files again to resume it: big\.jsonl\.gz \(1 file, /);
      await page
        .getByTestId('corpus-run-files')
        .setInputFiles(scratch.file('other.jsonl', jsonl(records(3))));
      await page.getByTestId('corpus-run-resume').click();
      await expect
        .poll(() => problem.textContent())
        .toBe('These are not the run’s files: big.jsonl.gz is missing: the run started with 1 file.');
      await page.getByTestId('corpus-run-files').setInputFiles([file]);
      resumed = await runToEnd(page, () => page.getByTestId('corpus-run-resume').click());
      // Some documents were scored before the reload and not again; the rest were scored now.
      const done = (await page.getByTestId('corpus-run-done').textContent()) ?? '';
      const [, now, before] = /([\d,]+) documents? scored now, ([\d,]+) already scored/.exec(done)!;
      expect(Number(now.replace(/,/g, ''))).toBeGreaterThan(0);
      expect(Number(before.replace(/,/g, ''))).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
    const fresh = await pageWithoutPicker(); // a new context: empty storage
    try {
      await loadModel(fresh.page);
      await editSettings(fresh.page);
      const whole = await runToFile(fresh.page, [file]);
      expect(whole.split('\n')).toHaveLength(20_001);
      expect(resumed).toBe(whole);
    } finally {
      await fresh.context.close();
    }
  }, 600_000);
});
