/**
 * The import rules of `npm run lint`. dependency-cruiser reads every import of src/ and workers/ (type-only
 * ones too) and checks the layers declared in .dependency-cruiser.cjs; this script adds what it cannot see
 * or say on its own:
 *
 * - type-only imports in Svelte components: dependency-cruiser reads a component through the Svelte
 *   compiler, whose output has lost them, so they are read here from the component's <script> blocks and
 *   checked against the same layer rules;
 * - cycles, over that whole graph: between files, and between sibling folders at every depth (src/lib/io
 *   and src/lib/stats may not import each other in a cycle even when no two files do). A type cycle shows a
 *   type defined in the wrong place.
 *
 * Usage: tsx scripts/check-imports.ts [root] — exits 1 and lists every problem when a rule is broken.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cruise, format, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import ts from 'typescript';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['src', 'workers'];

/** One import: repository-relative posix paths. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Specifiers a Svelte component imports in its <script> blocks, with whether each is type-only. */
export function svelteImports(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const block of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const file = ts.createSourceFile('component.ts', block[1], ts.ScriptTarget.Latest, false);
    for (const s of file.statements) {
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
        const clause = s.importClause;
        const named = clause?.namedBindings;
        const typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined &&
              named !== undefined &&
              ts.isNamedImports(named) &&
              named.elements.length > 0 &&
              named.elements.every((e) => e.isTypeOnly)));
        found.push({ specifier: s.moduleSpecifier.text, typeOnly });
      } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
        found.push({ specifier: s.moduleSpecifier.text, typeOnly: s.isTypeOnly });
      }
    }
  }
  return found;
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** A relative specifier as the bundler resolves it, or undefined (packages, or nothing there). */
function resolveRelative(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.join(posix.dirname(from), specifier);
  return ['', '.ts', '.js', '.svelte', '/index.ts']
    .map((ext) => base + ext)
    .find((p) => isFile(join(root, p)));
}

const isLocal = (path: string): boolean => ROOTS.some((r) => path.startsWith(`${r}/`));

/** Every local import dependency-cruiser found, plus the type-only imports of Svelte components it missed. */
export function importEdges(
  root: string,
  modules: ICruiseResult['modules'],
): {
  edges: ImportEdge[];
  svelteOnly: ImportEdge[];
} {
  const edges: ImportEdge[] = [];
  const svelteOnly: ImportEdge[] = [];
  for (const m of modules) {
    if (!isLocal(m.source)) continue;
    const seen = new Set<string>();
    for (const d of m.dependencies) {
      if (d.couldNotResolve || !isLocal(d.resolved)) continue;
      seen.add(d.resolved);
      edges.push({ from: m.source, to: d.resolved, typeOnly: d.dependencyTypes.includes('type-only') });
    }
    if (!m.source.endsWith('.svelte')) continue;
    for (const { specifier, typeOnly } of svelteImports(readFileSync(join(root, m.source), 'utf8'))) {
      const to = resolveRelative(root, m.source, specifier);
      if (to === undefined || seen.has(to)) continue;
      seen.add(to);
      const edge = { from: m.source, to, typeOnly };
      edges.push(edge);
      svelteOnly.push(edge);
    }
  }
  return { edges, svelteOnly };
}

const describe = (e: ImportEdge): string => `${e.from} → ${e.to}${e.typeOnly ? ' (type-only)' : ''}`;

const patterns = (p: string | string[] | undefined): RegExp[] =>
  p === undefined ? [] : (Array.isArray(p) ? p : [p]).map((s) => new RegExp(s));

function matches(
  path: string,
  include: string | string[] | undefined,
  exclude: string | string[] | undefined,
) {
  const inc = patterns(include);
  return (inc.length === 0 || inc.some((r) => r.test(path))) && !patterns(exclude).some((r) => r.test(path));
}

/**
 * The config's path rules (only `path` and `pathNot` on either end) applied to edges dependency-cruiser did
 * not see. Rules with any other condition are dependency-cruiser's alone.
 */
