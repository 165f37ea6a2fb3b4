import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, downloadText as download, loadAndScore, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { loadNodePrior } from '../support/node-prior';
import { editDocument } from '../../src/lib/toedit';
import type { EditRecipe } from '../../src/lib/toedit/edit-export';
import { vocabularyOf } from '../../src/lib/scoring/tokens/packed-vocabulary';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-edit-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Records with extra fields in a fixed order; the bigram model is near-certain on parts of these texts.
const RECORDS = [5, 6, 0].map((d, i) => ({
  id: `doc-${i}`,
  meta: { n: i, tags: ['a', 'b'] },
  text: CORPUS_DOCUMENTS[d],
}));

describe('token-level editing in the page', () => {
  it.each(['wasm', 'webgpu'] as const)(
    'on %s: edits an uploaded .jsonl, exports every field, and Node reproduces the bytes from the recipe',
    async (device) => {
      const { page, context } = await app.newPage();
      try {
        const file = path.join(scratch, 'corpus.jsonl');
        writeFileSync(file, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await page.getByTestId('file-input').setInputFiles(file);
        await loadAndScore(page, 'semisynth-test/bigram', device);

        await page.getByTestId('edit-force').check(); // every flagged token changes, so edits are certain
        await page.getByTestId('edit-seed').fill('7');
        await page.getByTestId('edit-seed').press('Tab');
        await expect
          .poll(async () => Number(await page.getByTestId('edit-realised').textContent()))
          .toBeGreaterThan(0);
        await page.getByTestId('view-edits').click();
        await expect(page.getByTestId('edit-view').locator('ins').count()).resolves.toBeGreaterThan(0);
        // Without the insertions, the edit view is the original text, character for character.
        await expect(
          page.getByTestId('edit-view').evaluate((el) => {
            const copy = el.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('ins').forEach((n) => n.remove());
            return copy.textContent;
          }),
        ).resolves.toBe(RECORDS[0].text);
        // Per-document counts beside the corpus ones: with force change every flagged token is edited.
        const [, flagged, edited] = /(\d+) flagged · [\d.]+ expected · (\d+) edited/.exec(
          (await page.getByTestId('doc-edit-counts').textContent()) ?? '',
        )!;
        expect(Number(flagged)).toBeGreaterThan(0);
        expect(Number(edited)).toBe(Number(flagged));
        await page.screenshot({ path: path.join(ARTIFACTS, `edit-view-${device}.png`), fullPage: true });

        const exported = await download(page, 'export-edited');
        const lines = exported
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
        const recipeText = await download(page, 'export-recipe');
        const recipe = JSON.parse(recipeText) as EditRecipe;
        expect(lines).toHaveLength(RECORDS.length);
        lines.forEach((line, i) => {
          // Original fields first, unchanged and in their order; then what Semisynth adds.
          expect(Object.keys(line)).toEqual([
            'id',
            'meta',
            'text',
            'semisynth_edited_text',
            'semisynth_edit_stats',
          ]);
          expect({ id: line.id, meta: line.meta, text: line.text }).toEqual(RECORDS[i]);
          // Force change: every flagged token is replaced or deleted.
          const stats = line.semisynth_edit_stats;
          expect(stats.edits + stats.deleted).toBe(stats.flagged);
        });
        expect(lines.some((l) => l.semisynth_edited_text !== l.text)).toBe(true);
        expect(recipe).toMatchObject({ seed: 7, model: { id: 'semisynth-test/bigram', device } });
        expect(recipe.config.forceChange).toBe(true);

        // Other settings give other output; loading the recipe restores them and the output, byte for byte.
        await page.getByTestId('edit-seed').fill('8');
        await page.getByTestId('edit-seed').press('Tab');
        expect(await download(page, 'export-edited')).not.toBe(exported);
        const recipeFile = path.join(scratch, 'recipe.json');
        writeFileSync(recipeFile, recipeText);
        await page.getByTestId('recipe-input').setInputFiles(recipeFile);
        await expect.poll(() => page.getByTestId('edit-seed').inputValue()).toBe('7');
        expect(await download(page, 'export-edited')).toBe(exported);
        const broken = path.join(scratch, 'broken.json');
        writeFileSync(broken, JSON.stringify({ ...recipe, config: { ...recipe.config, beta: 0 } }));
        await page.getByTestId('recipe-input').setInputFiles(broken);
        await expect(
          page.getByRole('alert').filter({ hasText: 'broken.json' }).textContent(),
        ).resolves.toMatch(/config\.beta: β = 0 must be a finite number > 0/);
        expect(await download(page, 'export-edited')).toBe(exported); // a refused recipe changes nothing

        // The same recipe run in Node on Node's scores gives byte-identical documents (no bigram probability in
        // this corpus lies within float error of τ, so every decision is away from the threshold).
        const prior = await loadNodePrior('semisynth-test/bigram');
        const vocabulary = vocabularyOf(prior.vocabularyBytes());
        for (const [i, record] of RECORDS.entries()) {
          const scores = await prior.score(record.text, { k: recipe.scoredK });
          const edit = editDocument(record.text, scores, recipe.config, recipe.seed, i, vocabulary);
          if (!edit.ok) throw new Error(edit.error);
          expect(edit.text).toBe(lines[i].semisynth_edited_text);
          // …and the export's per-document counts are Node's.
          expect(lines[i].semisynth_edit_stats).toMatchObject({
            flagged: edit.counts.flagged,
            edits: edit.counts.realisedEdits,
            deleted: edit.counts.deleted,
          });
        }
      } finally {
        await context.close();
      }
    },
  );

  it('runs generations: re-scored each round, charted, and generation 1 equals the single edit', async () => {
    const { page, context } = await app.newPage();
    try {
      const file = path.join(scratch, 'generations.jsonl');
      writeFileSync(file, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(file);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await page.getByTestId('edit-seed').fill('3');
      await page.getByTestId('edit-seed').press('Tab');
      await page.getByTestId('generation-count').fill('3');
      await page.getByTestId('run-generations').click();
      const rows = page.getByTestId('generations-table').locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(3);
      await expect(page.getByTestId('generations-chart').locator('path').count()).resolves.toBe(2);
      await page.screenshot({ path: path.join(ARTIFACTS, 'generations.png'), fullPage: true });
      // Generation 1 flags exactly what the editor counts for the corpus.
      const flaggedShare = Number(
        /\(([\d.]+) %\)/.exec((await page.getByTestId('edit-counts').textContent()) ?? '')?.[1],
      );
      await expect(rows.first().locator('td').nth(1).textContent()).resolves.toBe(
        `${flaggedShare.toFixed(2)} %`,
      );

      const edited = (await download(page, 'export-edited'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const [generationsFile] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download every generation (JSONL)' }).click(),
      ]);
      const chunks: Buffer[] = [];
      for await (const chunk of await generationsFile.createReadStream()) chunks.push(chunk as Buffer);
      const generations = Buffer.concat(chunks)
        .toString('utf8')
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(generations).toHaveLength(RECORDS.length);
      generations.forEach((g, i) => {
        expect(g.generations).toHaveLength(3);
        expect(g.generations[0]).toBe(edited[i].semisynth_edited_text);
      });
    } finally {
      await context.close();
    }
  });
});
