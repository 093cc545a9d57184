/**
 * Properties for claims C1 (identities) and C2 (metric axioms, convexity,
 * spectral lower bound), over the exported arbitraries.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import { add, frobeniusNorm, scale, sub, trace } from "../src/linalg/ops.js";
import { matmul, matmulABt, scaleColumns } from "../src/linalg/products.js";
import { svd } from "../src/linalg/svd.js";
import { denseMatrix, propertyParams, spdTarget } from "./index.js";

const shapes = fc.record({ n: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 4 }) });

test.prop([shapes.chain(({ n, m }) => fc.tuple(spdTarget(n), denseMatrix(n, m)))], propertyParams(100))(
  "C1: ‖W‖² + tr Σ0 − 2‖R0 W‖_* = the Procrustes minimum ‖Σ^{1/2} − R0 U*‖², and L_τ → L",
  ([t, W]) => {
    const target = bwTarget(t.sigma0);
    const scl = target.traceSigma0 + frobeniusNorm(W) ** 2;
    const L = target.loss(W);
    const w = svd(W);
    const S = matmulABt(scaleColumns(w.U, w.s), w.U); // Σ^{1/2}, exactly from the SVD of W
    const p = svd(matmul(target.r0, S));
    const procrustes = frobeniusNorm(sub(S, matmul(target.r0, matmulABt(p.U, p.V)))) ** 2;
    expect(Math.abs(L - procrustes) / scl).toBeLessThan(1e-12);
    expect(Math.abs(target.loss(W, { tau: 1e-10 }) - L) / scl).toBeLessThan(1e-3);
  },
);

const triple = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(spdTarget(n, 0.1), spdTarget(n, 0.1), spdTarget(n, 0.1)));
const B = (a: { sigma0: Parameters<typeof bwTarget>[0] }, b: { sigma0: Parameters<typeof bwTarget>[0] }) => Math.sqrt(Math.max(bwTarget(b.sigma0).bures2(a.sigma0 as never), 0));

test.prop([triple], propertyParams(100))("C2: B ≥ 0, B(Σ, Σ) = 0, symmetry, triangle inequality, midpoint convexity, spectral bound", ([a, b, c]) => {
  const scl = trace(a.sigma0) + trace(b.sigma0) + trace(c.sigma0);
  const tol = 1e-12 * scl;
  expect(bwTarget(b.sigma0).bures2(a.sigma0)).toBeGreaterThan(-tol);
  expect(Math.abs(bwTarget(a.sigma0).bures2(a.sigma0))).toBeLessThan(tol);
  expect(Math.abs(bwTarget(b.sigma0).bures2(a.sigma0) - bwTarget(a.sigma0).bures2(b.sigma0))).toBeLessThan(tol);
  expect(B(a, c)).toBeLessThanOrEqual(B(a, b) + B(b, c) + Math.sqrt(tol));
  const mid = scale(add(a.sigma0, c.sigma0), 0.5);
  const tb = bwTarget(b.sigma0);
  expect(tb.bures2(mid)).toBeLessThanOrEqual(0.5 * (tb.bures2(a.sigma0) + tb.bures2(c.sigma0)) + tol);
  const la = symmetricEigenvalues(a.sigma0), lb = symmetricEigenvalues(b.sigma0);
  const spectral = Math.sqrt(Array.from(la).reduce((s, x, i) => s + (Math.sqrt(x) - Math.sqrt(lb[i])) ** 2, 0));
  expect(spectral).toBeLessThanOrEqual(B(a, b) + Math.sqrt(tol));
});
