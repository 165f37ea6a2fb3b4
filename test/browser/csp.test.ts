/**
 * The shipped Content-Security-Policy holds the whole app: scoring (WASM threads and WebGPU with its score
 * head), token-level editing, statistics with a chart export, and the lab run with zero violation reports,
 * from the page and from every worker. What it is for, it does: a request to another host is refused in the
 * page and in the prior worker, and so is an inline script.
 *
 * The static server adds `report-uri` to the policies it sends (what they enforce is unchanged), so every
 * violation reaches the test: a worker's never reaches a console that Playwright sees.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { downloadText, loadAndScore, priorWorker, scratchDir } from './harness';
import { startSite, type Site } from './site';
import { CORPUS_DOCUMENTS } from '../../scripts/testmodels/corpus';

let site: Site;
let scratch: ReturnType<typeof scratchDir>;
beforeAll(async () => {
  site = await startSite({ cspReports: true });
  scratch = scratchDir('csp');
});
afterAll(async () => {
  await site?.close();
  scratch?.remove();
});

const FOREIGN = 'https://example.com/semisynth-csp-check';

/** Violations reported so far, as "directive blocked-uri (where)". */
function reports(): string[] {
  return site.server.cspReports.map(
    (r) =>
      `${r['effective-directive'] ?? r['violated-directive']} ${r['blocked-uri']} (${r['document-uri'].replace(site.server.url, '/')})`,
  );
}

async function reveal(page: Page, section: string, content: string): Promise<void> {
  await page.getByTestId(`section-${section}`).scrollIntoViewIfNeeded();
  await page.getByTestId(content).first().waitFor({ timeout: 60_000 });
}

describe('the Content-Security-Policy as shipped', () => {
  it('holds score, edit, statistics and lab with zero violations, and refuses other hosts and inline script', async () => {
    const { page, context } = await site.newPage({
      allow: [
        {
          kind: 'console',
          match: new RegExp(`${FOREIGN.replace(/[.?/]/g, '\\$&')}.*(violates|Content Security Policy)`),
          because: 'the test fetches another host from the page, which the policy refuses',
        },
        {
          kind: 'console',
          match: /Executing inline script violates the following Content Security Policy directive/,
          because: 'the test inserts an inline script, which the policy refuses',
        },
      ],
    });
    try {
      // Score on WASM (several threads) and edit.
      const file = scratch.file(
        'corpus.jsonl',
        [5, 0, 1, 2].map((d) => JSON.stringify({ text: CORPUS_DOCUMENTS[d] })).join('\n') + '\n',
      );
      await page.getByTestId('file-input').setInputFiles(file);
      await loadAndScore(page, 'semisynth-test/bigram', 'wasm');
      await page.getByTestId('edit-force').check();
      await expect
        .poll(async () => Number(await page.getByTestId('edit-realised').textContent()))
        .toBeGreaterThan(0);
      await page.getByTestId('view-edits').click();
      await expect(page.getByTestId('edit-view').locator('ins').count()).resolves.toBeGreaterThan(0);
      expect(await downloadText(page, 'export-edited')).toMatch(/semisynth_edited_text/);

      // Statistics: the scored documents and the edited output, model-based and model-free views, a PNG.
      await page.getByTestId('nav-stats').click();
      await page.getByTestId('kind-text').check();
      await page.getByTestId('stats-name').fill('human');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-0').waitFor({ timeout: 60_000 });
      await page.getByTestId('kind-edited').check();
      await page.getByTestId('stats-name').fill('edited');
      await page.getByTestId('stats-analyse').click();
      await page.getByTestId('facts-1').waitFor({ timeout: 120_000 });
      await reveal(page, 'token-probability', 'paper-bins-table');
      await reveal(page, 'features', 'features-chart');
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('features-chart-export-png').click(),
      ]);
      const bytes: Buffer[] = [];
      for await (const chunk of await png.createReadStream()) bytes.push(chunk as Buffer);
      expect(Buffer.concat(bytes).subarray(1, 4).toString('latin1')).toBe('PNG');
      await reveal(page, 'laws', 'zipf-chart');

      // The lab: a simulation runs in its worker and draws.
      await page.getByTestId('nav-lab').click();
      await page.getByTestId('card-sim1').click();
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="lab-status"]')?.getAttribute('data-run') ?? 0) > 0,
        undefined,
        { timeout: 60_000 },
      );
      await expect(page.locator('[data-figure] svg path').count()).resolves.toBeGreaterThan(0);

      // WebGPU, with the GPU score head and the self-test's second (WASM) worker.
      await page.getByTestId('nav-text').click();
      await loadAndScore(page, 'semisynth-test/bigram', 'webgpu');
      await expect.poll(() => page.getByTestId('score').textContent()).toMatch(/Score documents/);
      await expect(page.getByTestId('self-test').textContent()).resolves.toMatch(/WebGPU agrees with WASM/);

      expect(reports()).toEqual([]);

      // Another host, from the page and from the prior worker: refused before anything leaves (the page
      // guard fails the test on any request that does leave), and reported.
      const attempt = (url: string) =>
        fetch(url).then(
          () => 'fetched',
          () => 'blocked',
        );
      await expect(page.evaluate(attempt, FOREIGN)).resolves.toBe('blocked');
      await expect((await priorWorker(page)).evaluate(attempt, `${FOREIGN}-worker`)).resolves.toBe('blocked');
      // Inline script: refused.
      await expect(
        page.evaluate(() => {
          const script = document.createElement('script');
          script.textContent = 'document.body.dataset.inline = "ran";';
          document.head.append(script);
          return document.body.dataset.inline ?? 'refused';
        }),
      ).resolves.toBe('refused');
      const prior = path.basename(new URL((await priorWorker(page)).url()).pathname);
      await expect
        .poll(() => reports().sort())
        .toEqual(
          [
            `connect-src ${FOREIGN} (/)`,
            `connect-src ${FOREIGN}-worker (/runtime/${prior})`,
            'script-src-elem inline (/)',
          ].sort(),
        );
    } finally {
      await context.close();
    }
  });
});
