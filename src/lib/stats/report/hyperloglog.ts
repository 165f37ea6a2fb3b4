/**
 * HyperLogLog distinct counts (Flajolet et al. 2007) with 2^12 registers: relative standard error
 * 1.04/√4096 ≈ 1.6 %, 4 KiB per counter, and merging is a register-wise max — exact, order-free. Used for
 * type counts once the exact n-gram tables have turned into a summary. Linear counting below 2.5·m, as in
 * the paper; hashes are 32-bit, so estimates far above 10^8 lose accuracy (never reached by a corpus a
 * browser can stream in reasonable time). Hand-written: 30 lines, and the libraries add dependencies for it.
 */
import { fmix32 } from '../../math/fmix32';

export const HLL_BITS = 12;
const M = 1 << HLL_BITS;
export const HLL_RELATIVE_ERROR = 1.04 / Math.sqrt(M);

export function emptyHll(): Uint8Array {
  return new Uint8Array(M);
}

/** Adds an item by its 32-bit hash (mixed here, so FNV-1a values can be passed directly). */
export function addHash(registers: Uint8Array, hash: number): void {
  const h = fmix32(hash);
  const index = h >>> (32 - HLL_BITS);
  const rest = (h << HLL_BITS) >>> 0;
  const rank = rest === 0 ? 32 - HLL_BITS + 1 : Math.clz32(rest) + 1;
  if (rank > registers[index]) registers[index] = rank;
}

export function mergeHll(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(M);
  for (let i = 0; i < M; i++) out[i] = a[i] > b[i] ? a[i] : b[i];
  return out;
}

export function estimateHll(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    sum += 2 ** -registers[i];
    if (registers[i] === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / M);
  const raw = (alpha * M * M) / sum;
  if (raw <= 2.5 * M && zeros > 0) return M * Math.log(M / zeros);
  return raw;
}
