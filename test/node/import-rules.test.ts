/**
 * The import rules of `npm run lint` (scripts/check-imports.ts with .dependency-cruiser.cjs) on small trees
 * written for each case: each rule fails on a planted violation, and a tree that keeps them passes.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports, siblingFolders, svelteImports } from '../../scripts/check-imports';

const scratch = mkdtempSync(join(tmpdir(), 'semisynth-imports-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function problemsOf(name: string, files: Record<string, string>): Promise<string[]> {
  const root = join(scratch, name);
  mkdirSync(root);
  // The compiled components import Svelte's runtime, which resolves through the project's packages.
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return (await checkImports(root)).problems;
}

const component = (script: string) => `<script lang="ts">\n${script}\n</script>\n\n<p>{1}</p>\n`;

// Imports only downward, no cycle: the base every case plants one violation into.
const layered: Record<string, string> = {
  'src/lib/io/problem.ts': 'export interface Problem { message: string }\n',
  'src/lib/stats/report.ts':
    "import type { Problem } from '../io/problem';\nexport const report = (p: Problem) => p;\n",
  'src/state/stats.ts': "import { report } from '../lib/stats/report';\nexport const state = report;\n",
  'src/components/View.svelte': component(
    "  import type { Problem } from '../lib/io/problem';\n  let p: Problem;",
  ),
  'src/pages/Page.svelte': component("  import View from '../components/View.svelte';"),
  'workers/stats.worker.ts': "import { report } from '../src/lib/stats/report';\nexport default report;\n",
  'src/cli/run.ts': "import { report } from '../lib/stats/report';\nexport const run = report;\n",
};

const cases: { name: string; plant: Record<string, string>; expected: string[] }[] = [
  { name: 'layered', plant: {}, expected: [] },
  {
    name: 'file-cycle-through-types',
    plant: {
      'src/lib/io/problem.ts':
        "import type { report } from '../stats/report';\nexport interface Problem { message: string; r?: typeof report }\n",
    },
    expected: [
      'file cycle: src/lib/io/problem.ts → src/lib/stats/report.ts → src/lib/io/problem.ts',
      'folder cycle: src/lib/io → src/lib/stats → src/lib/io',
    ],
  },
  {
    name: 'folder-cycle-without-file-cycle',
    plant: {
      'src/lib/stats/engine/blocks.ts': 'export type Format = string;\n',
      'src/lib/io/inspect.ts':
        "import type { Format } from '../stats/engine/blocks';\nexport const f: Format = '';\n",
    },
    expected: [
      'folder cycle: src/lib/io → src/lib/stats → src/lib/io\n' +
        '    src/lib/io/inspect.ts → src/lib/stats/engine/blocks.ts (type-only)\n' +
        '    src/lib/stats/report.ts → src/lib/io/problem.ts (type-only)',
    ],
  },
  {
    name: 'lib-imports-state',
    plant: {
      'src/lib/io/problem.ts': "import '../../state/stats';\nexport interface Problem { message: string }\n",
    },
    expected: ['lib-imports-only-lib: src/lib/io/problem.ts → src/state/stats.ts'],
  },
  {
    name: 'state-imports-component',
    plant: {
      'src/state/stats.ts': "import View from '../components/View.svelte';\nexport const state = View;\n",
    },
    expected: ['state-below-components: src/state/stats.ts → src/components/View.svelte'],
  },
  {
    name: 'worker-imports-state',
    plant: {
      'workers/stats.worker.ts': "import { state } from '../src/state/stats';\nexport default state;\n",
    },
    expected: ['workers-import-only-lib: workers/stats.worker.ts → src/state/stats.ts'],
  },
  {
    name: 'component-imports-page-type',
    plant: {
      'src/pages/page-props.ts': 'export interface PageProps { id: string }\n',
      'src/components/View.svelte': component(
        "  import type { PageProps } from '../pages/page-props';\n  let p: PageProps;",
      ),
    },
    expected: ['components-below-pages: src/components/View.svelte → src/pages/page-props.ts (type-only)'],
  },
  {
    name: 'cli-imports-state',
    plant: {
      'src/cli/run.ts': "import { state } from '../state/stats';\nexport const run = state;\n",
    },
    expected: ['cli-imports-only-lib: src/cli/run.ts → src/state/stats.ts'],
  },
  {
    name: 'state-imports-cli',
    plant: {
      'src/state/uses-cli.ts': "import type { run } from '../cli/run';\nexport type R = typeof run;\n",
    },
    expected: ['nothing-imports-cli: src/state/uses-cli.ts → src/cli/run.ts'],
  },
];

describe('import rules', () => {
  it.each(cases)('$name', async ({ name, plant, expected }) => {
    const problems = await problemsOf(name, { ...layered, ...plant });
    if (expected.length === 0) expect(problems).toEqual([]);
    for (const e of expected) expect(problems.join('\n')).toContain(e);
  });

  it.each([
    {
      from: 'src/lib/io/inspect.ts',
      to: 'src/lib/stats/engine/blocks.ts',
      expected: ['src/lib/io', 'src/lib/stats'],
    },
    {
      from: 'src/lib/stats/report/a.ts',
      to: 'src/lib/stats/exact/b.ts',
      expected: ['src/lib/stats/report', 'src/lib/stats/exact'],
    },
    { from: 'workers/w.ts', to: 'src/lib/x.ts', expected: ['workers', 'src'] },
    { from: 'src/lib/scoring/prior.ts', to: 'src/lib/scoring/tokens/v.ts', expected: undefined },
    { from: 'src/lib/scoring/tokens/v.ts', to: 'src/lib/scoring/scores.ts', expected: undefined },
  ])('siblingFolders($from, $to)', ({ from, to, expected }) => {
    expect(siblingFolders(from, to)).toEqual(expected);
  });

  it('reads every import of a component, type-only or not, from each script block', () => {
    const source =
      '<script module lang="ts">\n  export type { A } from "./a";\n</script>\n' +
      component(
        "  import B from './B.svelte';\n  import type { C } from './c';\n  import { type D, type E } from './d';\n" +
          "  import { type F, g } from './f';\n  import './side-effect';",
      );
    expect(svelteImports(source)).toEqual([
      { specifier: './a', typeOnly: true },
      { specifier: './B.svelte', typeOnly: false },
      { specifier: './c', typeOnly: true },
      { specifier: './d', typeOnly: true },
      { specifier: './f', typeOnly: false },
      { specifier: './side-effect', typeOnly: false },
    ]);
  });
});
