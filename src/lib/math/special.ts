/**
 * Special functions for the lab's closed forms: erf/erfc, Φ, log Γ, digamma, Riemann and Hurwitz ζ.
 *
 * Hand-written because no small, well-kept browser library covers this set (d3 has none; the big numeric
 * packages weigh more than the whole lab). Each routine is a textbook method with its accuracy checked
 * against published values in test/unit/math/special.test.ts.
 */

const SQRT_PI = Math.sqrt(Math.PI);
const TWO_OVER_SQRT_PI = 2 / SQRT_PI;

/** Below this |x| erf is summed as a positive series; above it erfc comes from a continued fraction. */
const ERF_SERIES_MAX = 2.5;
/** Beyond this, e^{−x²} underflows even as a subnormal double: erfc(x) is 0. */
const ERFC_ZERO_FROM = 27.3;

/** erf(x) = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): all terms positive, so no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ ERF_SERIES_MAX: e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))), Lentz's method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** The error function, accurate to about 1e-15 absolute. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  const r = a < ERF_SERIES_MAX ? erfSeries(a) : a >= ERFC_ZERO_FROM ? 1 : 1 - erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 − erf(x), accurate relative to its value in the right tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x >= ERFC_ZERO_FROM) return 0;
  return x < ERF_SERIES_MAX ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** The standard normal CDF Φ(x) = ½ erfc(−x/√2); accurate relative to its value in the left tail. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

// Lanczos approximation, g = 7, nine coefficients (Numerical Recipes / Godfrey): ~1e-15 relative.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log |Γ(x)|; +∞ at 0 and the negative integers. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Γ(x) for x > 0 (exp of logGamma; overflows to +∞ above x ≈ 171.6). */
export function gamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`gamma(${x}): only x > 0 is supported`);
  return Math.exp(logGamma(x));
}

/** The digamma function ψ(x) = d/dx log Γ(x); NaN at 0 and the negative integers (poles). */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  // Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series (error < 1e-15 there).
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const r = 1 / (x * x);
  const series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - series;
}

// B_{2k} / (2k)! for k = 1..8, the Euler–Maclaurin correction coefficients.
const EM_COEF = [
  1 / 12,
  -1 / 720,
  1 / 30240,
  -1 / 1209600,
  1 / 47900160,
  -691 / 1307674368000,
  1 / 74724249600,
  -3617 / 10670622842880000,
];

/**
 * The Hurwitz zeta function ζ(s, a) = Σ_{n≥0} (n + a)^(−s) for s > 1, a > 0, to about 1e-13 relative:
 * explicit terms until n + a ≥ 10 + s, then the Euler–Maclaurin tail.
 */
export function hurwitzZeta(s: number, a: number): number {
  if (!(s > 1)) throw new RangeError(`zeta(s = ${s}): only s > 1 converges`);
  if (!(a > 0)) throw new RangeError(`hurwitzZeta(a = ${a}): a must be > 0`);
  if (a === Infinity) return 0;
  let sum = 0;
  let x = a;
  const start = 10 + s;
  while (x < start) {
    sum += Math.pow(x, -s);
    x += 1;
  }
  // Σ_{n≥0} f(x + n) = ∫_x^∞ f + f(x)/2 − Σ_k B_{2k}/(2k)! f^{(2k−1)}(x), with f(t) = t^(−s).
  const xs = Math.pow(x, -s);
  sum += (x * xs) / (s - 1) + xs / 2;
  // f^{(2k−1)}(x) = −s(s+1)…(s+2k−2) x^(−s−2k+1)
  let rising = s; // s(s+1)…(s+2k−2)
  let pw = xs / x; // x^(−s−2k+1)
  for (let k = 0; k < EM_COEF.length; k++) {
    const term = EM_COEF[k] * rising * pw;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    rising *= (s + 2 * k + 1) * (s + 2 * k + 2);
    pw /= x * x;
  }
  return sum;
}

/** The Riemann zeta function ζ(s) for s > 1. */
export function zeta(s: number): number {
  return hurwitzZeta(s, 1);
}

/** Σ_{i=from}^{to} i^(−s) for whole numbers 1 ≤ from, to ≤ ∞ (to = Infinity for the infinite tail), s > 1. */
export function powerSum(s: number, from: number, to = Infinity): number {
  if (to < from) return 0;
  if (to - from < 64) {
    let sum = 0;
    for (let i = to; i >= from; i--) sum += Math.pow(i, -s);
    return sum;
  }
  return hurwitzZeta(s, from) - (to === Infinity ? 0 : hurwitzZeta(s, to + 1));
}

/**
 * Φ⁻¹(p): Acklam's rational approximation (relative error < 1.2e-9), for interval multipliers. Hand-written:
 * simple-statistics' probit is off by 3e-3 at p = 0.975, and d3 has none.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p ${p} must be in (0, 1)`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lowTail) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
