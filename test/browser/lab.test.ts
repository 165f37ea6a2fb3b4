import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, downloadText, startApp, type App } from './harness';
import { LESSONS } from '../../src/lib/lab/lessons';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const lesson = LESSONS.find((l) => l.id === 'collapse-101')!;
/** The step about verification (Sim 4): changed by hand below. */
const verify = lesson.steps.findIndex((s) => s.sim === 'sim4');

/** The number of the page's last finished run (0 before the first). */
async function runCount(page: Page): Promise<number> {
  return Number(
    (await page
      .getByTestId('lab-status')
      .getAttribute('data-run')
      .catch(() => null)) ?? 0,
  );
}

/** Waits for a run after run number `after` to finish. */
async function runAfter(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="lab-status"]')?.getAttribute('data-run') ?? 0) > n,
    after,
    { timeout: 60_000 },
  );
}

/** Text and SVG attributes with NaN, undefined or Infinity in them (none may reach the page). */
async function badText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const pattern = /\bNaN\b|\bundefined\b|\bInfinity\b/;
    if (pattern.test(document.body.innerText)) {
      bad.push(...document.body.innerText.split('\n').filter((line) => pattern.test(line)));
    }
    for (const el of document.querySelectorAll('svg *')) {
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        if (/NaN|undefined|Infinity/.test(value)) bad.push(`<${el.tagName} ${attr}="${value.slice(0, 60)}">`);
      }
    }
    return bad;
  });
}

/** A figure is drawn: an SVG with a non-empty line path; returns how many such paths it has. */
async function drawnPaths(page: Page, figureId: string): Promise<number> {
  return page
    .locator(`[data-figure="${figureId}"] svg path`)
    .evaluateAll((paths) => paths.filter((p) => (p.getAttribute('d') ?? '').length > 10).length);
}

const hashOf = (url: string) => decodeURIComponent(new URL(url).hash);

