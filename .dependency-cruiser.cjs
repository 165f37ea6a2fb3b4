/**
 * The layers of src/ and workers/, which import only downward: lib ← workers ← state ← components ← pages
 * (then App.svelte and main.ts). `src/samples` is data for state, components and pages; `src/bench` is the
 * benchmark's page and worker; `src/cli` is the `semisynth` command (Node only), beside the app: it imports
 * src/lib and nothing imports it. Type-only imports count. `npm run lint` checks these rules through
 * scripts/check-imports.ts, which also applies them to Svelte components' type-only imports and forbids
 * cycles between files and between folders.
 */
const APP = '^src/(App\\.svelte|main\\.ts)$';

/** Files under `from` must not import files under `to` (no layer imports workers/: they are started by URL). */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'lib-imports-only-lib',
      'src/lib is pure TypeScript that runs in Node, workers and the page: it imports no layer above it.',
      '^src/lib/',
      ['^workers/', '^src/(state|components|pages|bench|samples|cli)/', APP],
    ),
    forbid(
      'cli-imports-only-lib',
      'The command line runs the engines of src/lib in Node; it shares nothing with the app or its workers.',
      '^src/cli/',
      ['^workers/', '^src/(state|components|pages|bench|samples)/', APP],
    ),
    forbid(
      'nothing-imports-cli',
      'src/cli is Node-only (node:fs, onnxruntime-node): the page, its workers and src/lib must never import it.',
      '^(workers/|src/(?!cli/))',
      '^src/cli/',
    ),
    forbid('workers-import-only-lib', 'A worker is a thin shell over a worker API in src/lib.', '^workers/', [
      '^src/(state|components|pages|bench|samples)/',
      APP,
    ]),
    forbid(
      'state-below-components',
      "The pages' state does not know the components that render it.",
      '^src/state/',
      ['^workers/', '^src/(components|pages|bench)/', APP],
    ),
    forbid(
      'components-below-pages',
      'Components do not import the pages that compose them.',
      '^src/components/',
      ['^workers/', '^src/(pages|bench)/', APP],
    ),
    forbid('pages-below-app', 'Pages do not import the app shell.', '^src/pages/', [
      '^workers/',
      '^src/bench/',
      APP,
    ]),
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing package.',
      from: {},
      // Vite's asset suffixes (?url) are not modules.
      to: { couldNotResolve: true, pathNot: '\\?(url|raw|worker)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.svelte', '.d.ts', '.json'],
    },
  },
};
