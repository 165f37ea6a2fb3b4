/**
 * Every relative link in README.md and docs/*.md resolves in a standalone clone: the file exists inside the
 * repository (no `../shared/...`), and a `#fragment` names a heading of the target. Links are read with a
 * small pattern rather than a Markdown parser (no new dependency for a test over our own files): fenced
 * code and inline code are removed first, then `[text](target)` is matched; reference-style links are not
 * used in these files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FILES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped (hyphens kept), spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const [, title] of withoutCode(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm))
    out.add(
      title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  return out;
}

function links(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

describe('documentation links', () => {
  it.each(FILES)('%s: every relative link resolves inside the repository', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const relative = links(source).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
    const broken: string[] = [];
    for (const link of relative) {
      const [target, fragment] = link.split('#') as [string, string | undefined];
      const resolved =
        target === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), target);
      if (path.relative(ROOT, resolved).startsWith('..')) broken.push(`${link}: outside the repository`);
      else if (!existsSync(resolved)) broken.push(`${link}: no such file`);
      else if (fragment !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md')) {
        if (!anchors(readFileSync(resolved, 'utf8')).has(fragment))
          broken.push(`${link}: no heading #${fragment}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the pattern finds links and anchors the way GitHub shows them', () => {
    expect(links('See [a](docs/a.md) and [b](#deploy "t"), not `[c](x.md)`.\n```\n[d](y.md)\n```\n')).toEqual(
      ['docs/a.md', '#deploy'],
    );
    expect(anchors('## Run it\n### How scoring works\n## Sim 1 — a Gaussian')).toEqual(
      new Set(['run-it', 'how-scoring-works', 'sim-1--a-gaussian']),
    );
  });

  it('the README points to the user docs, which exist', () => {
    const readme = links(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    for (const doc of ['docs/README.md', 'docs/toedit.md', 'docs/metrics.md', 'docs/collapse-lab.md'])
      expect(readme).toContain(doc);
  });
});
