/**
 * The exported arbitraries ("bwcheck/properties") produce what they promise,
 * and a property built from them: the Riemannian gradient vanishes at every
 * critical class of random targets (C5), and the W-space Hessian of L at
 * rank-deficient-by-ε points grows like 1/ε (C7).
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { matmulAtB } from "../src/linalg/products.js";
import { svd } from "../src/linalg/svd.js";
import { criticalPoints } from "../src/landscape/critical-points.js";
import { balancedness } from "../src/network/balance.js";
import { balancedLayers, denseMatrix, nearLowRankFamily, propertyParams, rankKMatrix, spdTarget, spdTargetWithSpectrum, stiefelMatrix } from "./index.js";

test.prop([spdTarget(4)], propertyParams(50))("spdTarget: the prescribed spectrum", (t) => {
  const got = symmetricEigenvalues(t.sigma0);
  const want = [...t.eigenvalues].sort((a, b) => b - a);
  want.forEach((l, i) => expect(Math.abs(got[i] - l)).toBeLessThan(1e-13 * 5));
});

test.prop([spdTargetWithSpectrum(5, { maxCondition: 50, minRelativeGap: 0.05 })], propertyParams(50))(
  "spdTargetWithSpectrum: condition ≤ 50, relative gaps ≥ 5 %",
  (t) => {
    const l = Array.from(symmetricEigenvalues(t.sigma0));
    expect(l[0] / l[4]).toBeLessThanOrEqual(50 * (1 + 1e-12));
    for (let i = 1; i < 5; i++) expect((l[i - 1] - l[i]) / l[i - 1]).toBeGreaterThanOrEqual(0.05 - 1e-12);
  },
);

test.prop([spdTargetWithSpectrum(3, { nearRepeatedPair: true })], propertyParams(20))("spdTargetWithSpectrum: one near-repeated pair, reported by criticalPoints", (t) => {
  const set = criticalPoints(bwTarget(t.sigma0), 1);
  expect(set.nearRepeated || set.repeated).toBe(true);
  expect(set.notes.join(" ")).toMatch(/repeated/);
});

test.prop([stiefelMatrix(5, 3)], propertyParams(50))("stiefelMatrix: orthonormal columns", (q) => {
  const g = matmulAtB(q, q);
  for (let i = 0; i < 3; i++) g.data[i * 3 + i] -= 1;
  expect(frobeniusNorm(g)).toBeLessThan(1e-14);
});

test.prop([rankKMatrix(4, 5, 2, 0.05)], propertyParams(50))("rankKMatrix: rank 2 with σ_min = 0.05", (x) => {
  const s = svd(x).s;
  expect(s[1]).toBeCloseTo(0.05, 13);
  expect(s[2]).toBeLessThan(1e-14);
});

test.prop([balancedLayers([3, 4, 2, 4])], propertyParams(50))("balancedLayers: balanced", (layers) => {
  expect(balancedness(layers)).toBeLessThan(1e-12);
});

test.prop([spdTarget(4), fc.integer({ min: 1, max: 4 })], propertyParams(40))("C5: zero Riemannian gradient at every critical class", (t, k) => {
  fc.pre(t.eigenvalues.every((l, i) => t.eigenvalues.every((o, j) => i === j || Math.abs(l - o) > 1e-3)));
  const target = bwTarget(t.sigma0);
  for (const p of criticalPoints(target, k).points) expect(p.riemannianGradNorm).toBeLessThan(1e-11 * target.traceSigma0);
});

test.prop([spdTarget(2), denseMatrix(2, 1)], propertyParams(40))("C7: ‖∇²L(W_ε)‖ grows like 1/ε next to a rank-deficient W", (t, col) => {
  fc.pre(frobeniusNorm(col) > 0.1);
  const target = bwTarget(t.sigma0);
  // W_ε = [w, ε e] with e ⊥ w: σ_min(W_ε) = ε‖e‖
  const w = [col.data[0], col.data[1]], e = [-w[1], w[0]];
  const norm = (eps: number) => {
    const W = [[w[0], eps * e[0]], [w[1], eps * e[1]]].map((row) => [...row, 0]);
    return Math.max(...Array.from(symmetricEigenvalues(target.hessian(W)), Math.abs));
  };
  const slope = Math.log10(norm(1e-6) / norm(1e-4)) / -2;
  expect(Math.abs(slope + 1)).toBeLessThan(0.05); // log-log slope −1: ‖∇²L‖ ∝ ε^{-1}
});

test.prop([nearLowRankFamily(4, 3, 2), fc.double({ min: 1e-8, max: 0.4, noNaN: true })], propertyParams(50))(
  "nearLowRankFamily: W_ε has singular values (s_1, ε), and W_0 has rank k − 1",
  (fam, eps) => {
    const s = Array.from(svd(fam.at(eps)).s);
    expect(Math.abs(s[0] - fam.singularValues[0])).toBeLessThan(1e-13 * 3);
    expect(Math.abs(s[1] - eps)).toBeLessThan(1e-13 * 3);
    expect(Array.from(svd(fam.at(0)).s)[1]).toBeLessThan(1e-14);
  },
);
