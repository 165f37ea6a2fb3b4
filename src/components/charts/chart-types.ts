/** A legend entry: a corpus (or a rule) with its colour and how it is drawn. */
export interface LegendItem {
  label: string;
  color: string;
  /** 'line' (with an optional dash) for lines and outlines, 'swatch' for filled marks. */
  shape?: 'line' | 'swatch';
  dash?: string;
}

/** Approximate width of a legend entry at 11 px (the SVG is laid out before its text can be measured). */
export function legendItemWidth(label: string): number {
  return 24 + Math.ceil(label.length * 6.2) + 16;
}

/** A labelled reference line. */
export interface Rule {
  /** 'x': a vertical line at x = value; 'y': a horizontal line at y = value. */
  axis: 'x' | 'y';
  value: number;
  label?: string;
  color?: string;
  dash?: string;
  /** Which row of labels (0, 1, 2) a vertical rule's label sits in, so close rules don't overlap. */
  row?: number;
}

/** Legend entries placed in rows no wider than maxWidth: [x, row] per item, and the row count. */
export function layoutLegend(
  items: LegendItem[],
  maxWidth: number,
): { at: [number, number][]; rows: number } {
  let x = 0;
  let row = 0;
  const at = items.map((item): [number, number] => {
    const w = legendItemWidth(item.label);
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      row++;
    }
    const here: [number, number] = [x, row];
    x += w;
    return here;
  });
  return { at, rows: items.length === 0 ? 0 : row + 1 };
}
