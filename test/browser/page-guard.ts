/**
 * Makes a browser test fail when the app fails, even where the test's own assertions would pass: any
 * uncaught error or unhandled rejection in the page or its workers, any console.error from either, any
 * warning Svelte prints (`[svelte] code` in development builds, `https://svelte.dev/e/code` in production
 * ones: a reactivity bug such as assignment_value_stale), and any
 * request that leaves the machine (anything not served by the test's own 127.0.0.1 server; data: and blob:
 * URLs stay in the page). A test that provokes an error on purpose names it in `allow`; every allowance
 * must then happen at least once, so it cannot outlive the behaviour it was written for.
 */
import { onTestFinished } from 'vitest';
import type { BrowserContext, ConsoleMessage, WebError } from 'playwright-core';

/** One error a test expects: which kind, and a pattern its text must match. */
export interface Allowance {
  /** 'console': console.error from the page or a worker; 'error': an uncaught error or unhandled rejection. */
  kind: 'console' | 'error';
  match: RegExp;
  /** Why the test provokes it (shown if it never happens). */
  because: string;
}

export interface GuardOptions {
  /** Origins besides the app's that the page may request (e.g. a fake model host), with their trailing slash. */
  origins?: string[];
  allow?: Allowance[];
}

export interface Incident {
  kind: 'console' | 'error' | 'request';
  text: string;
  /** The worker script it came from, when not the page. */
  from?: string;
}

export class PageGuard {
  readonly incidents: Incident[] = [];
  private readonly used = new Set<Allowance>();

  constructor(
    private readonly origins: string[],
    private readonly allow: Allowance[],
  ) {}

  /** Watches every page and worker of `context` (Playwright reports worker errors and console per context). */
  watch(context: BrowserContext): void {
    context.on('weberror', (e: WebError) => this.record({ kind: 'error', text: describeError(e.error()) }));
    context.on('console', (m: ConsoleMessage) => {
      if (m.type() !== 'error' && !(m.type() === 'warning' && isSvelteWarning(m.text()))) return;
      const worker = m.worker();
      // A failed load names no URL in its text; its location does.
      const url = m.location().url;
      const text = /^Failed to load resource/.test(m.text()) && url ? `${m.text()} (${url})` : m.text();
      const incident: Incident = { kind: 'console', text };
      if (worker) incident.from = worker.url().split('/').pop();
      this.record(incident);
    });
    context.on('request', (r) => {
      const url = r.url();
      if (/^(data|blob):/.test(url) || this.origins.some((o) => url.startsWith(o))) return;
      this.record({ kind: 'request', text: url });
    });
  }

  private record(incident: Incident): void {
    const allowance = this.allow.find((a) => a.kind === incident.kind && a.match.test(incident.text));
    if (allowance) {
      this.used.add(allowance);
      return;
    }
    this.incidents.push(incident);
    // Live, so a hung test still shows what went wrong.
    console.error(`[page ${incident.kind}${incident.from ? ` in ${incident.from}` : ''}] ${incident.text}`);
  }

  /** What should fail the test: every incident not allowed, and every allowance that never happened. */
  failures(): string[] {
    const out = this.incidents.map(
      (i) =>
        `${i.kind === 'request' ? 'foreign request' : i.kind === 'console' ? 'console.error' : 'page error'}` +
        `${i.from ? ` (worker ${i.from})` : ''}: ${i.text}`,
    );
    for (const a of this.allow) {
      if (!this.used.has(a)) out.push(`expected ${a.kind} ${a.match} never happened (${a.because})`);
    }
    return out;
  }

  /** Throws with every failure, one per line. */
  check(): void {
    const failures = this.failures();
    if (failures.length > 0) throw new Error(`the app failed while the test ran:\n${failures.join('\n')}`);
  }
}

/** Svelte's runtime warnings, in both forms it prints them. */
export function isSvelteWarning(text: string): boolean {
  return /\[svelte\] |https:\/\/svelte\.dev\/e\//.test(text);
}

function describeError(error: Error): string {
  return error.stack?.includes(error.message) ? error.message : `${error.name}: ${error.message}`;
}

/**
 * Guards `context` for the running test: the test fails when it finishes if the guard saw anything not
 * allowed. Call it inside a test (not in beforeAll), once per context.
 */
export function guardContext(
  context: BrowserContext,
  appOrigin: string,
  options: GuardOptions = {},
): PageGuard {
  const guard = new PageGuard([appOrigin, ...(options.origins ?? [])], options.allow ?? []);
  guard.watch(context);
  onTestFinished(() => guard.check());
  return guard;
}
