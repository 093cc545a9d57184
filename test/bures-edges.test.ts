/**
 * Edges of the numeric core that the mutation run (npm run mutate) showed
 * untested: the PSD and rank tolerances at their boundaries, the choice of
 * evaluation path, the memo's key, truncation to rank k, error names.
 */
import { describe, expect, it } from "vitest";
import { BwInputError, NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import { zeros } from "../src/linalg/matrix.js";
import { add, frobeniusNorm, sub } from "../src/linalg/ops.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { singularValues } from "../src/linalg/svd.js";
import { matmul } from "../src/linalg/products.js";

describe("the PSD tolerance of sigma0: 64·n·ε·λ_max", () => {
  it("accepts a rounding-level negative eigenvalue and a singular Σ0, rejects a larger one", () => {
    // tol = 64 · 2 · 2^-52 · 1e6 ≈ 2.84e-8
    expect(() => bwTarget([[1e6, 0], [0, -2e-8]])).not.toThrow();
    expect(() => bwTarget([[1e6, 0], [0, -4e-8]])).toThrow(BwInputError);
    expect(() => bwTarget([[1, 0], [0, 0]])).not.toThrow();
  });
  it("counts the rank of Σ0 by the rule that zeroes its eigenvalues: above n ε λ_max (2 · 2^-52 · 1e6 ≈ 4.4e-10)", () => {
    expect(bwTarget([[1e6, 0], [0, 0]]).factors.rank).toBe(1);
    expect(bwTarget([[1e6, 0], [0, 4e-10]]).factors.rank).toBe(1);
    expect(bwTarget([[1e6, 0], [0, 5e-10]]).factors.rank).toBe(2);
    expect(bwTarget([[0, 0], [0, 0]]).factors.rank).toBe(0);
  });
});

describe("the rank rule of R0 W: σ_i is rounding iff σ_i ≤ 2 ε (M_ii + ε Σ_{j<i} M_ij M_ji / σ_j), M = |U|ᵀ N |V|", () => {
  // Σ0 = I: N = (2·2 + 2) |W| = 6 |W| (nuclear.ts, productRounding)
  const t = bwTarget([[1, 0], [0, 1]]);
  it("an exact tiny σ of a diagonal W is kept (M is diagonal, M_22 = 6σ_2); it used to be cut at 64·3·ε·100", () => {
    expect(() => t.grad([[100, 0, 0], [0, 3.5e-12, 0]])).not.toThrow();
    // down to what the SVD resolves: linalg/svd.ts squares the scaled rows, so below ≈ 1e-150 σ_1 its σ is 0
    expect(() => t.grad([[100, 0, 0], [0, 1e-140, 0]])).not.toThrow();
  });
  it("W = [[1, 1], [1, 1 + δ]]: σ_2 ≈ δ/2 against 2 ε M_22 ≈ 2 ε · 6 · 2 = 24 ε (δ = 2^-46 ≈ 64ε above the rounding, 2^-48 ≈ 16ε read as 0)", () => {
    // above the inputs' rounding but below what the SVD resolves (rows not orthogonal; 64·2·ε·σ_1 ≈ 5.7e-14): undecided
    expect(() => t.grad([[1, 1], [1, 1 + 2 ** -46]])).toThrow(/^W: cannot tell whether L is differentiable here: 1 singular value/);
    expect(() => t.grad([[1, 1], [1, 1 + 2 ** -48]])).toThrow(/^W: L is not differentiable here: rank\(R0 W\) = 1 < min\(n, m\) = 2/);
    // the same σ_2 in orthogonal rows is resolved exactly, and kept
    expect(() => t.grad([[1, 1], [2 ** -47, -(2 ** -47)]])).not.toThrow();
  });
});

describe("evaluation paths", () => {
  const t = bwTarget([[2, 0.3], [0.3, 1]]);
  it("the eigen path serves well-conditioned points (τ = 0 square, τ > 0 any shape), the polar path the rest of full row rank, the SVD path the others", () => {
    expect(t.lossAndGrad([[1, 0.2], [0.1, 0.9]]).path).toBe("eigen");
    expect(t.lossAndGrad([[1, 0.2, 0.3], [0.1, 0.9, 0.2]]).path).toBe("eigen");
    expect(t.lossAndGrad([[1], [0.5]], { tau: 0.1 }).path).toBe("eigen");
    expect(t.lossAndGrad([[1], [0.5]]).path).toBe("svd");
    expect(t.lossAndGrad([[1, 0], [0, 1e-4]]).path).toBe("polar");
  });
});

describe("the one-point memo is keyed on τ too", () => {
  it("the same W with another τ is recomputed", () => {
    const t = bwTarget([[2, 0.3], [0.3, 1]]);
    const W = [[1, 0.2], [0.1, 0.9]];
    const a = t.loss(W);
    const b = t.loss(W, { tau: 0.1 });
    expect(b).not.toBe(a);
    expect(b).toBeCloseTo(bwTarget([[2, 0.3], [0.3, 1]]).loss(W, { tau: 0.1 }), 14);
    expect(t.grad(W, { tau: 0.1 }).data).toEqual(bwTarget([[2, 0.3], [0.3, 1]]).grad(W, { tau: 0.1 }).data);
  });
  it("a loss at a non-differentiable point is still returned, and other errors are not swallowed", () => {
    const t = bwTarget([[2, 0], [0, 1]]);
    expect(t.loss([[1, 0], [0, 0]])).toBeCloseTo(2 + 1 + 1 - 2 * Math.SQRT2, 14);
    expect(() => t.loss([[1, 0], [0, Number.NaN]])).toThrow(BwInputError);
  });
});

describe("rank-k smooth extension 2 Σ_{i≤k} σ_i(R0 W)", () => {
  it("rankKGrad at a full-rank W is the gradient of ‖W‖² + tr Σ0 − 2 Σ_{i≤k} σ_i(R0 W) (central differences)", () => {
    const r = rng(5);
    const sigma0 = randomWithSpectrum([3, 2, 1], r);
    const t = bwTarget(sigma0);
    const r0 = t.factors.r0;
    const W = randomNormal(3, 3, r);
    const k = 2;
    const f = (x: typeof W) => {
      const s = singularValues(matmul(r0, x));
      return frobeniusNorm(x) ** 2 + 6 - 2 * (s[0] + s[1]);
    };
    const g = t.rankKGrad(W, k);
    const h = 1e-6;
    for (let i = 0; i < 9; i++) {
      const p = zeros(3, 3);
      p.data[i] = h;
      const fd = (f(add(W, p)) - f(sub(W, p))) / (2 * h);
      expect(Math.abs(fd - g.data[i])).toBeLessThan(1e-7);
    }
    // and it differs from the full gradient (the third singular value is left out)
    expect(frobeniusNorm(sub(g, t.grad(W)))).toBeGreaterThan(1e-3);
  });
});

describe("error classes", () => {
  it("carry their names, fields and problems", () => {
    const e = new BwInputError("tau", "must be ≥ 0");
    expect([e.name, e.field, e.problem, e.message]).toEqual(["BwInputError", "tau", "must be ≥ 0", "tau: must be ≥ 0"]);
    const d = new NotDifferentiableError("W", "x");
    expect([d.name, d.message]).toEqual(["NotDifferentiableError", "W: x"]);
  });
  it("Σ-space at a singular R0 Σ R0 names Sigma", () => {
    const t = bwTarget([[2, 0], [0, 1]]);
    expect(() => t.sigmaGrad([[1, 0], [0, 0]])).toThrow(/^Sigma: B² is not differentiable here: R0 Σ R0 is singular/);
  });
  it("the layers bottleneck error names layers", () => {
    const t = bwTarget([[2, 0, 0], [0, 1, 0], [0, 0, 0.5]]);
    expect(() => t.layerGrads([[[1, 0, 0], [0, 0, 0]], [[1, 0], [0, 1], [0, 0]]])).toThrow(/^layers: L\^N is not differentiable here: rank\(R0 W\) = 1 is below the bottleneck width r = 2/);
  });
});
