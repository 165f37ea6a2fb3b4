#!/usr/bin/env node
// The `semisynth` command. The CLI is TypeScript run through tsx (already a dependency of the project's
// scripts): it imports the very src/lib modules the page's workers run, with no separate build to keep in
// step. See the README's "Command line" section.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
