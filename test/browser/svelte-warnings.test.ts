/**
 * The page guard treats Svelte's runtime warnings like console.error: a warning in any browser test fails it.
 * Here a page prints one in each of Svelte's two forms; the allowance proves the guard saw it (an allowance
 * that never happens fails the test), and plain warnings stay allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';
import { isSvelteWarning } from './page-guard';

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

describe('Svelte warnings', () => {
  it('are recognised in the development and production forms only', () => {
    expect(isSvelteWarning('%c[svelte] assignment_value_stale\n%cAssignment to `x` property')).toBe(true);
    expect(isSvelteWarning('https://svelte.dev/e/assignment_value_stale')).toBe(true);
    expect(isSvelteWarning('Some other library warns about something')).toBe(false);
  });

  it('fail a browser test like console.error does', async () => {
    const { page, context } = await app.newPage({
      allow: [
        {
          kind: 'console',
          match: /svelte\.dev\/e\/assignment_value_stale/,
          because: 'the test prints a Svelte warning to check that the guard catches it',
        },
      ],
    });
    try {
      await page.evaluate(() => {
        console.warn('https://svelte.dev/e/assignment_value_stale');
        console.warn('an ordinary warning is not a failure');
      });
    } finally {
      await context.close();
    }
  });
});
