/**
 * The layers of src/ and workers/, which import only downward: lib ← workers ← state ← components ← pages
 * (then App.svelte and main.ts). `src/samples` is data any layer above lib may read; `src/bench` is the
 * benchmark's page and worker. Type-only imports count. `npm run lint` checks these rules through
 * scripts/check-imports.ts, which also applies them to Svelte components' type-only imports and forbids
 * cycles between files and between folders.
 */
const APP = '^src/(App\\.svelte|main\\.ts)$';
const ABOVE_LIB = ['^workers/', '^src/(state|components|pages|bench|samples)/', APP];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-imports-only-lib',
      severity: 'error',
      comment:
        'src/lib is pure TypeScript that runs in Node, workers and the page: it imports no layer above it.',
      from: { path: '^src/lib/' },
      to: { path: ABOVE_LIB },
    },
    {
      name: 'workers-import-only-lib',
      severity: 'error',
      comment: 'A worker is a thin shell over a worker API in src/lib.',
      from: { path: '^workers/' },
      to: { path: ['^src/(state|components|pages|bench|samples)/', APP] },
    },
    {
      name: 'state-below-components',
      severity: 'error',
      comment: "The pages' state does not know the components that render it.",
      from: { path: '^src/state/' },
      to: { path: ['^workers/', '^src/(components|pages|bench)/', APP] },
    },
    {
      name: 'components-below-pages',
      severity: 'error',
      comment: 'Components do not import the pages that compose them.',
      from: { path: '^src/components/' },
      to: { path: ['^workers/', '^src/(pages|bench)/', APP] },
    },
    {
      name: 'pages-below-app',
      severity: 'error',
      comment: 'Pages do not import the app shell.',
      from: { path: '^src/pages/' },
      to: { path: ['^workers/', '^src/bench/', APP] },
    },
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
