/**
 * Issue 11, item 6: the values are non-negative because of how they are
 * computed (the cancellation-free forms of docs/PAPER.md §2), for all inputs:
 * L_τ(W) ≥ 0 including W = R0 Q (Q orthogonal, the minimisers of L), B²(Σ, Σ0) ≥ 0
 * including singular Σ0 and Σ = Σ0, B²(Σ, Σ) ≤ 1e-14 tr Σ for condition numbers
 * up to 1e12, and training never records a negative loss.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bwTarget } from "../src/bures/target.js";
import { matmul } from "../src/linalg/products.js";
import { rng } from "../src/linalg/random.js";
import { balancedClose, balancedRandom } from "../src/network/init.js";
import { gradientDescent, gradientFlow } from "../src/network/train.js";
import { psdTarget } from "./arbitraries/psd-target.js";
import { denseMatrix, propertyParams, spdTargetWithSpectrum, stiefelMatrix } from "./index.js";

const taus = fc.constantFrom(0, 1e-8, 1e-3, 0.1, 1);

test.prop([spdTargetWithSpectrum(4, { maxCondition: 1e12, minRelativeGap: 0 }), denseMatrix(4, 3, 2), taus], propertyParams(60))(
  "L_τ(W) ≥ 0 for ill-conditioned Σ0 (cond ≤ 1e12) and any W",
  (t, w, tau) => {
    expect(bwTarget(t.sigma0).loss(w, { tau })).toBeGreaterThanOrEqual(0);
  },
);

test.prop([psdTarget(4), stiefelMatrix(4), taus], propertyParams(60))(
  "L_τ(R0 Q) ≥ 0 at the minimisers W = R0 Q of L, for PSD Σ0 of every rank and scale 1e-6 … 1e6",
  (t, q, tau) => {
    const target = bwTarget(t.sigma0);
    const l = target.loss(matmul(target.r0, q), { tau });
    expect(l).toBeGreaterThanOrEqual(0);
    // L(R0 Q) = 0: what remains is rounding of R0 Q, far below ε tr Σ0
    if (tau === 0) expect(l).toBeLessThanOrEqual(1e-14 * target.traceSigma0);
  },
);

test.prop([psdTarget(4), psdTarget(4)], propertyParams(60))("B²(Σ, Σ0) ≥ 0 for PSD Σ, Σ0 of every rank and scale", (a, b) => {
  expect(bwTarget(b.sigma0).bures2(a.sigma0)).toBeGreaterThanOrEqual(0);
});

test.prop([spdTargetWithSpectrum(5, { maxCondition: 1e12, minRelativeGap: 0 })], propertyParams(60))(
  "B²(Σ, Σ) ∈ [0, 1e-14 tr Σ] for condition numbers up to 1e12",
  (t) => {
    const target = bwTarget(t.sigma0);
    const v = target.bures2(t.sigma0);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1e-14 * target.traceSigma0);
  },
);

test.prop([psdTarget(3, -2, 2)], propertyParams(20))("B²(Σ, Σ) = 0 to rounding for singular Σ too (rank 0 … n)", (t) => {
  const target = bwTarget(t.sigma0);
  const v = target.bures2(t.sigma0);
  expect(v).toBeGreaterThanOrEqual(0);
  expect(v).toBeLessThanOrEqual(1e-14 * Math.max(target.traceSigma0, Number.MIN_VALUE));
});

test.prop([spdTargetWithSpectrum(3, { maxCondition: 1e4, minRelativeGap: 0 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(0, 0.1)], propertyParams(8))(
  "training traces never record a negative loss (gradient descent from close and random starts, gradient flow)",
  (t, seed, tau) => {
    const target = bwTarget(t.sigma0);
    const close = balancedClose(target.sigma0, [3, 3, 3], tau, rng(seed), 1e-6);
    const lr = 0.5 / Math.max(...target.eigenvalues, 1);
    for (const start of [close, balancedRandom([3, 3, 3], rng(seed + 1))]) {
      const gd = gradientDescent(target, start, { tau, lr, steps: 200, record: 1 });
      for (const p of gd.trace) expect(p.loss).toBeGreaterThanOrEqual(0);
    }
    const flow = gradientFlow(target, close, { tau: tau || 0.1, time: 2 });
    for (const p of flow.trace) expect(p.loss).toBeGreaterThanOrEqual(0);
  },
);
