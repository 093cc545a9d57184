/**
 * The noise level of a computed function along a direction (Moré & Wild,
 * "Estimating computational noise", SIAM J. Sci. Comput. 2011, ECnoise):
 * with f sampled at x + i h v, i = 0 … 7, on a step h so small that the smooth
 * part of the k-th difference Δᵏf is negligible, the noise σ satisfies
 * σ² ≈ γ_k · mean((Δᵏf)²), γ_k = (k!)² / (2k)!. As in ECnoise, a level k
 * counts only if its differences change sign (smooth variation gives
 * differences of one sign), and the counted levels that agree within a
 * factor 4 of a neighbour are averaged.
 *
 * Where f barely changes at spacing h (fewer than half the samples distinct:
 * its rounding is the same for nearby inputs), h grows a hundredfold, up to
 * 1e-2, until the samples show noise; if they turn smooth first, the noise is
 * below what f shows, and half the spread of the flat samples is returned.
 * A spacing with a sample outside f's domain (NaN, a throw) is skipped.
 */
import type { Matrix } from "../linalg/matrix.js";
import { tryEval } from "./directions.js";
import { step } from "./finite-difference.js";

const SAMPLES = 8;

function gamma(k: number): number {
  let num = 1, den = 1;
  for (let i = 1; i <= k; i++) num *= i;
  for (let i = 1; i <= 2 * k; i++) den *= i;
  return (num * num) / den;
}

/** f at x + i h v, i = 0 … 7; NaN where f throws or is not finite (outside its domain: no data). */
function sample(f: (x: Matrix) => number, x: Matrix, v: Matrix, h: number): number[] {
  return Array.from({ length: SAMPLES }, (_, i) => tryEval(() => f(step(x, i * h, v))));
}

/** Fewer than half the samples distinct: the spacing is below what f resolves. */
function tooFlat(values: number[]): boolean {
  return new Set(values).size < SAMPLES / 2;
}

/** ECnoise on one set of samples: the noise, or null when no level looks like noise. */
function noiseOf(values: number[]): number | null {
  let diffs = values;
  const levels: (number | null)[] = [];
  for (let k = 1; k <= 6; k++) {
    diffs = diffs.slice(1).map((d, i) => d - diffs[i]);
    if (k < 2) continue;
    const signChange = Math.min(...diffs) < 0 && Math.max(...diffs) > 0;
    // √(γ_k mean(d²)) as s √(γ_k mean((d/s)²)), s = max |d|: squares of differences of a function of
    // size 1e200 overflow (and of 1e-200 underflow) in double precision, their ratios to s do not
    const s = Math.max(...diffs.map(Math.abs));
    const meanSq = s > 0 ? diffs.reduce((acc, d) => acc + (d / s) ** 2, 0) / diffs.length : 0;
    levels.push(signChange ? s * Math.sqrt(gamma(k) * meanSq) : null);
  }
  const agreeing = levels.filter((l, i): l is number => {
    if (l === null || l <= 0) return false;
    return [levels[i - 1], levels[i + 1]].some((o) => o !== null && o !== undefined && o > 0 && Math.max(l / o, o / l) <= 4);
  });
  if (agreeing.length > 0) return agreeing.reduce((s, l) => s + l, 0) / agreeing.length;
  const counted = levels.filter((l): l is number => l !== null && l > 0);
  return counted.length > 0 ? Math.max(...counted) : null;
}

/** ECnoise over spacings h, 100h, … up to 1e-2, from samples taken by `at(spacing)` (8 values along v). */
function noiseFromSamples(at: (h: number) => number[], h: number): number {
  let flatSpread = 0;
  for (let hh = h; hh <= 1e-2 * 1.0001; hh *= 100) {
    const values = at(hh);
    // a sample outside f's domain: this spacing tells nothing (a NaN noise level would poison every threshold)
    if (values.some((y) => Number.isNaN(y))) continue;
    if (tooFlat(values)) {
      flatSpread = Math.max(flatSpread, Math.max(...values) - Math.min(...values));
      continue;
    }
    const noise = noiseOf(values);
    return noise === null ? 0.5 * flatSpread : Math.max(noise, 0.5 * flatSpread);
  }
  return 0.5 * flatSpread;
}

export function estimateNoise(f: (x: Matrix) => number, x: Matrix, v: Matrix, h: number): number {
  return noiseFromSamples((hh) => sample(f, x, v, hh), h);
}

/**
 * The noise of a vector-valued function (a gradient) along v: ECnoise on each
 * entry, the largest level. The 8 vectors of a spacing are computed once and
 * shared by the entries (8 evaluations per spacing tried, at most 24).
 */
export function estimateNoiseVector(phi: (x: Matrix) => Float64Array, x: Matrix, v: Matrix, h: number): number {
  const cache = new Map<number, Float64Array[]>();
  const at = (hh: number): Float64Array[] => {
    let s = cache.get(hh);
    if (!s) {
      s = Array.from({ length: SAMPLES }, (_, i) => phi(step(x, i * hh, v)));
      cache.set(hh, s);
    }
    return s;
  };
  let worst = 0;
  for (let j = 0; j < x.data.length; j++) worst = Math.max(worst, noiseFromSamples((hh) => at(hh).map((g) => g[j]), h));
  return worst;
}
