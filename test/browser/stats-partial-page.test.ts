/**
 * A statistics partial written by `semisynth stats` (and merged by `semisynth merge`) opened on the
 * Statistics page gives the very report analysing the same file on the page gives: the two corpora's
 * reports in the page's JSON export are equal. A file that is not a complete partial is refused on its card
 * with what it is and what to do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadJson, downloadText, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { runCli } from '../support/run-cli';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-stats-partial-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function addPartial(page: Page, file: string, name: string): Promise<void> {
  await page.getByTestId('kind-partial').check();
  await page.getByTestId('stats-partial-input').setInputFiles(file);
  await page.getByTestId('stats-name').fill(name);
  await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
  await page.getByTestId('stats-analyse').click();
}

interface Exported {
  corpora: { name: string; origin: { kind: string }; report: { recipe: { name: string } } }[];
  comparisons: { reference: string; other: string }[];
}

describe('a statistics partial on the Statistics page', () => {
  it('folds into the report of the same file analysed on the page; a foreign or partial file is refused', async () => {
    const { page, context } = await app.newPage();
    try {
      const corpus = path.join(scratch, 'corpus.jsonl');
      const lines = CORPUS_DOCUMENTS.map((text, i) => JSON.stringify({ id: i, text }));
      lines.splice(2, 0, '{"id": 99, "text": "an unterminated string}'); // a bad line: counted alike
      writeFileSync(corpus, lines.join('\n') + '\n');
      // Two shards run and merged, as on a cluster (the merge is the unsharded partial: cli-shards.test.ts).
      const partial = path.join(scratch, 'corpus.stats.json');
      const cli = await runCli([
        'stats',
        '--input',
        corpus,
        '--output',
        partial,
        '--name',
        'on the page',
        '--shards',
        '2',
        '--progress',
        'none',
      ]);
      expect(cli.code, cli.stderr).toBe(0);

      await page.getByTestId('nav-stats').click();
      await page.getByTestId('stats-page').waitFor();
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(corpus);
      await page.getByTestId('stats-name').fill('on the page');
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });

      await addPartial(page, partial, 'from the CLI');
      const refused = page.getByTestId('corpus-error-1');
      await page.getByTestId('facts-1').or(refused).waitFor({ timeout: 60_000 });
      expect(
        await refused.count(),
        (await refused.count()) ? ((await refused.textContent()) ?? '') : '',
      ).toBe(0);
      await expect(page.getByTestId('corpus-1').textContent()).resolves.toContain(
        'Statistics partial corpus.stats.json',
      );
      expect(await page.getByTestId('facts-1').textContent()).toBe(
        await page.getByTestId('facts-0').textContent(),
      );

      const exported = (await downloadJson(page, 'export-stats-json')) as Exported;
      expect(exported.corpora.map((c) => [c.name, c.origin.kind])).toEqual([
        ['on the page', 'file'],
        ['from the CLI', 'partial'],
      ]);
      const [onPage, fromCli] = exported.corpora.map((c) => c.report);
      expect(fromCli).toEqual(onPage);
      // Not vacuous: the report holds the corpus's documents and its bad line.
      const report = onPage as unknown as { counts: { documents: number }; problems: { errors: number } };
      expect(report.counts.documents).toBe(CORPUS_DOCUMENTS.length);
      expect(report.problems.errors).toBe(1);
      // The two are compared like any two corpora.
      await expect
        .poll(async () => ((await downloadJson(page, 'export-stats-json')) as Exported).comparisons.length)
        .toBe(1);

      // The page's own JSON export is not a partial: the card says so and what to open instead.
      const pageExport = path.join(scratch, 'semisynth-statistics.json');
      writeFileSync(pageExport, await downloadText(page, 'export-stats-json'));
      await addPartial(page, pageExport, 'export');
      await expect
        .poll(() => page.getByTestId('corpus-error-2').textContent())
        .toMatch(
          /semisynth-statistics\.json is not a statistics partial .*Statistics page's JSON export, which cannot be read back/,
        );
      await page.getByTestId('remove-2').click();

      // One shard's partial (small blocks, so the shard holds some of them): every block is needed.
      const shardOut = path.join(scratch, 'small.stats.json');
      const shardRun = await runCli([
        'stats',
        '--input',
        corpus,
        '--output',
        shardOut,
        '--block-bytes',
        '1024',
        '--shard',
        '0/2',
        '--progress',
        'none',
      ]);
      expect(shardRun.code, shardRun.stderr).toBe(0);
      const shard = path.join(`${shardOut}.parts`, 'shard-00000-of-00002', 'partial.json');
      await addPartial(page, shard, 'one shard');
      await expect
        .poll(() => page.getByTestId('corpus-error-2').textContent())
        .toMatch(
          /partial\.json holds \d+ of \d+ blocks: it is one shard's partial\. Merge every shard first/,
        );
      // Nothing else was lost.
      await expect(page.getByTestId('facts-0').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('facts-1').isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });
});
