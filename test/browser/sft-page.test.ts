/**
 * Instruction data on the Text page (Chromium, WASM): a JSON Lines file read as instruction data shows each
 * record's prompt muted and unflaggable, edits only the responses, and "Export edited (JSONL)" keeps every
 * record's structure — byte for byte what `semisynth edit` writes from the page's own recipe — and a reload
 * reads the file as instruction data again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, downloadText, loadAndScore, startApp, type App } from './harness';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';
import { editFromRecipe } from '../support/run-cli';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-sft-page-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const [A, B, C] = CORPUS_DOCUMENTS;
const RECORDS: Record<string, unknown>[] = [
  { id: 'alpaca', instruction: 'Describe the tool.', input: '', output: A },
  { id: 'nothing', note: 'not an instruction record' },
  {
    id: 'chat',
    messages: [
      { role: 'user', content: 'Explain editing. 日本語 👩‍👩‍👧' },
      { role: 'assistant', content: B },
      { role: 'user', content: 'And collapse?\r\n' },
      { role: 'assistant', content: C },
    ],
  },
];
const PROMPTS = ['Describe the tool.', 'Explain editing. 日本語 👩‍👩‍👧'];

describe('instruction data on the Text page', () => {
  it('edits only the responses and exports each record in its structure, as the command line does', async () => {
    const { page, context } = await app.newPage();
    try {
      const input = path.join(scratch, 'sft.jsonl');
      writeFileSync(input, RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(input);
      await page.getByTestId('field-select').waitFor(); // read by one field first
      await page.getByTestId('instructions-toggle').check();
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^2 documents/);
      await expect
        .poll(() => page.getByTestId('problems').textContent())
        .toContain('line 2: not an instruction record (its fields: id, note); skipped');

      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await expect.poll(() => page.getByTestId('score').textContent()).toMatch(/Score documents/);
      // The first document's prompt and headings are context: muted, never coloured by probability.
      const context = await page.locator('[data-testid="token-view"] [data-context]').allTextContents();
      expect(context.join('')).toBe('### Instruction:\nDescribe the tool.\n\n### Response:\n');
      // The header counts what the editor counts: the response tokens only, and says so.
      await expect
        .poll(() => page.getByTestId('doc-stats').textContent())
        .toMatch(/^\s*\d+ response tokens · perplexity \d+\.\d\d \(responses only\)\s*$/);
      // The document list's PPL is the header's, responses only (the selected, first row).
      const headerPpl = Number(
        /perplexity (\d+\.\d\d)/.exec((await page.getByTestId('doc-stats').textContent())!)![1],
      );
      await expect
        .poll(() => page.locator('nav.docs .selected .ppl').textContent())
        .toBe(`PPL ${headerPpl.toFixed(1)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'text-instruction-data.png'), fullPage: true });

      const { pageJsonl, edited } = await editEveryToken(page);
      expect(edited.map((r) => r.id)).toEqual(['alpaca', 'chat']);
      expect(edited[0]).toMatchObject({ instruction: PROMPTS[0], input: '' });
      expect(edited[0].output).not.toBe(A);
      const messages = edited[1].messages as { role: string; content: string }[];
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
      expect([messages[0].content, messages[2].content]).toEqual([PROMPTS[1], 'And collapse?\r\n']);
      expect([messages[1].content, messages[3].content]).not.toEqual([B, C]);
      expect(edited[1].semisynth_sft).toEqual({ shape: 'messages', template: 'plain', edited_turns: 2 });

      const recipe = path.join(scratch, 'semisynth-recipe.json');
      writeFileSync(recipe, await downloadText(page, 'export-recipe'));
      const out = path.join(scratch, 'cli.jsonl');
      const cli = await editFromRecipe(recipe, input, out);
      expect(cli.code, cli.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(pageJsonl);

      // The session keeps the file read as instruction data: a reload brings the same two documents back.
      await page.reload();
      await expect.poll(() => page.getByTestId('instructions-toggle').isChecked()).toBe(true);
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^2 documents/);
    } finally {
      await context.close();
    }
  });

  it('lays instruction data out with the model’s chat template, as `--sft-template auto` does', async () => {
    const { page, context } = await app.newPage();
    try {
      // The model first: a file read as instruction data afterwards is laid out with its template.
      await page.getByTestId('bundled-model').selectOption('semisynth-test/bigram-chat');
      await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
      await page.getByTestId('device-select').selectOption('wasm');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });

      const input = path.join(scratch, 'sft-chat.jsonl');
      const refused = { id: 'refused', messages: [{ role: 'assistant', content: 'no prompt' }] };
      const records = [RECORDS[0], RECORDS[1], refused, RECORDS[2]];
      writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await page.getByTestId('file-input').setInputFiles(input);
      await page.getByTestId('field-select').waitFor();
      await page.getByTestId('instructions-toggle').check();
      await expect.poll(() => page.getByTestId('instructions-template').textContent()).toBe('chat template');
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^2 documents/);
      await expect
        .poll(() => page.getByTestId('problems').textContent())
        .toContain(
          'line 3: the chat template failed on this conversation: roles must alternate between user and assistant; skipped',
        );

      await page.getByTestId('score').click();
      await page.getByTestId('doc-stats').waitFor({ timeout: 120_000 });
      await expect.poll(() => page.getByTestId('score').textContent()).toMatch(/Score documents/);
      // The template's headings and the prompt are context; the response is not.
      const context = await page.locator('[data-testid="token-view"] [data-context]').allTextContents();
      expect(context.join('')).toBe('<|user|>\nDescribe the tool.\n<|assistant|>\n\n');

      const { pageJsonl, edited } = await editEveryToken(page);
      expect(edited.map((r) => r.id)).toEqual(['alpaca', 'chat']);
      expect(edited[0].output).not.toBe(A);
      expect(edited[1].semisynth_sft).toEqual({ shape: 'messages', template: 'chat', edited_turns: 2 });

      const recipeText = await downloadText(page, 'export-recipe');
      expect((JSON.parse(recipeText) as { sft: unknown }).sft).toEqual({
        shape: 'auto',
        edited: 'all',
        template: 'auto',
      });
      const recipe = path.join(scratch, 'semisynth-chat-recipe.json');
      writeFileSync(recipe, recipeText);
      const out = path.join(scratch, 'cli-chat.jsonl');
      const cli = await editFromRecipe(recipe, input, out);
      expect(cli.code, cli.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(pageJsonl);

      // A reload: plain until the model is loaded again, then its chat layout with the scores kept for it.
      await page.reload();
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^3 documents/);
      await expect.poll(() => page.getByTestId('instructions-template').textContent()).toBe('plain template');
      await page.getByTestId('bundled-model').selectOption('semisynth-test/bigram-chat');
      await page.getByTestId('device').filter({ hasNotText: 'detecting' }).waitFor();
      await page.getByTestId('device-select').selectOption('wasm'); // the device its scores were kept for
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await expect.poll(() => page.getByTestId('instructions-template').textContent()).toBe('chat template');
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^2 documents/);
      await page.getByTestId('doc-stats').waitFor({ timeout: 60_000 }); // from storage: nothing was scored

      // Another model without a template: laid out with the plain one again, every record back.
      await page.getByTestId('bundled-model').selectOption('semisynth-test/bigram');
      await page.getByTestId('load-model').click();
      await page.getByTestId('model-ready').waitFor({ timeout: 120_000 });
      await expect.poll(() => page.getByTestId('instructions-template').textContent()).toBe('plain template');
      await expect.poll(() => page.getByTestId('document-count').textContent()).toMatch(/^3 documents/);
    } finally {
      await context.close();
    }
  });
});

/** Flags every token (p ≤ 1, changes forced, seed 5), waits for edits, and downloads the edited records. */
async function editEveryToken(page: Page): Promise<{ pageJsonl: string; edited: Record<string, unknown>[] }> {
  await page.getByTestId('edit-seed').fill('5');
  await page.getByTestId('edit-seed').press('Tab');
  await page.getByTestId('edit-force').check();
  await page.getByTestId('edit-rule').selectOption('at-most');
  await page.getByTestId('edit-tau').fill('1');
  await page.getByTestId('edit-tau').press('Tab');
  await expect
    .poll(async () => Number(await page.getByTestId('edit-realised').textContent()))
    .toBeGreaterThan(0);
  const pageJsonl = await downloadText(page, 'export-edited');
  const edited = pageJsonl
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { pageJsonl, edited };
}
