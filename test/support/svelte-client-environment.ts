/**
 * A vitest environment for the page's state classes (Session, Editor, StatsState): Node globals, but
 * modules transformed for the client, so Svelte's runes compile to the client runtime and `$effect`s run
 * (in the `node` environment Svelte's server build makes effects no-ops). There is no DOM: these tests
 * drive state, not components.
 */
import type { Environment } from 'vitest/environments';

export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
