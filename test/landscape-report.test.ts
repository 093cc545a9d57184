/**
 * What criticalPoints reports beside the classes (the mutation run showed
 * these untested in-process): the enumeration of supports, the rank check,
 * repeated / nearly repeated eigenvalues and their notes, classes excluded by
 * τ, kinds and descent directions, values against the loss itself.
 */
import { describe, expect, it } from "vitest";
import { BwInputError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { axpy, inner, scale } from "../src/linalg/ops.js";
import { matmulABt, scaleColumns } from "../src/linalg/products.js";
import { randomNormal, randomStiefel, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { criticalPoints, subsets } from "../src/landscape/critical-points.js";
import { fixedRankPoint, retractToRank, riemannianHessian, tangentBasis, tangentProject } from "../src/landscape/fixed-rank.js";

describe("criticalPoints: what it reports", () => {
  it("enumerates the C(n, k) supports in lexicographic order", () => {
    expect(subsets(4, 2)).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    expect(subsets(3, 3)).toEqual([[0, 1, 2]]);
  });
  it("checks the rank against min(n, m)", () => {
    const t = bwTarget([[2, 0], [0, 1]]);
    expect(() => criticalPoints(t, 0)).toThrow(BwInputError);
    expect(() => criticalPoints(t, 2, { m: 1 })).toThrow("rank: must be an integer between 1 and min(n, m) = 1, got 2");
    expect(criticalPoints(t, 1, { m: 1 }).points.length).toBe(2);
  });
  it("distinct eigenvalues: no notes, nothing excluded; kinds, values and descent directions", () => {
    const t = bwTarget(randomWithSpectrum([3, 2, 1], rng(1)));
    for (const tau of [0, 0.3]) {
      const set = criticalPoints(t, 1, { tau });
      expect([set.repeated, set.nearRepeated, set.notes, set.excluded]).toEqual([false, false, [], []]);
      expect(set.points.map((p) => p.kind)).toEqual(["minimum", "saddle", "saddle"]);
      for (const p of set.points) {
        expect(Math.abs(p.loss - t.loss(p.W, { tau }))).toBeLessThan(1e-12);
        expect(p.descentDirection === null).toBe(p.kind === "minimum");
      }
      expect(set.minimum).toBe(set.points[0].loss);
    }
  });
  it("repeated and nearly repeated eigenvalues are told apart, each with its note", () => {
    const rep = criticalPoints(bwTarget([[2, 0, 0], [0, 2, 0], [0, 0, 1]]), 1);
    expect([rep.repeated, rep.nearRepeated]).toEqual([true, false]);
    expect(rep.notes).toEqual([expect.stringMatching(/^Σ0 has repeated eigenvalues: the critical set is a continuum/)]);
    const near = criticalPoints(bwTarget([[2, 0, 0], [0, 2 * (1 - 1e-8), 0], [0, 0, 1]]), 1);
    expect([near.repeated, near.nearRepeated]).toEqual([false, true]);
    expect(near.notes).toEqual([expect.stringMatching(/^Σ0 has nearly repeated eigenvalues \(relative gap ≤ 1e-6\)/)]);
    const far = criticalPoints(bwTarget([[2, 0, 0], [0, 2 * (1 - 1e-5), 0], [0, 0, 1]]), 1);
    expect([far.repeated, far.nearRepeated]).toEqual([false, false]);
  });
  it("classes with λ_i ≤ τ for some i ∈ J are excluded and counted in a note", () => {
    const t = bwTarget([[3, 0, 0], [0, 2, 0], [0, 0, 1]]);
    const set = criticalPoints(t, 2, { tau: 1 });
    expect(set.excluded).toEqual([[0, 2], [1, 2]]);
    expect(set.points.map((p) => p.support)).toEqual([[0, 1]]);
    expect(set.notes).toEqual(["2 classes need λ_i > τ for every i in J and were left out"]);
    expect(set.points[0].loss).toBeCloseTo(0, 14); // (√1 − √1)²
    // one class left out: n = 2, k = 1, λ_2 ≤ τ < λ_1
    const one = criticalPoints(bwTarget([[3, 0], [0, 1]]), 1, { tau: 1 });
    expect(one.excluded).toEqual([[1]]);
    expect(one.notes).toEqual(["1 class needs λ_i > τ for every i in J and was left out"]);
  });
});

describe("the Riemannian Hessian's curvature term", () => {
  // For the BW loss the term vanishes identically: ∇f̄(X) = 2(X − R0 U'V'ᵀ) has its rows in the row
  // space of X, so P_U^⊥ ∇f̄ P_V^⊥ = 0 and the S⁻¹ terms multiply zero. A linear f(X) = ⟨C, X⟩ has
  // no Euclidean Hessian, so its Riemannian Hessian is the curvature term alone: check that one
  // against the second derivative along the (second-order) retraction.
  it("is the whole Riemannian Hessian of a linear function, and matches the retraction's second derivative", () => {
    const r = rng(9);
    const x = matmulABt(scaleColumns(randomStiefel(3, 2, r), [1.7, 0.6]), randomStiefel(4, 2, r));
    const C = randomNormal(3, 4, r);
    const p = fixedRankPoint(x, 2);
    const zero = (e: Matrix) => scale(e, 0);
    for (let trial = 0; trial < 3; trial++) {
      const xi = tangentProject(p, randomNormal(3, 4, r));
      const f = (s: number) => inner(C, retractToRank(axpy(x, s, xi), 2));
      const h = 1e-3;
      const second = (4 * (f(h / 2) - 2 * f(0) + f(-h / 2)) / (h * h / 4) - (f(h) - 2 * f(0) + f(-h)) / (h * h)) / 3;
      const hess = inner(xi, riemannianHessian(p, C, zero, xi));
      expect(Math.abs(hess)).toBeGreaterThan(1e-2);
      expect(Math.abs(second - hess) / Math.abs(hess)).toBeLessThan(1e-5);
    }
    expect(tangentBasis(p).length).toBe(2 * (3 + 4) - 4);
  });
});
