/**
 * The rank decisions of the numeric core (docs/accuracy.md, "Rank decisions"):
 * a singular value of R0 X is zero only where it is below what rounding of the
 * inputs and of the product could have put there (bures/nuclear.ts), L is
 * differentiable at τ = 0 exactly where rank(R0 W) = min(rank Σ0, m)
 * (docs/PAPER.md §2), and Σ0's rank is counted by the rule that zeroes its
 * eigenvalues (bures/factors.ts).
 */
import { describe, expect, it } from "vitest";
import { NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import { fromRows, type Matrix, zeros } from "../src/linalg/matrix.js";
import { frobeniusNorm, inner, sub } from "../src/linalg/ops.js";
import { matmul } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { singularValues } from "../src/linalg/svd.js";

const relErr = (a: Matrix, b: Matrix): number => frobeniusNorm(sub(a, b)) / frobeniusNorm(b);

/** Central difference of f along E at W, step h. */
function directional(f: (w: Matrix) => number, w: Matrix, e: Matrix, h: number): number {
  const at = (s: number) => f({ rows: w.rows, cols: w.cols, data: w.data.map((x, k) => x + s * e.data[k]) });
  return (at(h) - at(-h)) / (2 * h);
}

describe("finding 1: a tiny but exact singular value of R0 W is kept", () => {
  // Σ0 = diag(1, 1e-12), W = diag(1, 1e-8): R0 W = diag(1, 1e-14) exactly, L = (1e-8 − 1e-6)²
  const t = bwTarget([[1, 0], [0, 1e-12]]);
  const w = [[1, 0], [0, 1e-8]];
  it("the loss is (1e-8 − 1e-6)² to 1e-12 relative (it was 1e-12, 2 % off: σ₂ = 1e-14 was dropped)", () => {
    const exact = (1e-8 - 1e-6) ** 2;
    expect(Math.abs(t.loss(w) - exact) / exact).toBeLessThanOrEqual(1e-12);
  });
  it("the gradient exists: 2 (W − R0) (the polar factor of diag(1, 1e-14) is I)", () => {
    const g = t.grad(w);
    expect(relErr(g, fromRows([[0, 0], [0, 2 * (1e-8 - 1e-6)]]))).toBeLessThanOrEqual(1e-13);
  });
  it("also at a non-square W and with Σ0 = I: W = [[100, 0, 0], [0, 3.5e-12, 0]] has rank 2", () => {
    const id = bwTarget([[1, 0], [0, 1]]);
    const g = id.grad([[100, 0, 0], [0, 3.5e-12, 0]]);
    // ∇L = 2 (W − U Vᵀ), U Vᵀ = [[1, 0, 0], [0, 1, 0]]
    expect(relErr(g, fromRows([[198, 0, 0], [0, 2 * (3.5e-12 - 1), 0]]))).toBeLessThanOrEqual(1e-15);
  });
  it("a rank-1 W formed in floating point (its σ₂ is rounding) still reads as rank 1", () => {
    const r = rng(5);
    const sigma0 = [[2, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 0.7]];
    const tt = bwTarget(sigma0);
    for (let k = 0; k < 20; k++) {
      const a = randomNormal(3, 1, r), b = randomNormal(1, 3, r);
      const w = matmul(a, b); // rank 1 in exact arithmetic, σ₂ ≈ ε‖W‖ as stored
      expect(singularValues(w)[1]).toBeGreaterThan(0);
      expect(() => tt.grad(w)).toThrow(NotDifferentiableError);
    }
  });
  it("a rank-2 product W_2 W_1 (3×2 · 2×3) formed in floating point reads as rank 2", () => {
    const r = rng(6);
    const tt = bwTarget([[2, 0.3, 0.1], [0.3, 1, 0.2], [0.1, 0.2, 0.7]]);
    for (let k = 0; k < 20; k++) {
      const w = matmul(randomNormal(3, 2, r), randomNormal(2, 3, r));
      expect(() => tt.grad(w)).toThrow(NotDifferentiableError);
    }
  });
});

describe("finding 2: singular Σ0 at τ = 0, L is differentiable where rank(R0 W) = min(rank Σ0, m)", () => {
  const t = bwTarget([[1, 0], [0, 0]]);
  it("Σ0 = diag(1, 0), W = diag(2, 3): L = ‖W‖² + 1 − 2‖w₁‖, ∇L = 2W − 2 [w₁/‖w₁‖; 0] = diag(2, 6)", () => {
    expect(relErr(t.grad([[2, 0], [0, 3]]), fromRows([[2, 0], [0, 6]]))).toBeLessThanOrEqual(1e-15);
    expect(t.loss([[2, 0], [0, 3]])).toBeCloseTo(4 + 9 + 1 - 4, 14);
  });
  it("Σ0 = diag(1, 0), W = [[1, 0], [0, 5]]: ∇L = diag(0, 10), lossAndGrad answers too", () => {
    const r = t.lossAndGrad([[1, 0], [0, 5]]);
    expect(relErr(r.grad, fromRows([[0, 0], [0, 10]]))).toBeLessThanOrEqual(1e-15);
    expect(r.loss).toBeCloseTo(25, 13);
  });
  it("where rank(R0 W) < rank Σ0 it still throws, naming the hypothesis that fails", () => {
    expect(() => t.grad([[0, 0], [0, 3]])).toThrow(NotDifferentiableError);
    expect(() => t.grad([[0, 0], [0, 3]])).toThrow(/rank\(R0 W\) = 0 < min\(rank Σ0, m\) = 1/);
  });
  it("gradient and Hessian-vector product agree with central differences at random W (rank Σ0 = 2 of 4, m = 1, 3, 5)", () => {
    const r = rng(77);
    const ts = bwTarget(randomWithSpectrum([3, 1.5, 0, 0], r));
    expect(ts.factors.rank).toBe(2);
    for (const m of [1, 3, 5]) {
      const w = randomNormal(4, m, r), e = randomNormal(4, m, r);
      const g = ts.grad(w);
      const fd = directional((x) => ts.loss(x), w, e, 1e-5);
      expect(Math.abs(inner(g, e) - fd)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(fd)));
      const hv = ts.hvp(w, e);
      const fdg = zeros(4, m);
      for (let k = 0; k < 4 * m; k++) {
        const unit = zeros(4, m);
        unit.data[k] = 1;
        fdg.data[k] = directional((x) => inner(ts.grad(x), unit), w, e, 1e-5);
      }
      expect(relErr(hv, fdg)).toBeLessThanOrEqual(1e-7);
    }
  });
});

