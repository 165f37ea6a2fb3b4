import { describe, expect, it } from 'vitest';
import {
  inlineStyles,
  pngSize,
  standaloneSvg,
  styleText,
  type StyledNode,
} from '../../../../src/lib/present/charts/svg-export';

/** A tiny element tree standing in for the DOM. */
function node(tagName: string, styles: Record<string, string>, children: StyledNode[] = []) {
  const attributes = new Map<string, string>();
  const el = {
    tagName,
    children,
    styles,
    setAttribute: (n: string, v: string) => void attributes.set(n, v),
    getAttribute: (n: string) => attributes.get(n) ?? null,
    attributes,
  };
  return el;
}
type FakeNode = ReturnType<typeof node>;

describe('styleText', () => {
  it.each<{ styles: Record<string, string>; isText: boolean; expected: string }>([
    {
      styles: { fill: 'rgb(0, 114, 178)', stroke: 'none' },
      isText: false,
      expected: 'fill:rgb(0, 114, 178)',
    },
    { styles: { fill: 'black', 'font-size': '10px' }, isText: false, expected: 'fill:black' },
    { styles: { fill: 'black', 'font-size': '10px' }, isText: true, expected: 'fill:black;font-size:10px' },
    { styles: { opacity: '1', 'fill-opacity': '0.3' }, isText: false, expected: 'fill-opacity:0.3' },
    { styles: { display: 'inline' }, isText: false, expected: '' },
    { styles: { display: 'none' }, isText: false, expected: 'display:none' },
    {
      styles: { 'font-family': '"Noto Sans", sans-serif' },
      isText: true,
      expected: "font-family:'Noto Sans', sans-serif",
    },
  ])('$styles (text: $isText) → $expected', ({ styles, isText, expected }) => {
    expect(styleText((p) => styles[p] ?? '', isText)).toBe(expected);
  });
});

describe('inlineStyles', () => {
  it('copies each element its own computed style, keeping an existing style after it', () => {
    const make = () =>
      node('svg', { fill: 'black' }, [
        node('g', {}, [node('rect', { fill: 'red' }), node('text', { fill: 'blue', 'font-size': '11px' })]),
      ]);
    const original = make();
    const clone = make();
    (clone.children[0].children[0] as FakeNode).setAttribute('style', 'opacity:0.5');
    inlineStyles(original, clone, (el) => (p) => (el as FakeNode).styles[p] ?? '');
    const style = (n: StyledNode) => n.getAttribute('style');
    expect(style(clone)).toBe('fill:black');
    expect(style(clone.children[0])).toBe(null);
    expect(style(clone.children[0].children[0])).toBe('fill:red;opacity:0.5');
    expect(style(clone.children[0].children[1])).toBe('fill:blue;font-size:11px');
  });
});

describe('standaloneSvg', () => {
  it('adds the prolog, namespaces, size, viewBox, background and font, and drops the page size', () => {
    const out = standaloneSvg(
      '<svg width="100%" height="200" class="chart" role="img"><rect stroke-width="2" width="5"></rect></svg>',
      { width: 640, height: 200 },
    );
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" ' +
        'height="200" viewBox="0 0 640 200" font-family="system-ui, sans-serif" class="chart" role="img">' +
        '<rect x="0" y="0" width="640" height="200" fill="#ffffff"/>' +
        '<rect stroke-width="2" width="5"></rect></svg>',
    );
  });

  it('does not duplicate namespaces already there, and escapes attribute values', () => {
    const out = standaloneSvg('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="x"></svg>', {
      width: 1,
      height: 1,
      fontFamily: 'A "B" & C',
    });
    expect(out.match(/xmlns=/g)).toHaveLength(1);
    expect(out.match(/xmlns:xlink=/g)).toHaveLength(1);
    expect(out).toContain('font-family="A &quot;B&quot; &amp; C"');
  });

  it('refuses markup that is not an <svg>', () => {
    expect(() => standaloneSvg('<div></div>', { width: 1, height: 1 })).toThrow(/not an <svg>/);
  });
});

describe('pngSize', () => {
  it.each([
    { w: 640, h: 240, scale: 2, expected: { width: 1280, height: 480 } },
    { w: 333.3, h: 100.4, scale: 2, expected: { width: 667, height: 201 } },
  ])('$w×$h at $scale× → $expected', ({ w, h, scale, expected }) => {
    expect(pngSize(w, h, scale)).toEqual(expected);
  });
  it('refuses an empty chart', () => expect(() => pngSize(0, 10)).toThrow(RangeError));
});
