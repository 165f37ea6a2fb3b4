/**
 * eslint-rules/no-promise-event-handler.js on a component written for the test, with type information from
 * a project of its own: a handler on an element that can return a promise fails, one that cannot passes.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';
import { afterAll, expect, it } from 'vitest';
import rule from '../../eslint-rules/no-promise-event-handler.js';

const dir = mkdtempSync(join(tmpdir(), 'semisynth-rule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMPONENT = `<script lang="ts">
  import Child from './Child.svelte';
  async function work(): Promise<void> {}
  function sync(): void {}
  let flag = $state(false);
</script>

<button onclick={work}>a promise-returning function</button>
<button onclick={() => work()}>an arrow returning the promise</button>
<button onclick={() => void work()}>fire-and-forget, said so</button>
<button onclick={sync}>a plain function</button>
<button onkeydown={() => flag && work()}>a promise in a union</button>
<Child onpick={work} />
`;

it('fails on element handlers that can return a promise, and only those', async () => {
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'ESNext',
        moduleResolution: 'bundler',
        target: 'ES2022',
        types: [],
      },
      include: ['*.svelte'],
    }),
  );
  writeFileSync(join(dir, 'Probe.svelte'), COMPONENT);
  writeFileSync(
    join(dir, 'Child.svelte'),
    '<script lang="ts">\n  let { onpick }: { onpick: () => Promise<void> } = $props();\n</script>\n',
  );
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      ...svelte.configs.base,
      {
        files: ['**/*.svelte'],
        languageOptions: {
          parserOptions: {
            parser: ts.parser,
            projectService: true,
            tsconfigRootDir: dir,
            extraFileExtensions: ['.svelte'],
          },
        },
        plugins: { semisynth: { rules: { 'no-promise-event-handler': rule } } },
        rules: { 'semisynth/no-promise-event-handler': 'error' },
      },
    ],
  });
  const [result] = await eslint.lintFiles(['Probe.svelte']);
  expect(result.messages.map((m) => [m.line, m.ruleId, m.message.split(',')[0]])).toEqual([
    [8, 'semisynth/no-promise-event-handler', 'onclick returns a promise'],
    [9, 'semisynth/no-promise-event-handler', 'onclick returns a promise'],
    [12, 'semisynth/no-promise-event-handler', 'onkeydown returns a promise'],
  ]);
});
