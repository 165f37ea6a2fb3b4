/**
 * The app's colour scales stay distinguishable for the three dichromacies. Each colour is passed through
 * Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
 * Deficiency", IEEE TVCG 15(6): the severity-1.0 matrices of their supplementary table
 * (https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html), applied to linear RGB.
 * Distances are CIE76 ΔE (Euclidean in CIELAB, from d3-color); ΔE ≈ 2.3 is a just-noticeable difference,
 * and we ask for several times that between colours a reader must tell apart.
 */
import { describe, expect, it } from 'vitest';
import { lab, rgb } from 'd3-color';
import { CORPUS_COLORS } from '../../../../src/lib/present/charts/palette';
import { LAB_COLORS } from '../../../../src/lib/lab/figure-marks';
import { LEGEND_TICKS, probabilityColor } from '../../../../src/lib/present/text/probability-color';

type Matrix = readonly [readonly number[], readonly number[], readonly number[]];
const MACHADO: Record<string, Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const toSrgb = (v: number) => {
  const c = Math.min(1, Math.max(0, v));
  return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
};

/** The colour as a viewer with the given dichromacy sees it. */
function simulate(color: string, m: Matrix): string {
  const { r, g, b } = rgb(color);
  const v = [toLinear(r), toLinear(g), toLinear(b)];
  const [R, G, B] = m.map((row) => toSrgb(row[0] * v[0] + row[1] * v[1] + row[2] * v[2]));
  return rgb(R, G, B).formatHex();
}

function deltaE(a: string, b: string): number {
  const x = lab(a);
  const y = lab(b);
  return Math.hypot(x.l - y.l, x.a - y.a, x.b - y.b);
}

/** The smallest ΔE between consecutive colours (or every pair) of a scale, per dichromacy and unaltered. */
function worst(
  colors: readonly string[],
  pairs: 'adjacent' | 'all',
): { vision: string; pair: string; dE: number } {
  let out = { vision: '', pair: '', dE: Infinity };
  for (const [vision, m] of [['normal', undefined] as const, ...Object.entries(MACHADO)]) {
    const seen = colors.map((c) => (m ? simulate(c, m) : c));
    for (let i = 0; i < seen.length; i++)
      for (let j = i + 1; j < seen.length; j++) {
        if (pairs === 'adjacent' && j !== i + 1) continue;
        const dE = deltaE(seen[i], seen[j]);
        if (dE < out.dE) out = { vision, pair: `${colors[i]} ${colors[j]}`, dE };
      }
  }
  return out;
}

describe('colour scales under simulated colour-vision deficiency (Machado et al. 2009)', () => {
  it('the simulation is the published one: a pure red as a protanope and a deuteranope see it', () => {
    // Hand-computed from the matrices: linear red (1, 0, 0) maps to the matrices' first column.
    expect(simulate('#ff0000', MACHADO.protanopia)).toBe(
      rgb(toSrgb(0.152286), toSrgb(0.114503), toSrgb(-0.003882)).formatHex(),
    );
    // Greys are fixed points of every matrix (rows sum to 1), so neutral stays neutral.
    for (const m of Object.values(MACHADO))
      expect(deltaE(simulate('#777777', m), '#777777')).toBeLessThan(1.5);
    // And the classic confusion: red and green collapse for a deuteranope but not for normal vision.
    expect(deltaE('#d62728', '#2ca02c')).toBeGreaterThan(50);
    expect(
      deltaE(simulate('#cc3333', MACHADO.deuteranopia), simulate('#669900', MACHADO.deuteranopia)),
    ).toBeLessThan(deltaE('#cc3333', '#669900') / 2);
  });

  it('the corpus colours (every pair: any two corpora share a chart) stay ΔE ≥ 15 apart', () => {
    const w = worst(CORPUS_COLORS, 'all');
    expect(w.dE, `${w.vision}: ${w.pair}`).toBeGreaterThanOrEqual(15);
  });

  it("the lab's series colours: adjacent ones stay ΔE ≥ 15 apart", () => {
    const w = worst(LAB_COLORS, 'adjacent');
    expect(w.dE, `${w.vision}: ${w.pair}`).toBeGreaterThanOrEqual(15);
  });

  it("the token-probability scale: the legend's neighbouring steps stay ΔE ≥ 12 apart", () => {
    const w = worst(LEGEND_TICKS.map(probabilityColor), 'adjacent');
    expect(w.dE, `${w.vision}: ${w.pair}`).toBeGreaterThanOrEqual(12);
  });
});