export function pathRuleViolations(
  edges: readonly ImportEdge[],
  rules: readonly IForbiddenRuleType[],
): string[] {
  const pathOnly = (o: object) => Object.keys(o).every((k) => k === 'path' || k === 'pathNot');
  const out: string[] = [];
  for (const rule of rules) {
    if (!('from' in rule) || !('to' in rule) || !pathOnly(rule.from) || !pathOnly(rule.to)) continue;
    const from = rule.from as { path?: string | string[]; pathNot?: string | string[] };
    const to = rule.to as { path?: string | string[]; pathNot?: string | string[] };
    for (const e of edges) {
      if (matches(e.from, from.path, from.pathNot) && matches(e.to, to.path, to.pathNot)) {
        out.push(`${rule.name ?? 'forbidden'}: ${describe(e)}`);
      }
    }
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan), each with its nodes sorted. */
function cyclicComponents(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The shortest cycle through `start` within its component (breadth-first). */
function shortestCycle(graph: ReadonlyMap<string, ReadonlySet<string>>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

function graphOf(pairs: Iterable<readonly [string, string]>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

/**
 * One line per set of files (or folders) that reach each other: the shortest cycle among them, which is
 * usually the import to undo, and the others on cycles with it.
 */
function describeComponent(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  component: readonly string[],
  what: string,
): { cycle: string[]; line: string } {
  const cycle = component
    .map((v) => shortestCycle(graph, v))
    .reduce((best, c) => (c.length < best.length ? c : best));
  const others = component.filter((v) => !cycle.includes(v));
  const more =
    others.length === 0
      ? ''
      : others.length > 8
        ? ` (and ${others.length} more ${what}s)`
        : ` (and ${others.join(', ')})`;
  return { cycle, line: `${what} cycle: ${cycle.join(' → ')}${more}` };
}

/** File cycles, type-only imports included. */
export function fileCycles(edges: readonly ImportEdge[]): string[] {
  const graph = graphOf(edges.map((e) => [e.from, e.to] as const));
  return cyclicComponents(graph).map((c) => describeComponent(graph, c, 'file').line);
}

/**
 * The folders an import crosses between: the two sibling folders under the deepest folder holding both
 * files (src/lib/io/inspect.ts → src/lib/stats/engine/blocks.ts: src/lib/io → src/lib/stats). None when
 * one file sits in that common folder itself.
 */
export function siblingFolders(from: string, to: string): [string, string] | undefined {
  const a = posix.dirname(from).split('/');
  const b = posix.dirname(to).split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  if (common === a.length || common === b.length) return undefined;
  return [a.slice(0, common + 1).join('/'), b.slice(0, common + 1).join('/')];
}

/** Cycles between sibling folders, with an import for each step. */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const witness = new Map<string, ImportEdge>();
  for (const e of edges) {
    const folders = siblingFolders(e.from, e.to);
    if (!folders) continue;
    const key = folders.join('\0');
    const known = witness.get(key);
    // A value import says more than a type-only one about why the folders depend on each other.
    if (!known || (known.typeOnly && !e.typeOnly)) witness.set(key, e);
  }
  const graph = graphOf([...witness.keys()].map((k) => k.split('\0') as [string, string]));
  return cyclicComponents(graph).map((c) => {
    const { cycle, line } = describeComponent(graph, c, 'folder');
    const steps = cycle.slice(1).map((to, i) => `\n    ${describe(witness.get(`${cycle[i]}\0${to}`)!)}`);
    return line + steps.join('');
  });
}

/** Every broken rule under `root` (dependency-cruiser's report first), or an empty list. */
export async function checkImports(root: string, config = join(REPO, '.dependency-cruiser.cjs')) {
  const options = await extractDepcruiseOptions(config);
  const cruised = await cruise(
    ROOTS.filter((r) => existsSync(join(root, r))),
    {
      ...options,
      baseDir: root,
      outputType: 'json',
    },
  );
  const result = JSON.parse(cruised.output as string) as ICruiseResult;
  const problems: string[] = [];
  if (result.summary.error > 0) {
    problems.push(((await format(result, { outputType: 'err' })).output as string).trim());
  }
  const { edges, svelteOnly } = importEdges(root, result.modules);
  problems.push(...pathRuleViolations(svelteOnly, options.ruleSet?.forbidden ?? []));
  problems.push(...fileCycles(edges), ...folderCycles(edges));
  return { problems, modules: result.modules.filter((m) => isLocal(m.source)).length, edges: edges.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { problems, modules, edges } = await checkImports(resolve(process.argv[2] ?? REPO));
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`\n✘ import rules broken (see .dependency-cruiser.cjs and scripts/check-imports.ts)`);
    process.exit(1);
  }
  console.log(`✔ imports: ${modules} files, ${edges} imports; no cycle, no upward import`);
}
