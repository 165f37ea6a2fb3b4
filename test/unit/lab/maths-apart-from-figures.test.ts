/**
 * Transforms apart from marks (docs/style.md): a simulation's maths tests never reach its figure code, so a
 * change to how a result is drawn cannot break, or hide behind, a test of the numbers. Every test file in a
 * simulation's folder except its figures test is followed through its relative imports, type imports too,
 * and none may reach a `*-figures.ts` module or the lab's figure styling.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const HERE = import.meta.dirname;
const FIGURE_CODE = /(-figures|figure-marks)\.ts$/;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), m[1]);
    out.push(target.endsWith('.ts') ? target : `${target}.ts`);
  }
  return out;
}

/** Every module `file` reaches through relative imports. */
function reached(file: string): Set<string> {
  const seen = new Set<string>();
  const stack = [file];
  while (stack.length > 0) {
    for (const next of importsOf(stack.pop()!)) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return seen;
}

const simulationFolders = readdirSync(HERE).filter((name) => statSync(path.join(HERE, name)).isDirectory());
const mathsTests = simulationFolders.flatMap((folder) =>
  readdirSync(path.join(HERE, folder))
    .filter((name) => name.endsWith('.test.ts') && !name.endsWith('-figures.test.ts'))
    .map((name) => `${folder}/${name}`),
);

describe('maths tests never import figure code', () => {
  it('finds the simulations’ test folders', () => {
    expect(simulationFolders.length).toBeGreaterThan(0);
  });

  it.each(mathsTests)('%s', (test) => {
    const figureModules = [...reached(path.join(HERE, test))].filter((f) => FIGURE_CODE.test(f));
    expect(figureModules.map((f) => path.relative(HERE, f))).toEqual([]);
  });
});
