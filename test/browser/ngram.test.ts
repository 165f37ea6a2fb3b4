import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadJson, startApp, type App } from './harness';
import type { ScoresExport } from '../../src/lib/scoring/scores-export';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the built-in n-gram prior', () => {
  it('fits on the loaded documents and scores them with zero network requests', async () => {
    const { page, context, requests } = await app.newPage();
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await page.getByRole('button', { name: /Textbook paragraph/ }).click();
      await page.getByRole('radio', { name: 'N-gram' }).check();
      await page.getByTestId('ngram-order').selectOption('2');
      await page.waitForLoadState('networkidle');
      const before = requests.length;

      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('model-ready').textContent()).resolves.toMatch(
        /N-gram \(Kneser–Ney, order 2\)/,
      );
      await page.getByTestId('score').click();
      await expect.poll(() => page.getByTestId('score').textContent()).toMatch(/Score documents/);
      expect(requests.slice(before)).toEqual([]); // fitting and scoring never touch the network

      const exported = (await downloadJson(page, 'export-scores')) as ScoresExport;
      expect(exported.provenance).toMatchObject({
        modelId: expect.stringMatching(/^ngram-kn2/),
        device: 'cpu',
      });
      expect(exported.documents).toHaveLength(2);
      // Fitted on these very documents, the model ranks most actual pieces at or near the top.
      const tokens = exported.documents.flatMap((d) => d.tokens);
      expect(tokens.every((t) => t.logprob !== null && t.rank !== null)).toBe(true);
      const ranks = tokens.map((t) => t.rank!).sort((x, y) => x - y);
      expect(ranks[Math.floor(ranks.length / 2)]).toBeLessThanOrEqual(3);
    } finally {
      await context.close();
    }
  });

  it('reads a reference corpus from other files in the input worker, with their problems', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByRole('button', { name: /Field notes/ }).click();
      await page.getByRole('radio', { name: 'N-gram' }).check();
      await page.getByRole('radio', { name: 'Other files…' }).check();
      await page.getByTestId('ngram-files').setInputFiles([
        {
          name: 'ref.jsonl',
          mimeType: 'application/json',
          buffer: Buffer.from('{"text": "the heron"}\n{"text": 3}\n{"text": "came back"}\n'),
        },
        { name: 'ref.txt', mimeType: 'text/plain', buffer: Buffer.from('A plain reference text.') },
      ]);
      await expect
        .poll(() => page.getByText(/^2 files: \d+ documents$/).textContent())
        .toBe('2 files: 3 documents');
      await expect(page.getByTestId('problems').first().textContent()).resolves.toMatch(
        /ref\.jsonl\s*line 2: field "text" is a number \(3\), not text; skipped/,
      );
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
  });
});
