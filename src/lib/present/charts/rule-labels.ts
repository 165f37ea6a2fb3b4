/**
 * Where reference lines' labels go, from estimated text widths (SVG is laid out before text is measured):
 * a vertical rule's label beside it at the top, in its row, on the side where it fits inside the plot; a
 * horizontal rule's label at the first of right-above, left-above, right-below, left-below that overlaps
 * no label placed before it. So labels stay in the chart and apart on a phone-wide chart too.
 */
export interface RuleLabelInput {
  axis: 'x' | 'y';
  /** Pixel position of the rule on its axis. */
  at: number;
  label: string;
  row?: number;
}

export interface RuleLabelPlace {
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

export interface Plot {
  left: number;
  right: number;
  top: number;
}

/** Width of a label at 10 px, about 5.6 px a character. */
export function ruleLabelWidth(label: string): number {
  return [...label].length * 5.6;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const boxOf = (p: RuleLabelPlace, w: number): Box => ({
  left: p.anchor === 'start' ? p.x : p.x - w,
  right: p.anchor === 'start' ? p.x + w : p.x,
  top: p.y - 9,
  bottom: p.y + 2,
});
const hits = (a: Box, b: Box) =>
  Math.min(a.right, b.right) > Math.max(a.left, b.left) &&
  Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

export function placeRuleLabels(rules: readonly RuleLabelInput[], plot: Plot): RuleLabelPlace[] {
  const placed: Box[] = [];
  const out: RuleLabelPlace[] = new Array<RuleLabelPlace>(rules.length);
  // Vertical rules first: their place is fixed by their row; horizontal ones then avoid them.
  const order = [...rules.keys()].sort((a, b) =>
    rules[a].axis === rules[b].axis ? a - b : rules[a].axis === 'x' ? -1 : 1,
  );
  for (const i of order) {
    const r = rules[i];
    const w = ruleLabelWidth(r.label);
    let place: RuleLabelPlace;
    if (r.axis === 'x') {
      const y = plot.top + 10 + (r.row ?? 0) * 12;
      place =
        r.at + 3 + w <= plot.right ? { x: r.at + 3, y, anchor: 'start' } : { x: r.at - 3, y, anchor: 'end' };
    } else {
      const candidates: RuleLabelPlace[] = [
        { x: plot.right - 3, y: r.at - 4, anchor: 'end' },
        { x: plot.left + 3, y: r.at - 4, anchor: 'start' },
        { x: plot.right - 3, y: r.at + 12, anchor: 'end' },
        { x: plot.left + 3, y: r.at + 12, anchor: 'start' },
      ];
      place = candidates.find((c) => !placed.some((b) => hits(b, boxOf(c, w)))) ?? candidates[0];
    }
    placed.push(boxOf(place, w));
    out[i] = place;
  }
  return out;
}
