/**
 * The page and the command line write the same bytes: a corpus edited in Chromium (WASM) and exported, then
 * edited by `semisynth edit` in Node (onnxruntime-node) from the page's own recipe file, on the same input
 * file, model and seed. The edited JSONL must be identical byte for byte, and so must the edit log.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFrom, downloadText, loadAndScore, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { editFromRecipe } from '../support/run-cli';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-cli-bytes-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Every corpus document (emoji, CJK, combining marks, CRLF among them), with fields around the text.
const RECORDS = CORPUS_DOCUMENTS.map((text, i) => ({ id: `doc-${i}`, text, meta: { n: i, é: 'ü' } }));

describe('the command line and the page', () => {
  it('semisynth edit writes the page’s export byte for byte, from the page’s recipe', async () => {
    const { page, context } = await app.newPage();
    try {
      const input = path.join(scratch, 'corpus.jsonl');
      writeFileSync(input, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(input);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect.poll(() => page.getByTestId('score').textContent()).toMatch(/Score documents/);
      await page.getByTestId('edit-seed').fill('21');
      await page.getByTestId('edit-seed').press('Tab');
      await page.getByTestId('edit-force').check();
      await expect
        .poll(async () => Number(await page.getByTestId('edit-realised').textContent()))
        .toBeGreaterThan(0);

      const pageJsonl = await downloadText(page, 'export-edited');
      const pageLog = await downloadFrom(page, page.getByRole('button', { name: 'Edit log', exact: true }));
      const recipe = path.join(scratch, 'semisynth-recipe.json');
      writeFileSync(recipe, await downloadText(page, 'export-recipe'));
      expect(pageJsonl.trimEnd().split('\n')).toHaveLength(RECORDS.length);

      const out = path.join(scratch, 'cli.jsonl');
      const cli = await editFromRecipe(recipe, input, out);
      expect(cli.code, cli.stderr).toBe(0);
      const cliJsonl = readFileSync(out, 'utf8');
      expect(cliJsonl).toBe(pageJsonl);
      expect(readFileSync(path.join(scratch, 'cli.edit-log.jsonl'), 'utf8')).toBe(pageLog);
      // Not a vacuous match: some documents were changed.
      const edited = cliJsonl
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { text: string; semisynth_edited_text: string });
      expect(edited.some((r) => r.semisynth_edited_text !== r.text)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
