/**
 * The Hurwitz zeta function ζ(s, a) = Σ_{k≥0} (a + k)^(−s), for s > 1 and a > 0: the normalising constant
 * of the discrete power law p(x) = x^(−α)/ζ(α, x_min) (zipf.ts).
 *
 * Hand-written because no maintained JavaScript library in the project's stack has it (d3 has no special
 * functions). Euler–Maclaurin summation: add the first N terms directly, then, with w = a + N,
 *   ζ(s, a) ≈ Σ_{k<N} (a+k)^(−s) + w^(1−s)/(s−1) + w^(−s)/2 + Σ_{j=1..12} B_2j/(2j)! · s(s+1)…(s+2j−2) · w^(−s−2j+1).
 * N is chosen so that w ≥ 10 + s; the remainder is then below the last correction term, which is far under
 * double precision for the exponents of word-frequency laws (1 < s ≲ 10); tested against known values
 * (ζ(2) = π²/6, ζ(3) = Apéry's constant, ζ(s, ½) = (2^s − 1)ζ(s), the Laurent expansion near s = 1) and
 * the recurrence ζ(s, a) − ζ(s, a+1) = a^(−s).
 */

/** B_2j/(2j)! for j = 1..12. */
const EM_COEFFICIENTS = [
  1 / 6 / 2,
  -1 / 30 / 24,
  1 / 42 / 720,
  -1 / 30 / 40320,
  5 / 66 / 3628800,
  -691 / 2730 / 479001600,
  7 / 6 / 87178291200,
  -3617 / 510 / 20922789888000,
  43867 / 798 / 6402373705728000,
  -174611 / 330 / 2432902008176640000,
  854513 / 138 / 1.1240007277776077e21,
  -236364091 / 2730 / 6.204484017332394e23,
];

export function hurwitzZeta(s: number, a: number): number {
  if (!(s > 1)) throw new RangeError(`ζ(s, a) needs s > 1 (got s = ${s}): the series diverges`);
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`ζ(s, a) needs a finite a > 0 (got a = ${a})`);
  const n = Math.max(0, Math.ceil(10 + s - a));
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) sum += Math.pow(a + k, -s); // smallest terms first
  const w = a + n;
  const wInvSquared = 1 / (w * w);
  let tail = Math.pow(w, 1 - s) / (s - 1) + Math.pow(w, -s) / 2;
  // term_j = s(s+1)…(s+2j−2) · w^(−s−2j+1), built up from term_1 = s · w^(−s−1)
  let term = s * Math.pow(w, -s - 1);
  for (let j = 0; j < EM_COEFFICIENTS.length; j++) {
    const add = EM_COEFFICIENTS[j] * term;
    tail += add;
    if (Math.abs(add) < 1e-17 * tail) break;
    term *= (s + 2 * j + 1) * (s + 2 * j + 2) * wInvSquared;
  }
  return sum + tail;
}
