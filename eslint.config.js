import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
import noPromiseEventHandler from './eslint-rules/no-promise-event-handler.js';

export default ts.config(
  { ignores: ['node_modules/', 'dist/', 'dist-*/', '.cache/', 'public/models/', 'test-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      // Injected by vite.config.ts (define); declared in src/env.d.ts.
      globals: {
        ...globals.browser,
        ...globals.node,
        ...globals.worker,
        __SEMISYNTH_VERSION__: 'readonly',
        __SEMISYNTH_MODEL_HOSTS__: 'readonly',
        __SEMISYNTH_TEST_HOOKS__: 'readonly',
        __SEMISYNTH_SERVICE_WORKER__: 'readonly',
      },
      // Type information for the rules below, from tsconfig.json's project.
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise nobody awaits loses its rejection; one passed where a callback's result is ignored too.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A new member of a union must be handled wherever the union is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
  },
  {
    // no-misused-promises for the `on…={…}` attributes of Svelte templates, which it does not see.
    files: ['**/*.svelte'],
    plugins: { semisynth: { rules: { 'no-promise-event-handler': noPromiseEventHandler } } },
    rules: { 'semisynth/no-promise-event-handler': 'error' },
  },
  {
    // Configuration and helper scripts in plain JavaScript are outside the TypeScript project.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...ts.configs.disableTypeChecked,
  },
);
