/**
 * Opening a large compressed input on the Statistics page shows how far it has got — compressed bytes read
 * of the file's size, and Parquet row groups — and can be cancelled: the worker opening it is ended and
 * the page goes on working. The fixtures are written here (gzip by node:zlib, Parquet by hyparquet-writer,
 * test/support/input-fixtures.ts), from seeded pseudo-random words so that gzip cannot shrink them to
 * nothing.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';
import { parquet } from '../support/input-fixtures';

let app: App;
let scratch: string;
let large: string;
let shards: string;
let small: string;
const DOCUMENTS = 120_000;
const ROW_GROUPS = 12;

/** `count` documents of seeded pseudo-random words (a 32-bit LCG: the same text every run). */
function documents(count: number): string[] {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'we', 'zu', 'pe', 'do', 'gi', 'ha'];
  const word = () => {
    let w = '';
    for (let n = 1 + (next() % 4); n > 0; n--) w += syllables[next() % syllables.length];
    return w;
  };
  return Array.from({ length: count }, (_, i) => {
    const words: string[] = [];
    for (let n = 40 + (next() % 80); n > 0; n--) words.push(word());
    return `${i} ${words.join(' ')}.`;
  });
}

beforeAll(async () => {
  app = await startApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'semisynth-opening-'));
  const texts = documents(DOCUMENTS);
  large = path.join(scratch, 'large.jsonl.gz');
  writeFileSync(
    large,
    gzipSync(texts.map((text, id) => JSON.stringify({ id, text })).join('\n'), { level: 1 }),
  );
  shards = path.join(scratch, 'rows.parquet');
  const rows = texts.slice(0, 24_000).map((text, id) => ({ id, text }));
  writeFileSync(shards, parquet(rows, rows.length / ROW_GROUPS));
  small = path.join(scratch, 'small.jsonl');
  writeFileSync(
    small,
    texts
      .slice(0, 5)
      .map((text) => JSON.stringify({ text }))
      .join('\n'),
  );
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Records every progress the page shows while opening (bytes, total, the row-group text) until stopped. */
async function recordOpening(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: { bytes: number; total: number; text: string }[] = [];
    (window as unknown as { openingSeen: typeof seen }).openingSeen = seen;
    const note = () => {
      const el = document.querySelector<HTMLElement>('[data-testid="stats-opening"]');
      if (!el) return;
      const entry = {
        bytes: Number(el.dataset.bytes),
        total: Number(el.dataset.total),
        text: el.textContent ?? '',
      };
      const last = seen.at(-1);
      if (!last || last.bytes !== entry.bytes || last.text !== entry.text) seen.push(entry);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

function openingSeen(page: Page): Promise<{ bytes: number; total: number; text: string }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { openingSeen: { bytes: number; total: number; text: string }[] }).openingSeen,
  );
}

describe('opening large inputs on the Statistics page', () => {
  it('shows compressed bytes read rising to the file size, and row groups for Parquet', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByTestId('nav-stats').click();
      await page.getByTestId('kind-file').check();
      await recordOpening(page);
      await page.getByTestId('stats-file-input').setInputFiles(large);
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled(), { timeout: 120_000 }).toBe(true);
      await expect(page.getByTestId('stats-opening').count()).resolves.toBe(0);
      const seen = await openingSeen(page);
      const size = statSync(large).size;
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen.every((s) => s.total === size)).toBe(true);
      for (let i = 1; i < seen.length; i++) expect(seen[i].bytes).toBeGreaterThanOrEqual(seen[i - 1].bytes);
      expect(seen.at(-1)!.bytes).toBe(size);
      expect(seen.some((s) => s.bytes > 0 && s.bytes < size)).toBe(true);

      // Parquet: the row groups read, one by one up to all of them.
      await recordOpening(page);
      await page.getByTestId('stats-file-input').setInputFiles(shards);
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled(), { timeout: 120_000 }).toBe(true);
      const groups = (await openingSeen(page))
        .map((s) => /row group (\d+) of (\d+)/.exec(s.text))
        .filter((m) => m !== null)
        .map((m) => ({ done: Number(m[1]), total: Number(m[2]) }));
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.every((g) => g.total === ROW_GROUPS)).toBe(true);
      for (let i = 1; i < groups.length; i++)
        expect(groups[i].done).toBeGreaterThanOrEqual(groups[i - 1].done);
      expect(groups.at(-1)!.done).toBe(ROW_GROUPS);

      // And the opened file is analysed.
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 120_000 });
      await expect(page.getByTestId('facts-0').textContent()).resolves.toMatch(/^24,000 documents/);
    } finally {
      await context.close();
    }
  });

  it('cancels opening: the bar goes, nothing is kept, and the next file opens and is analysed', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByTestId('nav-stats').click();
      await page.getByTestId('kind-file').check();
      await page.getByTestId('stats-file-input').setInputFiles(large);
      const bar = page.getByTestId('stats-opening');
      await expect
        .poll(async () => Number(await bar.getAttribute('data-bytes', { timeout: 60_000 })))
        .toBeGreaterThan(0);
      await page.getByTestId('stats-opening-cancel').click();
      await page.getByTestId('stats-opening-cancelled').waitFor();
      await expect(bar.count()).resolves.toBe(0);
      await expect(page.getByTestId('stats-picked').count()).resolves.toBe(0);
      await expect(page.getByTestId('stats-analyse').isEnabled()).resolves.toBe(false);

      await page.getByTestId('stats-file-input').setInputFiles(small);
      await expect.poll(() => page.getByTestId('stats-analyse').isEnabled(), { timeout: 60_000 }).toBe(true);
      await expect(page.getByTestId('stats-opening-cancelled').count()).resolves.toBe(0);
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('facts-0').textContent()).resolves.toMatch(/^5 documents/);
    } finally {
      await context.close();
    }
  });
});
