/**
 * The W-space path choice by a measured error bound (issue 13, item 1),
 * proven on the 50-digit references at cond A from 1e2 to 1e12
 * (test/fixtures/bw-scaling-cases.json, scripts/gen-scaling-cases.py) and on
 * test/fixtures/bw-cases.json:
 * - the eigen path's real error stays within its model eigenPathError(cond A)
 *   (plus a floor of 2e-14 for the rounding every path has), at every
 *   condition number, including far beyond the range where it is chosen;
 * - the chosen path meets the 1e-12 target wherever the problem allows it
 *   (where even the SVD path cannot, as at cond Σ0 ≈ 1e11, it does as well
 *   as the SVD path), and the public API agrees with it;
 * - the choice is the eigen path exactly when its error bound, relative to
 *   ‖W‖² + nτ + tr Σ0, is within the budget relative to the value itself
 *   (eigenPathError(cond A) · s ≤ 2.5e-13 · L; so never beyond
 *   FAST_PATH_MAX_CONDITION).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { factorTarget } from "../src/bures/factors.js";
import { bwTarget } from "../src/bures/target.js";
import { eigenPathError, FAST_PATH_MAX_CONDITION, type LossAndGrad, lossGrad, lossGradEigen, lossGradSvd } from "../src/bures/w-space.js";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import { fromRows, type Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm, relativeError } from "../src/linalg/ops.js";
import { gram, matmul } from "../src/linalg/products.js";
import { referenceCases } from "./helpers.js";

type Case = { sigma0: number[][]; W?: number[][]; tau: number; family?: string; expect: { loss: number; grad?: number[][]; condA?: number } };
const scaling: Case[] = JSON.parse(readFileSync(fileURLToPath(new URL("./fixtures/bw-scaling-cases.json", import.meta.url)), "utf8")).cases;
const cases: Case[] = [...(referenceCases() as Case[]).filter((c) => c.W), ...scaling];

function error(c: Case, r: { loss: number; grad: Matrix | null }, scale: number): number {
  return Math.max(Math.abs(r.loss - c.expect.loss) / scale, relativeError(r.grad as Matrix, fromRows(c.expect.grad as number[][])));
}

/** cond A of the matrix the eigen path decomposes, A = X Xᵀ + τ Σ0 (as computed, like the code). */
function condA(c: Case): number {
  const f = factorTarget(c.sigma0);
  const a = gram(matmul(f.r0, fromRows(c.W as number[][])));
  for (let i = 0; i < a.data.length; i++) a.data[i] += c.tau * f.sigma0.data[i];
  const mu = symmetricEigenvalues(a);
  return mu[0] / mu[mu.length - 1];
}

describe("path choice by the eigen path's error bound (50-digit references)", () => {
  it("covers cond A from 1e2 to 1e12 at τ = 0 and τ = 0.1", () => {
    for (const tau of [0, 0.1]) {
      const conds = scaling.filter((c) => c.family === "cond" && c.tau === tau).map((c) => c.expect.condA as number);
      expect(Math.min(...conds)).toBeLessThanOrEqual(1.01e2);
      expect(Math.max(...conds)).toBeGreaterThanOrEqual(tau === 0 ? 1e12 : 1e11);
    }
  });

  it("lossGradEigen with no budget (Infinity) answers where the gradient is exactly 0 (was null: ∞ · 0 is NaN)", () => {
    const f = factorTarget([[2, 0], [0, 1]]);
    // W = 0 at τ = 1: A = τ Σ0, T = R0 (τ Σ0)^{-1/2} R0 = R0 / √τ, so ∇ = 2 (I − T) W = 0 and L_τ = τ ‖I − R0‖² = (√2 − 1)²
    const r = lossGradEigen(f, fromRows([[0, 0], [0, 0]]), 1, Infinity);
    expect(r).not.toBeNull();
    expect(Math.abs(r!.loss - (Math.SQRT2 - 1) ** 2)).toBeLessThanOrEqual(1e-15);
    expect(Array.from(r!.grad!.data)).toEqual([0, 0, 0, 0]);
  });
  cases.forEach((c, k) => {
    const n = c.sigma0.length, m = (c.W as number[][])[0].length;
    it(`case ${k} (${c.family ?? "bw-cases"}, ${n}×${m}, τ = ${c.tau}, cond A ${c.expect.condA?.toExponential(0) ?? "—"})`, () => {
      const f = factorTarget(c.sigma0);
      const w = fromRows(c.W as number[][]);
      const scale = f.traceSigma0 + frobeniusNorm(w) ** 2;
      const kappa = condA(c);
      const eig = lossGradEigen(f, w, c.tau, Infinity);
      if (eig) expect(error(c, eig, scale)).toBeLessThanOrEqual(2e-14 + eigenPathError(kappa));
      const chosen: LossAndGrad = lossGrad(f, w, c.tau);
      const svdError = error(c, lossGradSvd(f, w, c.tau, true), scale);
      expect(error(c, chosen, scale)).toBeLessThanOrEqual(Math.max(1e-12, 1.5 * svdError));
      const s = scale + n * c.tau;
      const withinBudget = kappa <= FAST_PATH_MAX_CONDITION && eigenPathError(kappa) * s <= 2.5e-13 * c.expect.loss;
      // the computed κ and L are within rounding of these: skip the boundary itself
      const onBoundary = Math.abs(eigenPathError(kappa) * s / (2.5e-13 * c.expect.loss) - 1) < 1e-6;
      if (eig && !onBoundary) expect(chosen.path === "eigen").toBe(withinBudget);
      const api = bwTarget(c.sigma0).lossAndGrad(w, { tau: c.tau });
      expect(api.path).toBe(chosen.path);
      expect(error(c, api, scale)).toBe(error(c, chosen, scale));
    });
  });

  it("uses the eigen path where its bound allows, the polar path where its remainder bound allows, the SVD path beyond", () => {
    expect(FAST_PATH_MAX_CONDITION).toBeGreaterThan(4e3);
    const paths = scaling.filter((c) => c.family === "cond").map((c) => [c.expect.condA, c.tau, lossGrad(factorTarget(c.sigma0), fromRows(c.W as number[][]), c.tau).path]);
    expect(paths).toContainEqual([expect.closeTo(1e2, 0), 0, "eigen"]);
    expect(paths).toContainEqual([expect.closeTo(1e4, -3), 0, "polar"]);
    expect(paths).toContainEqual([expect.closeTo(1e6, -5), 0, "polar"]);
    expect(paths).toContainEqual([expect.closeTo(1e10, -9), 0, "svd"]);
    expect(paths).toContainEqual([expect.closeTo(1e12, -11), 0, "svd"]);
  });
});
