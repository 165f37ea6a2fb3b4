/**
 * Sim 1's run: every (M, mode) ensemble of chains advanced generation by generation (sim1-chains.ts),
 * summarised at the summary generations, with each chain's fit kept at the density generation. The result
 * is plain numbers; sim1-figures.ts and sim1-readings.ts turn it into what the page shows.
 */
import { newTrack, runChains, summaryGenerations, type Sim1Track, type Sim1TrackSpec } from './sim1-chains';
import { sim1Delta, trackSpecs, type Sim1Params } from './sim1-params';

export interface Sim1Result {
  /** Generations finished. */
  done: number;
  G: number;
  /** The generations the tracks summarise (all up to 100, then about 500 in all), and how many are filled. */
  gens: Int32Array;
  filled: number;
  tracks: Sim1Track[];
  densityGeneration: number;
  /** x values the fitted densities are drawn at: μ0 ± 4σ0. */
  densityGrid: Float64Array;
}

const DENSITY_POINTS = 201;

export function runSim1(
  p: Sim1Params,
  seed: number,
  onPartial?: (partial: Sim1Result, done: number, total: number) => void,
): Sim1Result {
  const densityGrid = new Float64Array(DENSITY_POINTS);
  for (let j = 0; j < DENSITY_POINTS; j++)
    densityGrid[j] = p.mu0 + p.sigma0 * (-4 + (8 * j) / (DENSITY_POINTS - 1));
  const gens = summaryGenerations(p.G);
  const result: Sim1Result = {
    done: 0,
    G: p.G,
    gens,
    filled: 1,
    tracks: trackSpecs(p).map((s) => newTrack(s, gens.length)),
    densityGeneration: p.densityAt,
    densityGrid,
  };
  runChains(
    {
      mu0: p.mu0,
      sigma0: p.sigma0,
      delta: sim1Delta(p),
      G: p.G,
      chains: p.chains,
      densityGeneration: p.densityAt,
      tracks: result.tracks,
    },
    seed,
    result.tracks,
    gens,
    (done, filled) => {
      result.done = done;
      result.filled = filled;
      if (done < p.G) onPartial?.(result, done, p.G);
    },
  );
  return result;
}

/** The summary entry of generation g, or −1 when g is not summarised or not reached yet. */
export function summaryIndex(r: Sim1Result, g: number): number {
  const i = r.gens.indexOf(g);
  return i >= 0 && i < r.filled ? i : -1;
}

/** A track's name in legends and readings. */
export function trackLabel(t: Sim1TrackSpec): string {
  return `M = ${t.M} · ${t.mode}`;
}
