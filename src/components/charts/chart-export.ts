/**
 * Chart exports made in the page (nothing is uploaded): the live SVG cloned with its computed styles
 * inlined (so the file draws the same outside the page), and a PNG drawn from that SVG on an offscreen
 * canvas at 2×. The string work is in src/lib/present/charts/svg-export.ts, tested in Node.
 */
import { inlineStyles, pngSize, standaloneSvg, type StyledNode } from '../../lib/present/charts/svg-export';

/** The chart as a standalone SVG file. Elements marked data-export="skip" (brush overlays) are left out. */
export function chartSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg as unknown as StyledNode, clone as unknown as StyledNode, (el) => {
    const style = getComputedStyle(el as unknown as Element);
    return (property) => style.getPropertyValue(property);
  });
  clone.querySelectorAll('[data-export="skip"]').forEach((n) => n.remove());
  const { width, height } = svg.getBoundingClientRect();
  const text = standaloneSvg(new XMLSerializer().serializeToString(clone), {
    width: Math.round(width),
    height: Math.round(height),
    fontFamily: getComputedStyle(svg).fontFamily,
  });
  return { text, width: Math.round(width), height: Math.round(height) };
}

/** The standalone SVG drawn onto an offscreen canvas at `scale`× and encoded as PNG. */
export async function chartPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { text, width, height } = chartSvg(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const size = pngSize(width, height, scale);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw on an offscreen canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
}
