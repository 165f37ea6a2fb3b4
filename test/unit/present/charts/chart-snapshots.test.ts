import { describe, expect, it } from 'vitest';
import { renderSnapshot } from './render';
import PrimitivesChart from './fixtures/PrimitivesChart.svelte';
import LogLogChart from './fixtures/LogLogChart.svelte';

describe('chart primitives rendered in Node (SVG snapshots, numbers rounded to 3 decimals)', () => {
  it('frame, axes, legend, bars, steps, band line, rules and brush selection', async () => {
    const html = renderSnapshot(PrimitivesChart, {});
    // What the snapshot must show, stated so a reader need not diff the file.
    expect(html.match(/<rect[^>]*data-bin=/g)).toHaveLength(5); // 5 bars of the first series
    expect(html).toContain('>median<');
    expect(html).not.toContain('off the domain'); // a rule outside the domain is not drawn
    expect(html.match(/class="highlighted"/g)).toHaveLength(1); // the brushed bin [0.8, 1]
    expect(html).toContain('>20%<');
    await expect(html).toMatchFileSnapshot('snapshots/primitives.snap');
  });

  it('log–log axes, an envelope and grouped bars', async () => {
    const html = renderSnapshot(LogLogChart, {});
    expect(html).toContain('>≤1000<');
    expect(html.match(/data-category=/g)).toHaveLength(8);
    expect(html).not.toMatch(/NaN|Infinity/);
    await expect(html).toMatchFileSnapshot('snapshots/loglog-grouped.snap');
  });
});
