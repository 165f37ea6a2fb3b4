import { describe, expect, it } from 'vitest';
import { placeRuleLabels, ruleLabelWidth } from '../../../../src/lib/present/charts/rule-labels';

const plot = { left: 62, right: 374, top: 40 };

describe('placeRuleLabels', () => {
  it("puts a vertical rule's label on the side where it stays inside the plot", () => {
    const [left, right] = placeRuleLabels(
      [
        { axis: 'x', at: 100, label: 'median' },
        { axis: 'x', at: 300, label: 'breakdown: θ_g + θ_v = π', row: 1 },
      ],
      plot,
    );
    expect(left).toEqual({ x: 103, y: 50, anchor: 'start' });
    expect(right).toEqual({ x: 297, y: 62, anchor: 'end' });
    expect(297 - ruleLabelWidth('breakdown: θ_g + θ_v = π')).toBeGreaterThan(plot.left);
  });

  it("moves a horizontal rule's label away from a vertical rule's label it would cover", () => {
    // The lab's 4B figure at 390 px: "your generator" sits where the accuracy label would go.
    const places = placeRuleLabels(
      [
        { axis: 'x', at: 280, label: 'your generator', row: 2 },
        { axis: 'y', at: 78, label: 'the verifier’s own accuracy' },
      ],
      plot,
    );
    expect(places[1]).not.toEqual({ x: 371, y: 74, anchor: 'end' });
    const alone = placeRuleLabels([{ axis: 'y', at: 78, label: 'the verifier’s own accuracy' }], plot);
    expect(alone[0]).toEqual({ x: 371, y: 74, anchor: 'end' });
  });
});
