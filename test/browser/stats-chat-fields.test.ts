/**
 * Chat data on the Statistics page: a JSON Lines or Parquet file of `messages` is read response-only by
 * default ("messages[role=assistant].content"), its counts those of the assistant's turns computed plainly;
 * the whole conversation stays a choice; a conversation without an assistant turn is skipped and named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';
import { chatJsonl, chatRecords, plainCounts, turnTexts, type ChatRecord } from '../support/chat-fixtures';
import { parquet } from '../support/input-fixtures';
import { countOf, formatBytes } from '../../src/lib/present/text/value-format';

let app: App;
let scratch: string;
beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-stats-chat-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// Line 5 holds a conversation the assistant never answered: skipped when reading its turns.
const ANSWERED = chatRecords(24);
const UNANSWERED: ChatRecord = {
  id: 99,
  text: 'chat 99',
  messages: [{ role: 'user', content: 'Unanswered zebra question?' }],
};
const RECORDS = [...ANSWERED.slice(0, 4), UNANSWERED, ...ANSWERED.slice(4)];

/** The card's first line for these documents, as the page words it. */
function facts(texts: string[]): string {
  const c = plainCounts(texts);
  return `${countOf(c.documents, 'document')} · ${countOf(c.tokens, 'word')} · ${formatBytes(c.bytes)}`;
}

/** Picks a file, checks the field the page chose, picks `field` if given, and analyses it as corpus `slot`. */
async function addChat(
  page: Page,
  file: string,
  slot: number,
  field?: string,
): Promise<{ chosen: string; offered: string[] }> {
  await page.getByTestId('kind-file').check();
  await page.getByTestId('stats-file-input').setInputFiles(file);
  const select = page.getByTestId('stats-field');
  await expect.poll(() => select.inputValue()).not.toBe('');
  const chosen = await select.inputValue();
  const offered = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  if (field) await select.selectOption(field);
  await page.getByTestId('stats-name').fill(`chat ${slot}`);
  await expect.poll(() => page.getByTestId('stats-analyse').isEnabled()).toBe(true);
  await page.getByTestId('stats-analyse').click();
  await page.getByTestId(`facts-${slot}`).waitFor({ timeout: 60_000 });
  return { chosen, offered };
}

describe('chat data on the Statistics page', () => {
  it('is response-only by default, from JSON Lines and Parquet; the whole conversation stays a choice', async () => {
    const { page } = await app.newPage();
    const jsonl = path.join(scratch, 'chat.jsonl');
    writeFileSync(jsonl, chatJsonl(RECORDS));
    const pq = path.join(scratch, 'chat.parquet');
    writeFileSync(pq, parquet(RECORDS, 8));
    await page.getByTestId('nav-stats').click();
    await page.getByTestId('stats-page').waitFor();

    // The default: the assistant's turns, with the whole conversation and each speaker's turns offered.
    const first = await addChat(page, jsonl, 0);
    expect(first.chosen).toBe('messages[role=assistant].content');
    expect(first.offered).toEqual(
      expect.arrayContaining([
        'text',
        'messages[].content',
        'messages[role=system].content',
        'messages[role=user].content',
        'messages[role=assistant].content',
      ]),
    );
    const responses = facts(turnTexts(ANSWERED, 'assistant'));
    await expect.poll(() => page.getByTestId('facts-0').textContent()).toContain(responses);
    const problems = page.getByTestId('corpus-0').getByTestId('problems');
    await expect
      .poll(() => problems.textContent())
      .toContain(
        'line 5: field "messages[role=assistant].content" matches no item: no item of "messages" has role "assistant" (its values of "role": "user"); skipped',
      );

    // The whole conversation, picked for the same file picked again: every turn of every record, the
    // unanswered one too.
    await addChat(page, jsonl, 1, 'messages[].content');
    await expect.poll(() => page.getByTestId('facts-1').textContent()).toContain(facts(turnTexts(RECORDS)));

    // Parquet (as Hugging Face stores chat datasets) gives the same default and the same counts.
    expect((await addChat(page, pq, 2)).chosen).toBe('messages[role=assistant].content');
    await expect.poll(() => page.getByTestId('facts-2').textContent()).toContain(responses);
  });
});
