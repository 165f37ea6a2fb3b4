/**
 * Snapshot cases as a table (Observable Plot's test/plots): each case renders one state of a chart or view
 * into its own small file, snapshots/<name>.svg or .html beside the test file, and states in `check` what
 * that file must show, so a reader need not diff it.
 */
import { expect, it } from 'vitest';
import type { Component } from 'svelte';
import { renderMarkup, snapshotMarkup, type Part } from './snapshot-markup';

export interface SnapshotCase {
  /** The file's name: the state it shows. */
  name: string;
  /** The whole render (every number in it must be finite, whatever part is kept). */
  render: () => string;
  /** The part kept in the file; the whole render when absent. */
  part?: Part;
  /** Assertions on the kept part's formatted markup (and on the whole render, for what lies outside it). */
  check?: (markup: string, whole: string) => void;
}

/** Every number on a rendered chart or table must be finite: no NaN, no Infinity, no undefined value. */
export function expectNoJunk(html: string): void {
  // "… is undefined for every document" is a reason a view shows in words, not a missing value.
  expect(html.match(/.{0,80}(NaN|Infinity|(?<!is )undefined).{0,20}/)?.[0]).toBeUndefined();
}

/** How many times `pattern` (a global regex) occurs in the markup. */
export function count(markup: string, pattern: RegExp): number {
  return markup.match(pattern)?.length ?? 0;
}

/** One vitest case per snapshot case. */
export function snapshotCases(cases: SnapshotCase[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      const html = c.render();
      expectNoJunk(html);
      const { text, ext } = snapshotMarkup(html, c.part);
      c.check?.(text, html.replace(/\s+/g, ' '));
      await expect(text).toMatchFileSnapshot(`snapshots/${c.name}.${ext}`);
    });
  }
}

/** A builder of one component's cases: each case's `props` go over `defaults`, naming only what makes its state. */
export function casesOf<P extends Record<string, unknown>>(component: Component<P>, defaults: NoInfer<P>) {
  return (c: Omit<SnapshotCase, 'render'> & { props?: Partial<P> }): SnapshotCase => ({
    ...c,
    render: () => renderMarkup(component, { ...defaults, ...c.props }),
  });
}