describe('the collapse lab', () => {
  it('walks a lesson step by step, writes each step into the URL, and restores a changed step from its link', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.getByTestId('nav-lab').click();
      await page.getByTestId('lab-overview').waitFor();
      await page.getByTestId(`start-lesson-${lesson.id}`).click();

      for (const [i, step] of lesson.steps.entries()) {
        await expect.poll(() => hashOf(page.url())).toBe(`#/lab?lesson=${lesson.id}&step=${i + 1}`);
        await expect(page.getByTestId('lesson-step').textContent()).resolves.toBe(String(i + 1));
        await expect(page.getByTestId('lesson-step-title').textContent()).resolves.toBe(step.title);
        await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
        const figure = page.locator(`[data-figure="${step.figure}"]`);
        await figure.waitFor();
        await expect(figure.getAttribute('class')).resolves.toMatch(/highlighted/);
        expect(await drawnPaths(page, step.figure!)).toBeGreaterThan(0);
        expect(await page.getByTestId('lab-readings').locator('dd').count()).toBeGreaterThan(0);
        expect(await badText(page)).toEqual([]);
        if (i === 0 || i === verify || i === lesson.steps.length - 1)
          await page.screenshot({ path: path.join(ARTIFACTS, `lab-lesson-step${i + 1}.png`) });
        if (i < lesson.steps.length - 1) {
          const before = await runCount(page);
          await page.getByTestId('lesson-next').click();
          await runAfter(page, before);
        }
      }

      // Back to the verification step, change p: the URL keeps the lesson position and says what changed.
      await page.getByRole('button', { name: new RegExp(`^Step ${verify + 1}:`) }).click();
      await expect.poll(() => hashOf(page.url())).toBe(`#/lab?lesson=${lesson.id}&step=${verify + 1}`);
      const before = await runCount(page);
      await page.getByTestId('box-p').fill('0.65');
      await page.getByTestId('box-p').press('Enter');
      await runAfter(page, before);
      await expect
        .poll(() => hashOf(page.url()))
        .toBe(
          `#/lab/sim4?p=0.65&seed=1&fig=${lesson.steps[verify].figure}&lesson=${lesson.id}&step=${verify + 1}`,
        );
      await page.getByTestId('lesson-changed').waitFor();
      const changedUrl = page.url();
      const readings = await page.getByTestId('lab-readings').innerText();

      // The same link in a fresh page restores the simulation, the changed value, the step and the figure.
      const fresh = await app.newPage();
      try {
        await fresh.page.goto(changedUrl);
        await fresh.page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', {
          timeout: 60_000,
        });
        await expect(fresh.page.getByTestId('lesson-step').textContent()).resolves.toBe(String(verify + 1));
        await expect(fresh.page.getByTestId('box-p').inputValue()).resolves.toBe('0.65');
        await fresh.page.getByTestId('lesson-changed').waitFor();
        await expect(
          fresh.page.locator(`[data-figure="${lesson.steps[verify].figure}"]`).getAttribute('class'),
        ).resolves.toMatch(/highlighted/);
        // Same seed, same numbers.
        await expect(fresh.page.getByTestId('lab-readings').innerText()).resolves.toBe(readings);
        expect(hashOf(fresh.page.url())).toBe(hashOf(changedUrl));
      } finally {
        await fresh.context.close();
      }

      // Back to the preset, leave the lesson to explore, and come back to where we were.
      await page.getByTestId('lesson-reset').click();
      await expect.poll(() => hashOf(page.url())).toBe(`#/lab?lesson=${lesson.id}&step=${verify + 1}`);
      await page.getByTestId('lesson-leave').click();
      await expect.poll(() => hashOf(page.url())).not.toMatch(/lesson=/);
      await expect(page.getByTestId('lesson-panel').count()).resolves.toBe(0);
      await page.getByTestId('lab-nav-sim1').click();
      await expect.poll(() => hashOf(page.url())).toMatch(/^#\/lab\/sim1\?/);
      await page.getByTestId('lab-lesson-resume').click();
      await expect.poll(() => hashOf(page.url())).toBe(`#/lab?lesson=${lesson.id}&step=${verify + 1}`);

      // A trip to the Text page and back through the header keeps the lab where it was.
      await page.getByTestId('nav-text').click();
      await expect.poll(() => hashOf(page.url())).toBe('#/text');
      await page.getByTestId('nav-lab').click();
      await expect.poll(() => hashOf(page.url())).toBe(`#/lab?lesson=${lesson.id}&step=${verify + 1}`);
      await expect(page.getByTestId('lesson-step').textContent()).resolves.toBe(String(verify + 1));
    } finally {
      await context.close();
    }
  });

  it('says what it changed in a hand-edited link, and never draws NaN', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.goto(`${app.url}#/lab/sim4?p=7&n=lots&zzz=1&seed=1.5&fig=bogus`);
      await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
      const notes = await page.getByTestId('lab-notes').innerText();
      expect(notes).toMatch(/error rate p: 7 is outside 0–1; using 1/);
      expect(notes).toMatch(/Generated examples n: “lots” is not a number/);
      expect(notes).toMatch(/Ignored “zzz”/);
      expect(notes).toMatch(/Seed “1.5” is not a whole number/);
      expect(notes).toMatch(/There is no figure “bogus” here \(this simulation draws acc-vs-p, /);
      await expect(page.getByTestId('box-p').inputValue()).resolves.toBe('1');
      expect(await badText(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-bad-link.png') });

      // A refusal: a verifier that keeps nothing. The controls keep the values; the reason is shown.
      await page.goto(`${app.url}#/lab/sim4?phi=0&psi=0&seed=1`);
      await page.getByTestId('lab-refused').waitFor();
      await expect(page.getByTestId('lab-refused').innerText()).resolves.toMatch(/keeps nothing/);
      expect(await badText(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('measures a verifier from a file, explains a bad file without breaking the lab, and keeps the settings in the link', async () => {
    const { page, context } = await app.newPage();
    // 80 candidates: scores mostly above 0.5 for correct ones, below for wrong ones.
    const rows = Array.from({ length: 80 }, (_, i) => {
      const correct = i % 4 !== 0;
      const score = ((correct ? 0.45 : 0.05) + ((i * 37) % 50) / 100).toFixed(2);
      return `${correct ? 1 : 0},${score}`;
    });
    const good = {
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`correct,score\n${rows.join('\n')}\n`),
    };
    try {
      await page.goto(`${app.url}#/lab/sim5?seed=1`);
      await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
      await expect(page.getByTestId('lab-readings').innerText()).resolves.toMatch(/Breakdown point p̂\*/);

      // A file without the column the lab needs: which file, what is missing, what was found, what to add.
      await page.getByTestId('verifier-file').setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('answer,keep\n42,1\n41,0\n'),
      });
      // Files are read asynchronously: wait for each one's verdict.
      await expect
        .poll(() => page.getByTestId('verifier-errors').innerText())
        .toMatch(/bad\.csv has no column 'correct' \(found: 'answer', 'keep'\)\. Add a column 'correct'/);
      // A bad value: the line and the column, and what to write instead.
      await page.getByTestId('verifier-file').setInputFiles({
        name: 'bad-value.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('correct,keep\n1,1\n0,maybe\n'),
      });
      await expect
        .poll(() => page.getByTestId('verifier-errors').innerText())
        .toMatch(/bad-value\.csv line 3: column 'keep' is 'maybe'; use true\/false or 1\/0\./);
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-verifier-bad-file.png') });
      // The lab still works: the toy runs on.
      expect(hashOf(page.url())).toMatch(/^#\/lab\/sim5\?/);
      let before = await runCount(page);
      await page.getByTestId('box-errorRate').fill('0.4');
      await page.getByTestId('box-errorRate').press('Enter');
      await runAfter(page, before);
      await expect(page.getByTestId('lab-readings').innerText()).resolves.toMatch(/Verdict/);

      // A good file opens the file view with a threshold slider for its score column.
      before = await runCount(page);
      await page.getByTestId('verifier-file').setInputFiles(good);
      await runAfter(page, before);
      await expect(page.getByTestId('verifier-errors').count()).resolves.toBe(0);
      await page.getByTestId('slider-threshold').waitFor();
      before = await runCount(page);
      await page.getByTestId('box-threshold').fill('0.5');
      await page.getByTestId('box-threshold').press('Enter');
      await runAfter(page, before);
      await expect.poll(() => hashOf(page.url())).toBe('#/lab/sim5-file?threshold=0.5&d=100&mu=1&seed=1');
      expect(await drawnPaths(page, 'predicted')).toBeGreaterThan(0);
      expect(await badText(page)).toEqual([]);
      const readings = await page.getByTestId('lab-readings').innerText();
      expect(readings).toMatch(/mine\.csv/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-verifier-file.png'), fullPage: true });

      // The link in a fresh page keeps the settings and asks for the file; the same file gives the same numbers.
      const fresh = await app.newPage();
      try {
        await fresh.page.goto(page.url());
        await expect(fresh.page.getByTestId('lab-refused').innerText()).resolves.toMatch(/Choose the file/);
        await expect(fresh.page.getByTestId('box-threshold').inputValue()).resolves.toBe('0.5');
        await fresh.page.getByTestId('verifier-file').setInputFiles(good);
        await fresh.page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', {
          timeout: 60_000,
        });
        await expect(fresh.page.getByTestId('box-threshold').inputValue()).resolves.toBe('0.5');
        await expect(fresh.page.getByTestId('lab-readings').innerText()).resolves.toBe(readings);
      } finally {
        await fresh.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('streams a long run with progress and partial curves, and lets a newer setting take over', async () => {
    const { page, context } = await app.newPage();
    try {
      // About two seconds of work: 5 curves × 5000 generations (the simulation caps the chains).
      await page.goto(`${app.url}#/lab/sim1?G=5000&chains=5000&mode=both&compareM=1&densityAt=100&seed=1`);
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="lab-status"]')?.getAttribute('data-phase') === 'running' &&
          document.querySelector('[data-figure="fan"] svg path'),
        undefined,
        { timeout: 60_000, polling: 20 },
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-streaming.png') });

      // A newer setting mid-run: the long run stops, and what is drawn at the end is the new one. The first run
      // may finish during the screenshot on a busy machine, so it is let finish (the page numbers finished runs
      // only while none runs), and another long one is started; seeing it stream and making the change happen
      // in one task of the page, so it cannot finish between the two.
      await runAfter(page, 0);
      const before = await runCount(page);
      await page.getByTestId('box-G').fill('4999');
      await page.getByTestId('box-G').press('Enter');
      await page.waitForFunction(
        () => {
          const status = document.querySelector('[data-testid="lab-status"]');
          const streaming =
            status?.getAttribute('data-phase') === 'running' &&
            /running… \d+ of 4999/.test(status.textContent ?? '') &&
            document.querySelector('[data-figure="fan"] svg path') !== null;
          if (!streaming) return false;
          const box = document.querySelector<HTMLInputElement>('[data-testid="box-G"]')!;
          box.value = '100';
          box.dispatchEvent(new Event('change', { bubbles: true }));
          return true;
        },
        undefined,
        { timeout: 60_000, polling: 20 },
      );
      // Until the new setting's run has finished and is drawn, so a superseded one reported as finished too
      // shows in the count.
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="lab-status"]')?.getAttribute('data-phase') === 'done' &&
          [...document.querySelectorAll('[data-figure="fan"] .axis-x text')].some(
            (t) => t.textContent === '100',
          ),
        undefined,
        { timeout: 60_000 },
      );
      expect(await runCount(page)).toBe(before + 1); // the superseded run never reported as finished
      await expect
        .poll(() => hashOf(page.url()))
        .toMatch(/^#\/lab\/sim1\?G=100&chains=\d+&mode=both&compareM=1&/);
      const ticks = await page.locator('[data-figure="fan"] .axis-x text').allTextContents();
      expect(ticks).toContain('100');
      expect(ticks).not.toContain('1,000');
      expect(await badText(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('runs collapse on the built-in sample or the Text page documents, shows any generation, exports figures', async () => {
    const { page, context } = await app.newPage();
    try {
      await page.goto(`${app.url}#/lab/ngram?generations=6&seed=3`);
      await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
      await expect(page.getByTestId('own-text-sample').isChecked()).resolves.toBe(true);
      await page.getByTestId('generation-text-0').waitFor();
      const original = await page.getByTestId('generation-text-0').innerText();
      expect(original).toMatch(/heron/);
      await page.getByTestId('generation-slider').fill('6');
      await expect(page.getByTestId('generation-shown').textContent()).resolves.toBe('6');
      const sixth = page.getByTestId('generation-text-6');
      await sixth.waitFor();
      expect((await sixth.innerText()).length).toBeGreaterThan(20);
      expect(await drawnPaths(page, 'vocabulary')).toBeGreaterThan(0);
      expect(await badText(page)).toEqual([]);

      // Hovering a figure: a guide line at the pointer and each series' nearest value in the tooltip.
      const layer = page.locator('[data-figure="vocabulary"] svg rect[role="presentation"]');
      await layer.hover();
      await page.locator('.chart-tooltip').waitFor();
      await expect(page.locator('.chart-tooltip').innerText()).resolves.toMatch(/≈ [\d.]+/);
      const guide = page.locator('[data-figure="vocabulary"] svg line[stroke="#9aa1ad"]');
      await expect(guide.count()).resolves.toBe(1);
      await page.mouse.move(0, 0);
      await expect.poll(() => guide.count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'lab-own-text.png'), fullPage: true });

      // Each figure exports its data (CSV, one row per point) and a standalone SVG, made in the page.
      const csv = await downloadText(page, 'lab-figure-vocabulary-export-csv');
      expect(csv.split('\r\n')[0]).toBe('series,kind,group,generation,piece types,lo,hi');
      expect(csv.split('\r\n').length).toBeGreaterThan(7);
      const svg = await downloadText(page, 'lab-figure-vocabulary-export-svg');
      expect(svg.slice(0, 300)).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toMatch(/Vocabulary and hapaxes/);

      // Documents added on the Text page are what the lab then runs on.
      await page.getByTestId('nav-text').click();
      await page.getByRole('button', { name: /Textbook paragraph/ }).click();
      await page.getByTestId('nav-lab').click();
      await page.getByTestId('lab-nav-ngram').click();
      await expect(page.getByTestId('own-text-yours').isChecked()).resolves.toBe(true);
      await page.waitForSelector('[data-testid="lab-status"][data-phase="done"]', { timeout: 60_000 });
      await page.getByTestId('generation-text-0').waitFor();
      const yours = await page.getByTestId('generation-text-0').innerText();
      expect(yours).toMatch(/[Pp]hotosynthesis/);
      expect(yours).not.toMatch(/heron/);
    } finally {
      await context.close();
    }
  });
});
