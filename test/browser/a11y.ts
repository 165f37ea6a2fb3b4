/**
 * Accessibility and layout checks for the states a browser test reaches: axe-core (a maintained
 * accessibility engine) on the whole page, and overlapping labels — chart text and table cells whose boxes
 * intersect, and controls covered by something else at their centre.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is. Evaluated through the DevTools protocol,
 * which the page's Content-Security-Policy (no inline script) does not govern.
 */
export async function seriousViolations(page: Page): Promise<A11yViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
  });
}

/**
 * Pairs of labels whose boxes overlap by more than `tolerance` px in both directions: SVG text (axis titles,
 * ticks, legends) within one chart, and table cells of different tables; SVG text that runs out of its chart
 * sideways; plus buttons, links and inputs
 * whose centre is covered by another element. Each is described as "a ↔ b".
 */
export async function overlappingLabels(page: Page, tolerance = 2): Promise<string[]> {
  return page.evaluate((tol) => {
    const out: string[] = [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
    const overlap = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > tol &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tol;

    for (const svg of document.querySelectorAll('svg')) {
      const texts = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).visibility !== 'hidden')
        .map((t) => ({ t, r: t.getBoundingClientRect() }))
        .filter(({ r }) => visible(r));
      // Text running out of its chart's box is cut off in an export and runs into the page beside it.
      const box = svg.getBoundingClientRect();
      for (const { t, r } of texts)
        if (r.left < box.left - tol || r.right > box.right + tol)
          out.push(`${name(t)} runs out of its chart`);
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++)
          if (overlap(texts[i].r, texts[j].r)) out.push(`${name(texts[i].t)} ↔ ${name(texts[j].t)}`);
    }

    const tables = [...document.querySelectorAll('table')].map((t) => ({ t, r: t.getBoundingClientRect() }));
    for (let i = 0; i < tables.length; i++)
      for (let j = i + 1; j < tables.length; j++)
        if (visible(tables[i].r) && visible(tables[j].r) && overlap(tables[i].r, tables[j].r))
          out.push(`${name(tables[i].t)} ↔ ${name(tables[j].t)}`);

    for (const el of document.querySelectorAll<HTMLElement>(
      'button, a[href], select, input:not(.visually-hidden)',
    )) {
      const r = el.getBoundingClientRect();
      if (!visible(r) || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      if (getComputedStyle(el).visibility === 'hidden') continue;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (
        top &&
        top !== el &&
        !el.contains(top) &&
        !top.contains(el) &&
        !((el as HTMLInputElement).labels?.length ?? 0)
      )
        out.push(`${name(el)} covered by ${name(top)}`);
    }
    return out;
  }, tolerance);
}

/**
 * The outermost elements that reach past the viewport's right edge (skipping those inside a box that
 * scrolls or clips), as "tag.class (right edge)", to say what makes a page overflow.
 */
async function widest(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (el: Element) => {
      const style = getComputedStyle(el);
      if (style.position === 'fixed') return;
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 && r.width > 0) {
        const inner = [...el.children].filter((c) => c.getBoundingClientRect().right > innerWidth + 0.5);
        if (inner.length === 0 || el.tagName.toLowerCase() === 'svg') {
          const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
          const id = el.closest('[data-testid]')?.getAttribute('data-testid');
          out.push(
            `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${id ? `[${id}]` : ''} to ${Math.round(r.right)}`,
          );
          return;
        }
      }
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden') return;
      for (const c of el.children) walk(c);
    };
    walk(document.body);
    return out.slice(0, 6);
  });
}

/** Checks the page at each width (and back), returning every finding with the width it was seen at. */
export async function checkLayouts(page: Page, widths: number[]): Promise<string[]> {
  const before = page.viewportSize()!;
  const findings: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: before.height });
    // Charts size themselves from ResizeObserver callbacks: measure once two frames have been drawn.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    if (overflow > 0)
      findings.push(`${width} px: the page overflows by ${overflow} px (${(await widest(page)).join('; ')})`);
    for (const f of await overlappingLabels(page)) findings.push(`${width} px: ${f}`);
    for (const v of await seriousViolations(page))
      findings.push(`${width} px: axe ${v.impact} ${v.id} (${v.help}): ${v.nodes.join(', ')}`);
  }
  await page.setViewportSize(before);
  return findings;
}
