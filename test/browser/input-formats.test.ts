/**
 * The inputs researchers have, in Chromium, on both pages: Parquet (a chat column, row groups), gzip, zstd
 * and zip files, and a folder of shards read as one corpus in natural order; a truncated gzip and a Parquet
 * file with a corrupt footer each get their own message while the rest loads. Every fixture is written by
 * the test itself (test/support/input-fixtures.ts); the page's guard fails a test on any page error.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzip, parquet, zip, zstd } from '../support/input-fixtures';
import { scratchDir, startApp, type App } from './harness';

let app: App;
const inputs = scratchDir('input-formats');
const file = inputs.file;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
  inputs.remove();
});

const CHAT = [
  {
    id: 1,
    text: 'Row one.',
    messages: [
      { role: 'user', content: 'Hi.' },
      { role: 'assistant', content: 'Hello.' },
    ],
  },
  { id: 2, text: 'Row two.', messages: [{ role: 'user', content: 'Two?' }] },
  { id: 3, text: 'Row three.', messages: [{ role: 'user', content: 'Three.' }] },
];

describe('input formats on the Text page', () => {
  it('reads Parquet, .gz, .zst and .zip in natural order, with a chat column, and names the broken files', async () => {
    const { page, context } = await app.newPage();
    try {
      const good = parquet(CHAT, 2);
      const picked = [
        file('train-10.parquet', good),
        file('train-2.jsonl.gz', gzip('{"text": "gzip one"}\n{"text": "gzip two"}\n')),
        file('train-3.txt.zst', zstd('A zstd text document.')),
        file('train-1.zip', zip({ 'b.jsonl': '{"text": "zip b"}\n', 'a.txt': 'Zip a.', 'notes.docx': 'x' })),
        file('broken-1.jsonl.gz', gzip('{"text": "never seen"}\n'.repeat(50)).subarray(0, 30)),
        file('broken-2.parquet', good.slice(0, good.length - 6)),
      ];
      await page.getByTestId('file-input').setInputFiles(picked);
      const count = page.getByTestId('document-count');
      await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('8 documents');
      const list = page.getByRole('navigation', { name: 'Documents' });
      // A row shows its text on one line; a document's line breaks as spaces.
      const rows = async () =>
        (await list.getByRole('button').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      await expect(rows()).resolves.toEqual([
        'train-1.zip/a.txt Zip a.',
        'train-1.zip/b.jsonl:1 zip b',
        'train-2.jsonl.gz:1 gzip one',
        'train-2.jsonl.gz:2 gzip two',
        'train-3.txt.zst A zstd text document.',
        'train-10.parquet:1 Row one.',
        'train-10.parquet:2 Row two.',
        'train-10.parquet:3 Row three.',
      ]);
      const problems = (await page.getByTestId('problems').textContent()) ?? '';
      expect(problems).toMatch(
        /broken-1\.jsonl\.gz is truncated: the gzip stream ends before its end marker/,
      );
      expect(problems).toMatch(/broken-2\.parquet has no valid Parquet footer/);
      expect(problems).toMatch(/train-1\.zip\/notes\.docx is a \.docx file, which this app does not read/);

      // The chat column: each row one document, its turns a blank line apart.
      const parquetSource = page.getByTestId('field-select').last();
      await expect(parquetSource.locator('option').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringMatching(/^messages\[\]\.content/)]),
      );
      await parquetSource.selectOption('messages[].content');
      await expect
        .poll(async () => (await rows()).slice(5))
        .toEqual(['train-10.parquet:1 Hi. Hello.', 'train-10.parquet:2 Two?', 'train-10.parquet:3 Three.']);
    } finally {
      await context.close();
    }
  });

  it('reads a folder of shards as one corpus in natural order, passing over its notes', async () => {
    const { page, context } = await app.newPage();
    try {
      const folder = path.join(inputs.dir, 'shards');
      mkdirSync(folder);
      file('shards/part-10.jsonl.zst', zstd('{"text": "ten"}\n'));
      file('shards/part-9.parquet', parquet([{ id: 9, text: 'nine' }]));
      file('shards/part-1.jsonl', '{"text": "one"}\n');
      file('shards/.gitattributes', '*.parquet filter=lfs');
      file('shards/README.md', '# A dataset card');
      await page.getByTestId('text-folder-input').setInputFiles(folder);
      const count = page.getByTestId('document-count');
      await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('3 documents');
      const list = page.getByRole('navigation', { name: 'Documents' });
      const rows = async () => (await list.getByRole('button').allTextContents()).map((t) => t.trim());
      await expect(rows()).resolves.toEqual([
        'shards/part-1.jsonl:1 one',
        'shards/part-9.parquet:1 nine',
        'shards/part-10.jsonl.zst:1 ten',
      ]);
      // The card is named and skipped; the hidden file is not listed at all.
      await expect(page.getByTestId('problems').textContent()).resolves.toMatch(
        /shards\/README\.md is a \.md file, which this app does not read; it was skipped/,
      );
      const names = await page.locator('.source .name').allTextContents();
      expect(names).toEqual([
        'shards/part-1.jsonl',
        'shards/part-9.parquet',
        'shards/part-10.jsonl.zst',
        'shards/README.md',
      ]);
    } finally {
      await context.close();
    }
  });
});

describe('input formats on the Statistics page', () => {
  it('analyses a folder of Parquet and compressed shards as one corpus, naming a broken shard', async () => {
    const { page, context } = await app.newPage();
    try {
      const folder = path.join(inputs.dir, 'stats-shards');
      mkdirSync(folder);
      const rows = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({ id: from + i, text: `Document ${from + i} of the shards.` }));
      file('stats-shards/part-1.parquet', parquet(rows(0, 7), 3));
      file(
        'stats-shards/part-2.jsonl.gz',
        gzip(
          rows(7, 5)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        ),
      );
      file(
        'stats-shards/part-3.jsonl.zst',
        zstd(
          rows(12, 4)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        ),
      );
      const cut = gzip(
        rows(100, 40)
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      file('stats-shards/part-4.jsonl.gz', cut.subarray(0, cut.length - 25));
      file('stats-shards/README.md', '# card');

      await page.getByTestId('nav-stats').click();
      await page.getByTestId('stats-page').waitFor();
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-folder-input').setInputFiles(folder);
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
      await expect(page.getByTestId('stats-picked').textContent()).resolves.toMatch(
        /^\s*stats-shards\/, [\d.]+ [kK]?B: JSON Lines, field "text"/,
      );
      const problems = (await page.getByTestId('add-corpus').getByTestId('problems').textContent()) ?? '';
      expect(problems).toMatch(/part-4\.jsonl\.gz is truncated/);
      expect(problems).toMatch(/README\.md is a \.md file/);
      await page.getByTestId('stats-name').fill('shards');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('facts-0').textContent()).resolves.toMatch(/^16 documents/);

      // A single zip file holding one shard, on the same page.
      const archive = file(
        'one.zip',
        zip({ 'inner/data.jsonl': '{"text": "alpha beta"}\n{"text": "gamma"}\n' }),
      );
      await page.getByTestId('stats-file-input').setInputFiles(archive);
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
      await page.getByTestId('stats-name').fill('zipped');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-1').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('facts-1').textContent()).resolves.toMatch(/^2 documents/);

      // A lone file that cannot be opened: the form says which file and why, and Analyse stays off for it.
      const lone = gzip('{"text": "lost"}\n'.repeat(40));
      await page.getByTestId('stats-file-input').setInputFiles(file('lone.jsonl.gz', lone.subarray(0, 20)));
      const formProblems = page.getByTestId('add-corpus').getByTestId('problems');
      await expect
        .poll(() => formProblems.textContent(), { timeout: 30_000 })
        .toMatch(/lone\.jsonl\.gz is truncated: the gzip stream ends before its end marker/);
      expect(await page.getByTestId('stats-analyse').isEnabled()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
