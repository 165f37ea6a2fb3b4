/**
 * The collapse lab's interaction times against the 200 ms target (issue 6): for each simulation, its
 * default run and a typical slider change, repeated, in Node on this CPU (the same runSimulation the
 * worker calls: check, run, figures, readings); then the same two interactions through the real page and
 * its worker in Chromium, timed by the page from the change to the answer (worker messaging included,
 * drawing excluded). One JSON line per simulation, interaction and place.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from './options';
import { emit, round, type Machine } from './report';
import { ROOT } from './paths';
import { ensureBuilt, previewBench } from './build';
import { launchChromium } from '../chromium';
import type { Page } from 'playwright-core';
import { runSimulation, type AnySimulation } from '../../src/lib/lab/runner';
import { SIMULATIONS } from '../../src/lib/lab/registry';
import { ngramCollapse } from '../../src/lib/lab/ngram-collapse/ngram-collapse';
import { sampleText } from '../../src/lib/lab/own-text';
import { presetParams } from '../../src/lib/lab/url-state';
import type { Params } from '../../src/lib/lab/simulation';

export const TARGET_MS = 200;

/**
 * A typical slider change per simulation: the control a learner moves first. A simulation not listed here
 * gets its first number field moved a tenth of the way along its slider.
 */
export const SLIDER_CHANGES: Record<string, Params> = {
  sim1: { M: 1000 },
  sim2: { beta: 1.5 },
  sim3: { eta: 0.3 },
  sim4: { p: 0.7 },
  sim5: { threshold: 3 },
  ngram: { mode: 'edit' },
};

export function sliderChange(sim: AnySimulation): Params {
  const listed = SLIDER_CHANGES[sim.id];
  if (listed) return listed;
  const field = sim.fields.find((f) => f.kind === 'number');
  if (!field || field.kind !== 'number') return {};
  const value = Number(sim.defaults[field.key]);
  const moved =
    field.log && field.min > 0
      ? value * (field.max / field.min) ** 0.1
      : value + (field.max - field.min) / 10;
  const clamped = Math.min(field.max, moved > field.max ? value - (field.max - field.min) / 10 : moved);
  return { [field.key]: field.integer ? Math.round(clamped) : clamped };
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const p90 = quantile(sorted, 0.9);
  return {
    medianMs: round(median),
    p90Ms: round(p90),
    runs: times.length,
    targetMs: TARGET_MS,
    withinTarget: p90 < TARGET_MS,
  };
}

/** The lab's simulations, with "collapse on your own text" bound to the built-in sample. */
function simulations(): AnySimulation[] {
  const samples = ['field-notes.txt', 'textbook.txt'].map((f) => ({
    text: readFileSync(path.join(ROOT, 'src/samples', f), 'utf8'),
  }));
  return [...SIMULATIONS, ngramCollapse(sampleText(samples).texts, 'the built-in sample')];
}

function timeNode(sim: AnySimulation, params: Params, repetitions: number) {
  const once = () => {
    const t0 = performance.now();
    const outcome = runSimulation(sim, params, 1);
    const ms = performance.now() - t0;
    if (outcome.status !== 'done')
      throw new Error(`${sim.id}: ${outcome.status} ${'error' in outcome ? outcome.error : ''}`);
    return ms;
  };
  const coldMs = once(); // the first run in a fresh worker pays for compiling the code
  const times = Array.from({ length: repetitions }, once);
  return { coldMs: round(coldMs), ...summary(times) };
}

export async function runLabBench(options: BenchOptions, machine: Machine): Promise<void> {
  const repetitions = options.quick ? 5 : 15;
  const sims = simulations();
  for (const sim of sims) {
    const defaults = presetParams(sim).params;
    for (const [interaction, params] of [
      ['default', defaults],
      ['slider', { ...defaults, ...sliderChange(sim) }],
    ] as const) {
      try {
        const change = interaction === 'slider' ? sliderChange(sim) : {};
        emit(
          'lab',
          { sim: sim.id, interaction, change, where: 'node', ...timeNode(sim, params, repetitions) },
          machine,
        );
      } catch (error) {
        emit('lab', { sim: sim.id, interaction, where: 'node', error: String(error) }, machine);
      }
    }
  }
  try {
    await timeWorker(sims, options, machine);
  } catch (error) {
    emit('lab', { where: 'worker', error: String(error) }, machine);
  }
}

