/**
 * Making a chart's SVG stand alone: outside the page it loses the stylesheet (classes, currentColor,
 * fonts), so the styles that draw it are copied onto each element as attributes of a style, and the root
 * gets its namespace, size, a background and a font. The walk is written against a minimal element
 * interface so it is tested in Node without a DOM; the page passes real elements and getComputedStyle.
 */

/** Presentation properties that decide what an SVG element looks like. */
export const SVG_STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'shape-rendering',
] as const;

/** Values that are the initial value of their property: leaving them out keeps the file small. */
const INITIAL: Partial<Record<(typeof SVG_STYLE_PROPERTIES)[number], string[]>> = {
  'fill-opacity': ['1'],
  'stroke-opacity': ['1'],
  'stroke-dasharray': ['none'],
  'stroke-linecap': ['butt'],
  'stroke-linejoin': ['miter'],
  opacity: ['1'],
  'font-style': ['normal'],
  'text-anchor': ['start'],
  'dominant-baseline': ['auto'],
  visibility: ['visible'],
  'shape-rendering': ['auto'],
  stroke: ['none'],
};

/** A style attribute value from computed values, leaving out initial values and empty ones. */
export function styleText(get: (property: string) => string, isText: boolean): string {
  const parts: string[] = [];
  for (const property of SVG_STYLE_PROPERTIES) {
    const value = get(property).trim();
    if (value === '' || INITIAL[property]?.includes(value)) continue;
    // Font properties only matter on text; skipping them elsewhere halves the file.
    if (!isText && property.startsWith('font')) continue;
    if (property === 'display' && value !== 'none') continue;
    parts.push(`${property}:${value.replace(/"/g, "'")}`);
  }
  return parts.join(';');
}

/** The part of an Element the walk needs (a real Element satisfies it). */
export interface StyledNode {
  readonly tagName: string;
  readonly children: ArrayLike<StyledNode>;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
}

const TEXT_TAGS = new Set(['text', 'tspan', 'textpath']);

/**
 * Copies computed styles from `original` onto `clone` (the same tree, cloned), element by element, so the
 * clone draws the same without the page's stylesheet. An existing style attribute is kept after the
 * computed one (it already won in the page).
 */
export function inlineStyles(
  original: StyledNode,
  clone: StyledNode,
  computed: (el: StyledNode) => (property: string) => string,
): void {
  const isText = TEXT_TAGS.has(original.tagName.toLowerCase());
  const text = styleText(computed(original), isText);
  const own = clone.getAttribute('style');
  const style = [text, own].filter((s) => s).join(';');
  if (style) clone.setAttribute('style', style);
  const n = Math.min(original.children.length, clone.children.length);
  for (let i = 0; i < n; i++) inlineStyles(original.children[i], clone.children[i], computed);
}

export interface StandaloneOptions {
  width: number;
  height: number;
  background?: string;
  fontFamily?: string;
}

/**
 * Serialised <svg …>…</svg> markup made into a standalone file: the XML prolog, the SVG namespace (added
 * when missing), an explicit size and viewBox, a background rectangle as the first child, and a default
 * font (the page's is not there outside it).
 */
export function standaloneSvg(markup: string, options: StandaloneOptions): string {
  const { width, height, background = '#ffffff', fontFamily = 'system-ui, sans-serif' } = options;
  const open = /^<svg\b[^>]*>/.exec(markup.trim());
  if (!open) throw new Error('not an <svg> element');
  const body = markup.trim().slice(open[0].length);
  let attrs = open[0]
    .slice(4, -1)
    .replace(/\s(width|height|viewBox|xmlns(?::\w+)?)="[^"]*"/g, '')
    .trim();
  attrs = attrs.replace(/\/$/, '').trim();
  const font = escapeAttribute(fontFamily);
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"` +
    ` width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` font-family="${font}"${attrs ? ' ' + attrs : ''}>`;
  const bg = `<rect x="0" y="0" width="${width}" height="${height}" fill="${escapeAttribute(background)}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}${bg}${open[0].endsWith('/>') ? '</svg>' : body}`;
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** PNG size for a chart at a device-pixel `scale` (2× by default: sharp on high-density screens and in print). */
export function pngSize(width: number, height: number, scale = 2): { width: number; height: number } {
  if (!(width > 0 && height > 0 && scale > 0)) throw new RangeError('a PNG needs a positive size and scale');
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
