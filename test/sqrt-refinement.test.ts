/**
 * R0 = Σ0^{1/2} refined by one Newton step with an exactly formed residual
 * (src/linalg/sqrt-refinement.ts, used by src/bures/factors.ts at Σ0 ≻ 0).
 * - exactResidual is the residual Σ − R² as accurate as if summed in twice
 *   the working precision and rounded once (Dot2's bound): checked against
 *   exact rational arithmetic (BigInt);
 * - the refined R0 is a fixed point of the Newton step to rounding (one more
 *   step moves no entry by more than a couple of ulps), where Q √Λ Qᵀ was not:
 *   on the two Σ0 of docs/polar-path.md (spectra down to 1e-5 λ_1) the step
 *   moved it by many ulps, which put two near-minimum gradients 1.5× and 1.1×
 *   beyond their accuracy bound on every path.
 */
import { describe, expect, it } from "vitest";
import { factorTarget } from "../src/bures/factors.js";
import { symmetricEigen } from "../src/linalg/eigen.js";
import { fromRows, type Matrix } from "../src/linalg/matrix.js";
import { spectralMatrix } from "../src/linalg/products.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { exactResidual, refinedSqrt } from "../src/linalg/sqrt-refinement.js";

/** x = m · 2^(−SHIFT) exactly, as a BigInt m (every double of magnitude ≥ 2^-1074 and < 2^1024). */
const SHIFT = 1100n;
function exact(x: number): bigint {
  if (x === 0) return 0n;
  const [mant, exp] = frexp(x);
  return BigInt(mant) * 2n ** (BigInt(exp) + SHIFT);
}
/** x = mant · 2^exp with mant an integer (53 bits). */
function frexp(x: number): [number, number] {
  let e = Math.floor(Math.log2(Math.abs(x))) - 52;
  let m = x / 2 ** e;
  while (!Number.isInteger(m)) { e--; m = x / 2 ** e; }
  return [m, e];
}
/**
 * Dot2's bound (Ogita, Rump, Oishi 2005): |b − a| ≤ u |a| + 2 (n u)² S, for the exact
 * a = num · 2^(−2 SHIFT), S = s · 2^(−2 SHIFT) the sum of the magnitudes of the terms, u = 2⁻⁵³;
 * in integers, scaled by 2^106.
 */
function withinDot2(num: bigint, s: bigint, b: number, n: number): boolean {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const diff = abs(num - exact(b) * 2n ** SHIFT);
  return diff * 2n ** 106n <= abs(num) * 2n ** 53n + 2n * BigInt(n * n) * s;
}

const reviewCases = [
  [[0.9648804019115731, -0.18129830096266386, 0.030244127253825935], [-0.18129830096266386, 0.03588267435718055, -0.008668853708589917], [0.030244127253825935, -0.008668853708589917, 0.010853341797264524]],
  [[0.546937628826596, 0.035882969091038726, -0.27638619048489743, 0.37252955383800235], [0.035882969091038726, 0.006177896864980984, -0.0035398637635900205, 0.0492022570562646], [-0.27638619048489743, -0.0035398637635900205, 0.5017433628390694, -0.06923888593724693], [0.37252955383800235, 0.0492022570562646, -0.06923888593724693, 0.4165775326569699]],
];

/** The largest change of an entry of R under one more Newton step, in ulps of ‖R‖_max. */
function stepInUlps(sigma: Matrix, r: Matrix): number {
  const { values, vectors } = symmetricEigen(sigma);
  const next = refinedSqrt(sigma, vectors, values.map(Math.sqrt), r);
  let big = 0, move = 0;
  for (let i = 0; i < r.data.length; i++) {
    big = Math.max(big, Math.abs(r.data[i]));
    move = Math.max(move, Math.abs(next.data[i] - r.data[i]));
  }
  return move / (big * 2 ** -52);
}

describe("R0 = Σ0^{1/2}: one Newton step with an exact residual", () => {
  it("exactResidual meets the compensated dot product's bound, entry by entry (against BigInt arithmetic), where plain double sums do not", () => {
    const r = rng(5);
    let plainMisses = 0;
    for (const n of [2, 3, 5, 8]) {
      const sigma = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 10 ** (-2 * i)), r);
      const { values, vectors } = symmetricEigen(sigma);
      const q = spectralMatrix(vectors, values.map(Math.sqrt)), root = { rows: n, cols: n, data: new Float64Array(n * n) };
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) root.data[i * n + j] = 0.5 * (q.data[i * n + j] + q.data[j * n + i]);
      const res = exactResidual(sigma, root);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let num = exact(sigma.data[i * n + j]) * 2n ** SHIFT;
          let plain = sigma.data[i * n + j], mag = num < 0n ? -num : num;
          for (let k = 0; k < n; k++) {
            const t = exact(root.data[i * n + k]) * exact(root.data[k * n + j]);
            num -= t;
            mag += t < 0n ? -t : t;
            plain -= root.data[i * n + k] * root.data[k * n + j];
          }
          expect(withinDot2(num, mag, res.data[i * n + j], n), `entry (${i}, ${j}) at n = ${n}`).toBe(true);
          if (!withinDot2(num, mag, plain, n)) plainMisses++;
        }
      }
    }
    // the residual cancels: summed in plain doubles most entries miss that bound
    expect(plainMisses).toBeGreaterThan(20);
  });

  it("the refined R0 is a fixed point of the step to two ulps; Q √Λ Qᵀ is not on the review's Σ0", () => {
    for (const rows of reviewCases) {
      const sigma = fromRows(rows);
      const { values, vectors } = symmetricEigen(sigma);
      expect(stepInUlps(sigma, spectralMatrix(vectors, values.map(Math.sqrt)))).toBeGreaterThan(4);
      expect(stepInUlps(sigma, factorTarget(rows).r0)).toBeLessThanOrEqual(2);
    }
    const r = rng(11);
    for (const n of [3, 6, 12, 24]) {
      for (const low of [1e-2, 1e-6, 1e-10]) {
        const sigma = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => low ** (i / (n - 1))), r);
        expect(stepInUlps(sigma, factorTarget(sigma).r0), `n = ${n}, λ_min = ${low}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it("is scale-free: Σ0 · 4^±300 gives R0 · 2^±300 to the bit", () => {
    const sigma = fromRows(reviewCases[1]);
    const r0 = factorTarget(sigma).r0;
    for (const e of [-300, 300]) {
      const scaled = factorTarget({ rows: 4, cols: 4, data: sigma.data.map((x) => x * 4 ** e) }).r0;
      expect(Array.from(scaled.data)).toEqual(Array.from(r0.data, (x) => x * 2 ** e));
    }
  });

  it("leaves a singular Σ0's square root with its exact null space", () => {
    const sigma = fromRows([[1, 1, 0], [1, 1, 0], [0, 0, 2]]);
    const f = factorTarget(sigma);
    expect(f.rank).toBe(2);
    // R0 (1, −1, 0) = 0 exactly
    for (let i = 0; i < 3; i++) expect(Math.abs(f.r0.data[i * 3] - f.r0.data[i * 3 + 1])).toBeLessThanOrEqual(2 ** -52);
  });
});