/**
 * Through the page: opens each simulation's URL, then alternates between the slider change and the
 * defaults by writing the URL (as a pasted link would), reading the page's own round-trip time for each.
 */
async function timeWorker(sims: AnySimulation[], options: BenchOptions, machine: Machine): Promise<void> {
  await ensureBuilt(options.build);
  const server = await previewBench();
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('[lab bench page error]', e.message));
    const base = `http://127.0.0.1:${address.port}/`;
    const repetitions = options.quick ? 5 : 15;
    await page.addInitScript(() => {
      const w = window as unknown as { __labLongTasks: number[] };
      w.__labLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__labLongTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await streamingLongTasks(page, base, machine);
    for (const sim of sims) {
      const withChange = `${sim.id}?${new URLSearchParams(stringParams(sliderChange(sim)))}&seed=1`;
      const plain = `${sim.id}?seed=1`;
      await page.goto(`${base}#/lab/${plain}`);
      let run = await nextRun(page, 0);
      const times: Record<'default' | 'slider', number[]> = { default: [], slider: [] };
      for (let i = 0; i < repetitions; i++) {
        for (const [interaction, rest] of [
          ['slider', withChange],
          ['default', plain],
        ] as const) {
          await page.evaluate((hash) => (location.hash = hash), `#/lab/${rest}`);
          const next = await nextRun(page, run.run);
          run = next;
          times[interaction].push(next.roundTripMs);
        }
      }
      for (const interaction of ['default', 'slider'] as const)
        emit('lab', { sim: sim.id, interaction, where: 'worker', ...summary(times[interaction]) }, machine);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

/**
 * The page while a long run streams (Sim 1, 5 curves × 5000 generations, about two seconds of work): the
 * longest main-thread task, which is how long a click could wait. Partial frames are drawn at most once per
 * animation frame and at least twice their drawing time apart, and from at most ~600 points per series.
 */
async function streamingLongTasks(page: Page, base: string, machine: Machine): Promise<void> {
  const rest = 'sim1?G=5000&chains=5000&mode=both&compareM=1&densityAt=100&seed=1';
  await page.goto(`${base}#/lab/${rest}`);
  await nextRun(page, 0);
  const before = await page.evaluate(
    () => (window as unknown as { __labLongTasks: number[] }).__labLongTasks.length,
  );
  const started = Date.now();
  await page.evaluate((hash) => (location.hash = hash), `#/lab/${rest.replace('seed=1', 'seed=2')}`);
  await nextRun(page, 1);
  const tasks = await page.evaluate(
    (n) => (window as unknown as { __labLongTasks: number[] }).__labLongTasks.slice(n),
    before,
  );
  emit(
    'lab',
    {
      sim: 'sim1',
      interaction: 'long run, streamed',
      params: rest,
      where: 'page',
      runMs: Date.now() - started,
      longTasks: tasks.length,
      longestTaskMs: round(Math.max(0, ...tasks)),
    },
    machine,
  );
}

function stringParams(params: Params): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]),
  );
}

/** Waits until the page has finished a run after run number `after`; its round trip in ms. */
async function nextRun(
  page: import('playwright-core').Page,
  after: number,
): Promise<{ run: number; roundTripMs: number }> {
  const status = page.getByTestId('lab-status');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="lab-status"]')?.getAttribute('data-run') ?? 0) > n,
    after,
    { timeout: 60_000 },
  );
  return {
    run: Number(await status.getAttribute('data-run')),
    roundTripMs: Number(await status.getAttribute('data-roundtrip-ms')),
  };
}
