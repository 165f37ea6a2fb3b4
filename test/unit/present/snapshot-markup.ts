/**
 * Markup for file snapshots a reviewer can open: a component rendered in Node (svelte/server), one part of
 * it picked (a chart's <svg>, or an element by its data-testid), indented one element per line, with numbers
 * rounded to 3 decimals. A chart comes out as a standalone .svg (with its xmlns), anything else as .html.
 */
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import { roundNumbers } from '../../../src/lib/present/charts/marks';

/** A component's server-rendered body without hydration comments and Svelte's scoped class hashes. */
export function renderMarkup<P extends Record<string, unknown>>(component: Component<P>, props: P): string {
  const { body } = render(component, { props });
  return body
    .replace(/<!--[^]*?-->/g, '')
    .replace(/\s?svelte-[a-z0-9]+/g, '')
    .replace(/ class=""/g, '');
}

/** An element of the rendered markup: its opening tag as written, its name, and what it holds. */
interface MarkupElement {
  open: string;
  tag: string;
  children: MarkupNode[];
}
type MarkupNode = MarkupElement | string;

const VOID = new Set('area base br col embed hr img input link meta source wbr'.split(' '));
// A tag (attribute values may hold '>'), or a run of text (Svelte escapes '<' in text).
const TOKEN = /<\/?([a-zA-Z][\w:-]*)(?:\s+[^\s=>/]+(?:="[^"]*")?)*\s*\/?>|[^<]+/g;

/** The markup as a tree: elements with their opening tag, and text. */
function parse(html: string): MarkupNode[] {
  const root: MarkupElement = { open: '', tag: '', children: [] };
  const stack = [root];
  let at = 0;
  for (const m of html.matchAll(TOKEN)) {
    const [token, tag] = m;
    if (m.index !== at) throw new Error(`unreadable markup at ${at}: ${html.slice(at, at + 40)}`);
    at += token.length;
    const top = stack[stack.length - 1];
    if (tag === undefined) top.children.push(token);
    else if (token.startsWith('</')) {
      if (top.tag !== tag) throw new Error(`</${tag}> closes <${top.tag}>`);
      stack.pop();
    } else {
      const el: MarkupElement = { open: token, tag, children: [] };
      top.children.push(el);
      if (!VOID.has(tag) && !token.endsWith('/>')) stack.push(el);
    }
  }
  if (at !== html.length) throw new Error(`unreadable markup at ${at}: ${html.slice(at, at + 40)}`);
  if (stack.length > 1) throw new Error(`<${stack[stack.length - 1].tag}> is never closed`);
  return root.children;
}

const WIDTH = 120;
const close = (el: MarkupElement) => (VOID.has(el.tag) || el.open.endsWith('/>') ? '' : `</${el.tag}>`);
const inline = (n: MarkupNode): string =>
  typeof n === 'string' ? n.replace(/\s+/g, ' ') : n.open + n.children.map(inline).join('') + close(n);

/**
 * One element per line, indented by two spaces; an element stays on one line when it fits in 120 columns
 * or holds only text. Runs of whitespace become one space, and none is kept at the ends of a line.
 */
function print(nodes: MarkupNode[], depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  for (const n of nodes) {
    if (typeof n === 'string') {
      const text = n.replace(/\s+/g, ' ').trim();
      if (text) out.push(pad + text);
      continue;
    }
    const line = inline(n).trim();
    if (n.children.every((c) => typeof c === 'string') || pad.length + line.length <= WIDTH) {
      out.push(pad + line);
      continue;
    }
    out.push(pad + n.open);
    print(n.children, depth + 1, out);
    out.push(pad + close(n));
  }
}

function find(nodes: MarkupNode[], match: (e: MarkupElement) => boolean): MarkupElement | undefined {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    if (match(n)) return n;
    const inner = find(n.children, match);
    if (inner) return inner;
  }
  return undefined;
}

/** Which part of a render a snapshot keeps: a chart's <svg> (by its figure's test id), or an element. */
export type Part = { svg: string } | { html: string };

/** The part's markup, formatted, and the file extension it is saved under. */
export function snapshotMarkup(html: string, part?: Part): { text: string; ext: 'svg' | 'html' } {
  let nodes = parse(html);
  if (part) {
    const id = 'svg' in part ? part.svg : part.html;
    const found = find(nodes, (e) => e.open.includes(` data-testid="${id}"`));
    if (!found) throw new Error(`nothing with data-testid="${id}" was rendered`);
    nodes = [found];
    if ('svg' in part) {
      const svg = find(nodes, (e) => e.tag === 'svg');
      if (!svg) throw new Error(`data-testid="${id}" holds no <svg>`);
      nodes = [{ ...svg, open: svg.open.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"') }];
    }
  }
  const out: string[] = [];
  print(nodes, 0, out);
  return { text: roundNumbers(out.join('\n')) + '\n', ext: part && 'svg' in part ? 'svg' : 'html' };
}