describe("layers at τ = 0 behind a bottleneck r wider than rank Σ0", () => {
  // Σ0 of rank 1 (n = 3), widths 4 → 2 → 3 (r = 2 < min(n, m) = 3): rank(R0 W) ≤ 1 < r, yet
  // L^N = L(W_2 W_1) is smooth where rank(R0 W) = 1, through 2 σ_1(R0 W) (the extension at width min(r, rank Σ0))
  const t = bwTarget([[2, 0, 0], [0, 0, 0], [0, 0, 0]]);
  const r = rng(8);
  it("layer gradients exist and agree with central differences of layerLoss", () => {
    for (let draw = 0; draw < 5; draw++) {
      const layers = [randomNormal(2, 4, r), randomNormal(3, 2, r)];
      const delta = layers.map((l) => randomNormal(l.rows, l.cols, r));
      const grads = t.layerGrads(layers);
      const along = (s: number) => layers.map((l, j) => ({ rows: l.rows, cols: l.cols, data: l.data.map((x, k) => x + s * delta[j].data[k]) }));
      const h = 1e-5;
      const fd = (t.layerLoss(along(h)) - t.layerLoss(along(-h))) / (2 * h);
      const exact = grads.reduce((acc, g, j) => acc + inner(g, delta[j]), 0);
      expect(Math.abs(exact - fd)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(fd)));
    }
  });
  it("where R0 W = 0 they are refused, naming min(r, rank Σ0)", () => {
    const layers = [randomNormal(2, 4, r), fromRows([[0, 0], [1, 2], [3, 4]])];
    expect(() => t.layerGrads(layers)).toThrow(/rank\(R0 W\) = 0 is below min\(r, rank Σ0\) = 1/);
  });
});

describe("finding 3: one rule for Σ0's rank", () => {
  it("factors.rank counts the eigenvalues R0 keeps (those above n ε λ₁), so rank R0 = factors.rank", () => {
    for (const [sigma0, k] of [
      [[[1e6, 0], [0, 0]], 1],
      [[[1e6, 0], [0, 1e-8]], 2], // 1e-8 > 2 ε 1e6 ≈ 4.4e-10: kept in R0 (it was counted as rank 1)
      [[[1e6, 0], [0, 1e-10]], 1],
      [[[0, 0], [0, 0]], 0],
    ] as const) {
      const t = bwTarget(sigma0 as unknown as number[][]);
      expect(t.factors.rank).toBe(k);
      expect(t.eigenvalues.filter((l) => l > 0).length).toBe(k);
    }
  });
});
