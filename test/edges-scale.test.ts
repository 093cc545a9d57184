/**
 * Extreme scales (found by an independent review). The BW quantities are
 * homogeneous: with Σ0 → k² Σ0 and W → k W, L → k² L and the W-space Hessian
 * is unchanged; with Σ, Σ0 → k Σ, k Σ0, B² → k B² and the Σ-space Hessian
 * → H / k. So at any representable scale the scaled answers must equal the
 * scale-1 ones to rounding. Before the fix the directly assembled W-space
 * Hessian was Inf/NaN below σ ≈ 1e-154 and silently wrong above 1e154
 * (σ_i (σ_i + σ_j) over/underflowed), the Σ-space Hessian zero or NaN beyond
 * 1e±103 (σ_i σ_j (σ_i + σ_j)), and loss/grad threw beyond ‖R0 W‖ ≈ 1e154
 * (the Gram matrix A overflowed instead of handing over to the SVD path).
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { fromRows, type Matrix } from "../src/linalg/matrix.js";
import { relativeError, scale } from "../src/linalg/ops.js";

const sigma0 = [[2, 0.3], [0.3, 1]];
const scaled = (a: number[][], k: number) => a.map((r) => r.map((x) => x * k));

describe("W-space at extreme scales: L(kW; k²Σ0) = k² L(W; Σ0), same Hessian", () => {
  const W = fromRows([[1, 0.5, -0.2], [0.2, 1, 0.4]]);
  const base = bwTarget(sigma0);
  for (const tau of [0, 0.1]) {
    for (const k of [1e-100, 1e-90, 1e80, 1e100]) {
      it(`k = ${k}, τ = ${tau}`, () => {
        const t = bwTarget(scaled(sigma0, k * k));
        const wk = scale(W, k);
        const opts = { tau: tau * k * k };
        expect(Math.abs(t.loss(wk, opts) / (k * k) - base.loss(W, { tau }))).toBeLessThanOrEqual(1e-14 * base.loss(W, { tau }));
        expect(relativeError(scale(t.grad(wk, opts), 1 / k), base.grad(W, { tau }))).toBeLessThanOrEqual(1e-13);
        expect(relativeError(t.hessian(wk, opts), base.hessian(W, { tau }))).toBeLessThanOrEqual(1e-13);
      });
    }
  }
});

describe("Σ-space at extreme scales: B²(kΣ, kΣ0) = k B², Hessian H / k", () => {
  const sigma = [[1, 0.2], [0.2, 0.5]];
  const base = bwTarget(sigma0);
  for (const k of [1e-150, 1e-110, 1e105, 1e150]) {
    it(`k = ${k}`, () => {
      const t = bwTarget(scaled(sigma0, k));
      const s = scaled(sigma, k);
      expect(Math.abs(t.bures2(s) / k - base.bures2(sigma))).toBeLessThanOrEqual(1e-14 * base.bures2(sigma));
      const h: Matrix = scale(t.sigmaHessian(s), k);
      expect(relativeError(h, base.sigmaHessian(sigma))).toBeLessThanOrEqual(1e-13);
    });
  }
});
