/** The output: one JSON object per line, each with the machine it ran on. */
import os from 'node:os';
import type { Counters, PageInfo, Timing } from '../../src/bench/protocol';

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  chromium: string | null;
  webgpu: PageInfo['webgpu'];
}

export function nodeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    chromium: null,
    webgpu: null,
  };
}

export function emit(bench: string, fields: object, machine: Machine): void {
  console.log(JSON.stringify({ bench, ...fields, machine }));
}

/** Five significant digits, but whole numbers stay whole (byte counts). */
const round = (x: number) =>
  !Number.isFinite(x) ? null : Math.abs(x) >= 1e4 ? Math.round(x) : Number(x.toPrecision(5));

/** A timing as output fields: tokens, seconds, tokens/s, and the prior's counters when it has them. */
export function timingFields(t: Timing) {
  const c = t.counters;
  return {
    tokens: t.tokens,
    seconds: round(t.seconds),
    tokensPerSecond: round(t.tokensPerSecond),
    ...(t.runs !== undefined && { runs: t.runs }),
    ...(c && {
      passes: c.passes,
      rows: c.rows,
      reducedOn: c.reducedOn,
      bytesToCpuPerToken: round(c.bytesToCpu / c.scoredTokens),
    }),
  };
}

export function bytesFields(t: Timing & { counters: Counters }) {
  const c = t.counters;
  return {
    seconds: round(t.seconds),
    tokensPerSecond: round(t.tokensPerSecond),
    bytesPerScoredToken: round(c.bytesToCpu / c.scoredTokens),
    bytesPerRow: round(c.bytesToCpu / c.rows),
    scoredTokens: c.scoredTokens,
    rows: c.rows,
    reducedOn: c.reducedOn,
  };
}

/** Per computed row: all logits (f32) vs the score head's outputs (logprob, rank, entropy, k × (id, logprob)). */
export function analyticBytes(vocab: number, k: number) {
  const withoutHead = vocab * 4;
  const withHead = k * (8 + 4) + 4 + 8 + 4;
  return { withoutHead, withHead, reduction: round(withoutHead / withHead) };
}

export { round };
