/**
 * Files on the Text page are read in the input worker: documents from several files in order, a column
 * switch reads the file again (and the scores of the first column come back with it), removing a file
 * renumbers the rest, and a file with one bad record keeps the good ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndScore, scratchDir, startApp, type App } from './harness';

let app: App;
const inputs = scratchDir('text-input');
const file = inputs.file;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  inputs.remove();
});

describe('files on the Text page', () => {
  it('reads files in order, switches a column by reading again, and keeps scores per column', async () => {
    const { page, context } = await app.newPage();
    try {
      const csv = file(
        'notes.csv',
        'id,text,summary\n1,"The heron came back, again.",heron\n2,The river rose in the night.,river\n3,"A line ""quoted"" here",quote\n',
      );
      const jsonl = file('pages.jsonl', '{"text": "first more"}\n{"text": oops}\n{"text": "second more"}\n');
      // Picked in any order, read in natural order of their names.
      await page.getByTestId('file-input').setInputFiles([jsonl, csv]);
      const count = page.getByTestId('document-count');
      await expect.poll(() => count.textContent()).toBe('5 documents');
      const list = page.getByRole('navigation', { name: 'Documents' });
      const rows = async () => (await list.getByRole('button').allTextContents()).map((t) => t.trim());
      await expect(rows()).resolves.toEqual([
        'notes.csv:2 The heron came back, again.',
        'notes.csv:3 The river rose in the night.',
        'notes.csv:4 A line "quoted" here',
        'pages.jsonl:1 first more',
        'pages.jsonl:3 second more',
      ]);
      await expect(page.getByTestId('problems').textContent()).resolves.toMatch(
        /pages\.jsonl\s*line 2(, column \d+)?: not valid JSON/,
      );

      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect(page.getByTestId('score').textContent()).resolves.toMatch(/Score documents/);

      // Another column: the file is read again in the worker; the new texts are not scored yet.
      await page.getByTestId('field-select').first().selectOption('summary');
      await expect.poll(async () => (await rows())[0]).toBe('notes.csv:2 heron');
      await expect(page.getByTestId('score').textContent()).resolves.toBe('Score 3 documents');
      // Back to the first column: its scores are still there.
      await page.getByTestId('field-select').first().selectOption('text');
      await expect
        .poll(async () => (await rows())[0])
        .toMatch(/^notes\.csv:2 The heron came back, again\. PPL [\d.]+$/);
      await expect(page.getByTestId('score').textContent()).resolves.toBe('Score documents');

      // Removing the CSV leaves the JSON Lines documents, numbered from the start.
      await page.getByRole('button', { name: 'Remove notes.csv' }).click();
      await expect(list.count()).resolves.toBe(1);
      await expect(count.textContent()).resolves.toBe('2 documents');
    } finally {
      await context.close();
    }
  });
});
