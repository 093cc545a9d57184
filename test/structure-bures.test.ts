/**
 * Structural properties of the Bures–Wasserstein operators that the
 * mutation corpus (test/mutants/, docs/mutants.md) showed untested.
 *
 * Σ-space Hessian on non-symmetric directions. sigma-space.ts defines the
 * n²×n² Hessian as the second derivative of the analytic extension
 *   B²(Σ) = tr Σ + tr Σ0 − 2 tr (R0 Σ R0)^{1/2}
 * to nearby non-symmetric Σ (PAPER.md §3). On symmetric E the Daleckii–Krein
 * formula applied to F or to Fᵀ agree; on an antisymmetric E they differ in
 * sign (the right one gives negative curvature: the eigenvalues of M + tA,
 * A antisymmetric, move like μ_i − t² Σ_j a_ij² / (μ_i − μ_j)). The check
 * computes tr (R0 (Σ + tE) R0)^{1/2} independently, by the Denman–Beavers
 * iteration for the principal square root of a non-symmetric matrix, and
 * takes the second difference in t.
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { identity, type Matrix } from "../src/linalg/matrix.js";
import { add, frobeniusNorm, inner, scale, sub, trace } from "../src/linalg/ops.js";
import { matmul } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";

/** Inverse by Gauss–Jordan elimination with partial pivoting (small, well-conditioned matrices). */
function inverse(a: Matrix): Matrix {
  const n = a.rows, w = 2 * n;
  const t = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) t[i * w + j] = a.data[i * n + j];
    t[i * w + n + i] = 1;
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(t[i * w + c]) > Math.abs(t[p * w + c])) p = i;
    for (let j = 0; j < w; j++) [t[c * w + j], t[p * w + j]] = [t[p * w + j], t[c * w + j]];
    const piv = t[c * w + c];
    for (let j = 0; j < w; j++) t[c * w + j] /= piv;
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = t[i * w + c];
      for (let j = 0; j < w; j++) t[i * w + j] -= f * t[c * w + j];
    }
  }
  const out = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = t[i * w + n + j];
  return out;
}

/** Principal square root by the Denman–Beavers iteration Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2. */
function sqrtm(x: Matrix): Matrix {
  let y = x, z = identity(x.rows);
  for (let k = 0; k < 60; k++) {
    const yNext = scale(add(y, inverse(z)), 0.5);
    z = scale(add(z, inverse(y)), 0.5);
    const done = frobeniusNorm(sub(yNext, y)) <= 1e-16 * frobeniusNorm(yNext);
    y = yNext;
    if (done) break;
  }
  return y;
}

describe("Σ-space Hessian on the n² entries (the analytic extension of B²)", () => {
  const r = rng(1501);
  const sigma0 = randomWithSpectrum([2.5, 1.2, 0.6], r);
  const t = bwTarget(sigma0);
  const S = randomWithSpectrum([1.7, 0.9, 0.35], r);
  /** The extension at a possibly non-symmetric Σ, computed without the library's formulas. */
  const extension = (sig: Matrix) => trace(sig) + t.traceSigma0 - 2 * trace(sqrtm(matmul(matmul(t.r0, sig), t.r0)));

  it("the independent extension agrees with bures2 on symmetric Σ", () => {
    expect(Math.abs(extension(S) - t.bures2(S))).toBeLessThanOrEqual(1e-13 * t.traceSigma0);
  });

  it("along antisymmetric E: ⟨E, H E⟩ is the (negative) second difference of the extension", () => {
    const h = 2e-4;
    for (let k = 0; k < 4; k++) {
      const g = randomNormal(3, 3, r);
      const e = sub(g, { rows: 3, cols: 3, data: Float64Array.from({ length: 9 }, (_, i) => g.data[(i % 3) * 3 + Math.floor(i / 3)]) });
      const curvature = inner(e, t.sigmaHvp(S, e));
      const second = (extension(add(S, scale(e, h))) - 2 * extension(S) + extension(sub(S, scale(e, h)))) / (h * h);
      expect(curvature).toBeLessThan(0);
      expect(Math.abs(curvature - second)).toBeLessThanOrEqual(1e-5 * Math.abs(second));
    }
  });

  it("along a general E (symmetric plus antisymmetric part) too, through the n²×n² matrix", () => {
    const h = 2e-4;
    const H = t.sigmaHessian(S);
    const e = randomNormal(3, 3, r);
    const He = matmul(H, { rows: 9, cols: 1, data: e.data });
    const curvature = inner(e, { rows: 3, cols: 3, data: He.data });
    const second = (extension(add(S, scale(e, h))) - 2 * extension(S) + extension(sub(S, scale(e, h)))) / (h * h);
    expect(Math.abs(curvature - second)).toBeLessThanOrEqual(1e-5 * Math.max(Math.abs(second), frobeniusNorm(e) ** 2));
  });
});
