import { render } from 'svelte/server';
import type { Component } from 'svelte';
import { roundNumbers } from '../../../../src/lib/present/charts/marks';

/**
 * A component rendered to HTML in Node (svelte/server), normalised for a snapshot: hydration comments and
 * Svelte's scoped class hashes removed, numbers rounded to 3 decimals, one element per line.
 */
export function renderSnapshot<P extends Record<string, unknown>>(component: Component<P>, props: P): string {
  const { body } = render(component, { props });
  return roundNumbers(
    body
      .replace(/<!--[^]*?-->/g, '')
      .replace(/\s?svelte-[a-z0-9]+/g, '')
      .replace(/ class=""/g, '')
      .replace(/></g, '>\n<'),
  );
}
