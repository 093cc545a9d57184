/**
 * Properties for claims C5 (critical points on M_k), C6 (minimizers) and C7
 * (Hessian blow-up), over the exported arbitraries.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { axpy, frobeniusNorm } from "../src/linalg/ops.js";
import { criticalPoints } from "../src/landscape/critical-points.js";
import { fixedRankPoint, retractToRank, riemannianHessianMatrix, tangentBasis, tangentProject } from "../src/landscape/fixed-rank.js";
import { nearLowRankFamily, propertyParams, rankKMatrix, spdTarget } from "./index.js";

/** Distinct eigenvalues with a relative gap ≥ 5 %, as C5 and C6 assume. */
const separated = (n: number) => spdTarget(n).filter((t) => {
  const l = [...t.eigenvalues].sort((a, b) => b - a);
  return l.every((x, i) => i === 0 || l[i - 1] - x > 0.05 * l[i - 1]);
});

function riemannianGrad(t: ReturnType<typeof bwTarget>, x: Matrix, k: number, tau: number): Matrix {
  return tangentProject(fixedRankPoint(x, k), t.rankKGrad(x, k, { tau }));
}

test.prop([separated(3), fc.integer({ min: 1, max: 2 }), rankKMatrix(3, 3, 2, 0.3)], propertyParams(15))(
  "C5: Riemannian gradient descent on M_k from a random rank-k start ends at a critical class",
  (t, k, start) => {
    const target = bwTarget(t.sigma0);
    const set = criticalPoints(target, k);
    let x = retractToRank(start, k);
    for (let it = 0; it < 4000; it++) x = retractToRank(axpy(x, -0.05, riemannianGrad(target, x, k, 0)), k);
    const value = target.loss(x);
    const nearest = Math.min(...set.points.map((p) => Math.abs(p.loss - value)));
    expect(nearest / target.traceSigma0).toBeLessThan(1e-8);
    expect(frobeniusNorm(riemannianGrad(target, x, k, 0))).toBeLessThan(1e-6);
  },
);

const rankKPoint = fc.integer({ min: 1, max: 2 }).chain((k) => fc.tuple(fc.constant(k), rankKMatrix(3, 4, k, 0.2)));

test.prop([separated(3), rankKPoint], propertyParams(40))("C5: random rank-k points are not critical", (t, [k, x]) => {
  const target = bwTarget(t.sigma0);
  expect(frobeniusNorm(riemannianGrad(target, x, k, 0))).toBeGreaterThan(1e-6);
});

test.prop([separated(4), fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, 0.1), fc.integer({ min: 0, max: 1e6 })], propertyParams(30))(
  "C6: no random rank-≤k point beats Σ_{i>k} λ_i (or Σ_{i>k} (√λ_i − √τ)²), attained by J = {1..k}",
  (t, k, tau, seed) => {
    const target = bwTarget(t.sigma0);
    const lam = Array.from(target.eigenvalues);
    fc.pre(lam.slice(0, k).every((l) => l > tau));
    const expected = lam.slice(k).reduce((s, l) => s + (tau > 0 ? (Math.sqrt(l) - Math.sqrt(tau)) ** 2 : l), 0);
    const set = criticalPoints(target, k, { tau });
    expect(Math.abs(set.minimum - expected)).toBeLessThan(1e-12 * target.traceSigma0);
    const best = set.points.find((p) => p.kind === "minimum")!;
    expect(best.support).toEqual(Array.from({ length: k }, (_, i) => i));
    for (const x of fc.sample(rankKMatrix(4, 4, k, 0.01, 3), { numRuns: 20, seed })) expect(target.loss(x, { tau })).toBeGreaterThan(expected - 1e-12 * target.traceSigma0);
  },
);

test.prop([spdTarget(2)], propertyParams(20))("C7: ‖∇²B²(diag(1, ε))‖ has log-log slope −3/2 in ε; L_τ's Hessian stays bounded", (t) => {
  const target = bwTarget(t.sigma0);
  const norm = (h: Matrix) => Math.max(...Array.from(symmetricEigenvalues(h), Math.abs));
  const sigmaSlope = Math.log10(norm(target.sigmaHessian([[1, 0], [0, 1e-6]])) / norm(target.sigmaHessian([[1, 0], [0, 1e-4]]))) / -2;
  expect(Math.abs(sigmaSlope + 1.5)).toBeLessThan(0.05);
  const w = (eps: number) => [[1, 0, 0], [0, eps, 0]];
  const tauSlope = Math.log10(norm(target.hessian(w(1e-6), { tau: 0.05 })) / norm(target.hessian(w(1e-4), { tau: 0.05 }))) / -2;
  expect(Math.abs(tauSlope)).toBeLessThan(0.05);
});

test.prop([spdTarget(2), nearLowRankFamily(2, 3, 2), spdTarget(3), nearLowRankFamily(3, 3, 2)], propertyParams(20))(
  "C7 along random near-low-rank families: Euclidean Hessian of L (2×3) and Riemannian Hessian of L|M_2 (3×3) grow like 1/ε",
  (t2, fam2, t3, fam3) => {
    const norm = (h: Matrix) => Math.max(...Array.from(symmetricEigenvalues(h), Math.abs));
    const slope = (f: (eps: number) => number) => Math.log10(f(1e-6) / f(1e-4)) / -2;
    const a = bwTarget(t2.sigma0);
    expect(Math.abs(slope((e) => norm(a.hessian(fam2.at(e)))) + 1)).toBeLessThan(0.05);
    // L_τ along the same family: bounded
    expect(Math.abs(slope((e) => norm(a.hessian(fam2.at(e), { tau: 0.05 }))))).toBeLessThan(0.05);
    // Riemannian: the largest |⟨ξ, Hess ξ⟩| over the tangent basis of M_2 at W_ε
    const b = bwTarget(t3.sigma0);
    const riem = (e: number) => {
      const w = fam3.at(e);
      const p = fixedRankPoint(w, 2);
      return norm(riemannianHessianMatrix(p, b.rankKGrad(w, 2), (d) => b.rankKHvp(w, d, 2), tangentBasis(p)));
    };
    expect(Math.abs(slope(riem) + 1)).toBeLessThan(0.05);
  },
);
