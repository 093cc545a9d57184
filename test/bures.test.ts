/**
 * Our own cases beyond the reference file, each against a closed form:
 * n = 1, tall and wide W, ill-conditioned targets, PSD targets with zero
 * eigenvalues; finite differences for every derivative; typed errors.
 */
import { describe, expect, it } from "vitest";
import { BwInputError, NotDifferentiableError } from "../src/bures/errors.js";
import { bwTarget } from "../src/bures/target.js";
import "../src/landscape/critical-points.js"; // registers target.criticalPoints
import { directionalDerivative, directionalDerivativeMatrix } from "../src/derivcheck/finite-difference.js";
import { symmetricEigen } from "../src/linalg/eigen.js";
import { fromRows, type Matrix, toRows, transpose } from "../src/linalg/matrix.js";
import { frobeniusNorm, inner, scale, sub } from "../src/linalg/ops.js";
import { gram, matmul, spectralMatrix } from "../src/linalg/products.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { EPS, relErr } from "./helpers.js";

function rowNorm(w: number[][]): number {
  return Math.sqrt(w[0].reduce((s, x) => s + x * x, 0));
}

describe("n = 1: L(w) = ‖w‖² + λ − 2√λ ‖w‖ (R0 W = √λ w)", () => {
  const lambda = 2.7, w = [[0.3, -1.1, 0.4]];
  const t = bwTarget([[lambda]]);
  const nw = rowNorm(w);
  it("loss, gradient 2w − 2√λ w/‖w‖ and Hessian 2I − 2√λ (I/‖w‖ − wᵀw/‖w‖³)", () => {
    expect(t.loss(w)).toBeCloseTo(nw * nw + lambda - 2 * Math.sqrt(lambda) * nw, 14);
    const g = w[0].map((x) => 2 * x - (2 * Math.sqrt(lambda) * x) / nw);
    expect(relErr(t.grad(w), [g])).toBeLessThanOrEqual(1e-14);
    const h = w[0].map((xi, i) => w[0].map((xj, j) => 2 * (i === j ? 1 : 0) - 2 * Math.sqrt(lambda) * ((i === j ? 1 : 0) / nw - (xi * xj) / nw ** 3)));
    expect(relErr(t.hessian(w), h)).toBeLessThanOrEqual(1e-13);
  });
  it("L_τ(w) = ‖w‖² + τ + λ − 2√(λ(‖w‖² + τ))", () => {
    const tau = 0.3;
    expect(t.loss(w, { tau })).toBeCloseTo(nw * nw + tau + lambda - 2 * Math.sqrt(lambda * (nw * nw + tau)), 14);
    const g = w[0].map((x) => 2 * x - (2 * Math.sqrt(lambda) * x) / Math.sqrt(nw * nw + tau));
    expect(relErr(t.grad(w, { tau }), [g])).toBeLessThanOrEqual(1e-14);
  });
  it("W = 0 at τ = 0 is not differentiable, and the error says to use tau > 0", () => {
    expect(t.loss([[0, 0]])).toBeCloseTo(lambda, 15);
    expect(() => t.grad([[0, 0]])).toThrow(NotDifferentiableError);
    expect(() => t.grad([[0, 0]])).toThrow(/tau > 0/);
  });
});

describe("PSD target with a zero eigenvalue: Σ0 = diag(λ1, 0)", () => {
  // R0 (WWᵀ + τI) R0 = λ1 (‖w_1‖² + τ) e1e1ᵀ, so L_τ = ‖W‖² + 2τ + λ1 − 2√(λ1 (‖w_1‖² + τ))
  const l1 = 1.9, t = bwTarget([[l1, 0], [0, 0]]);
  const W = [[0.5, -0.2, 0.9], [1.3, 0.4, -0.7]];
  const w1 = rowNorm([W[0]]) ** 2, all = W.flat().reduce((s, x) => s + x * x, 0);
  it("loss and gradient with τ > 0 match the closed form", () => {
    const tau = 0.05;
    expect(t.loss(W, { tau })).toBeCloseTo(all + 2 * tau + l1 - 2 * Math.sqrt(l1 * (w1 + tau)), 14);
    const c = Math.sqrt(l1 / (w1 + tau));
    const g = [W[0].map((x) => 2 * x - 2 * c * x), W[1].map((x) => 2 * x)];
    expect(relErr(t.grad(W, { tau }), g)).toBeLessThanOrEqual(1e-14);
  });
  it("the τ > 0 Hessian agrees with finite differences of the gradient", () => {
    const tau = 0.05, w = fromRows(W);
    const v = randomNormal(2, 3, rng(4));
    const fd = directionalDerivativeMatrix((x) => t.grad(x, { tau }), w, v);
    expect(relErr(t.hvp(w, v, { tau }), fd)).toBeLessThanOrEqual(1e-8);
  });
  it("at τ = 0, rank(R0 W) = 1 = rank Σ0: L = ‖W‖² + λ1 − 2√λ1 ‖w_1‖ is differentiable (docs/PAPER.md §2)", () => {
    expect(t.loss(W)).toBeCloseTo(all + l1 - 2 * Math.sqrt(l1 * w1), 14);
    const c = Math.sqrt(l1 / w1);
    expect(relErr(t.grad(W), [W[0].map((x) => 2 * x - 2 * c * x), W[1].map((x) => 2 * x)])).toBeLessThanOrEqual(1e-14);
  });
  it("at τ = 0 with w_1 = 0, rank(R0 W) = 0 < rank Σ0 = 1: the gradient is refused, the loss is still given", () => {
    const W0 = [[0, 0, 0], W[1]];
    expect(t.loss(W0)).toBeCloseTo(W[1].reduce((s, x) => s + x * x, 0) + l1, 14);
    expect(() => t.grad(W0)).toThrow(/rank\(R0 W\) = 0 < min\(rank Σ0, m\) = 1/);
  });
});

describe("ill-conditioned target (condition 1e12), n = 2 closed form", () => {
  // tr (R0 Σ R0)^{1/2} = √(tr(Σ Σ0) + 2√(det Σ det Σ0)) for 2×2 matrices (PAPER.md §5)
  const sigma0 = [[1, 0], [0, 1e-12]];
  const t = bwTarget(sigma0);
  for (const W of [[[0.8, 0.1], [0.2, 1e-3]], [[1.5, -0.3, 0.2], [0.01, 2e-6, 1e-6]]]) {
    it(`W ${W.length}×${W[0].length}`, () => {
      const S = toRows(gram(fromRows(W)));
      const detS = S[0][0] * S[1][1] - S[0][1] * S[1][0];
      const trSS0 = S[0][0] * 1 + S[1][1] * 1e-12;
      const closed = S[0][0] + S[1][1] + 1 + 1e-12 - 2 * Math.sqrt(trSS0 + 2 * Math.sqrt(detS * 1e-12));
      const scale = 1 + S[0][0] + S[1][1];
      expect(Math.abs(t.loss(W) - closed) / scale).toBeLessThanOrEqual(1e-13);
      const w = fromRows(W);
      const v = randomNormal(2, W[0].length, rng(8));
      const fd = directionalDerivative((x) => t.loss(x), w, v);
      expect(Math.abs(inner(t.grad(W), v) - fd) / (frobeniusNorm(t.grad(W)) * frobeniusNorm(v))).toBeLessThanOrEqual(1e-7);
    });
  }
});

describe("tall, wide and square W at random points: derivatives against finite differences", () => {
  const r = rng(77);
  const sigma0 = randomWithSpectrum([4, 2.5, 1.2, 0.5], r);
  const t = bwTarget(sigma0);
  for (const m of [2, 4, 6]) {
    for (const tau of [0, 0.2]) {
      it(`4×${m}, τ = ${tau}`, () => {
        const w = randomNormal(4, m, r), v = randomNormal(4, m, r);
        const g = t.grad(w, { tau });
        const fd = directionalDerivative((x) => t.loss(x, { tau }), w, v);
        expect(Math.abs(inner(g, v) - fd) / (frobeniusNorm(g) * frobeniusNorm(v))).toBeLessThanOrEqual(1e-8);
        const hv = t.hvp(w, v, { tau });
        expect(relErr(hv, directionalDerivativeMatrix((x) => t.grad(x, { tau }), w, v))).toBeLessThanOrEqual(1e-7);
        const H = t.hessian(w, { tau });
        const hvFromMatrix = matmul(H, { rows: 4 * m, cols: 1, data: v.data });
        expect(relErr({ rows: 4, cols: m, data: hvFromMatrix.data }, hv)).toBeLessThanOrEqual(1e-13);
      });
    }
  }
  it("grad equals 2(W − T W) where W Wᵀ ≻ 0 (PAPER.md §3)", () => {
    const w = randomNormal(4, 6, r);
    const T = t.transportMap(gram(w));
    expect(relErr(t.grad(w), scale(sub(w, matmul(T, w)), 2))).toBeLessThanOrEqual(1e-12);
  });
});

describe("Σ-space", () => {
  const r = rng(5);
  const sigma0 = randomWithSpectrum([3, 2, 1], r);
  const t = bwTarget(sigma0);
  const S = randomWithSpectrum([2.2, 0.9, 0.4], r);
  it("the transport map pushes Σ to Σ0: T Σ T = Σ0, and T is symmetric positive definite", () => {
    const T = t.transportMap(S);
    expect(relErr(matmul(matmul(T, S), T), sigma0)).toBeLessThanOrEqual(1e-13);
    // T Σ T = Σ0 alone has other solutions (−T); the SPD one is also
    // Σ^{-1/2} (Σ^{1/2} Σ0 Σ^{1/2})^{1/2} Σ^{-1/2} (the other form of the map)
    const se = symmetricEigen(S);
    const sHalf = spectralMatrix(se.vectors, Array.from(se.values, Math.sqrt));
    const sInvHalf = spectralMatrix(se.vectors, Array.from(se.values, (x) => 1 / Math.sqrt(x)));
    const me = symmetricEigen(matmul(matmul(sHalf, sigma0), sHalf));
    const other = matmul(matmul(sInvHalf, spectralMatrix(me.vectors, Array.from(me.values, Math.sqrt))), sInvHalf);
    expect(relErr(T, other)).toBeLessThanOrEqual(1e-12);
    expect(relErr(transpose(T), T)).toBeLessThanOrEqual(1e-14);
    expect(symmetricEigen(T).values[2]).toBeGreaterThan(0);
  });
  it("gradient I − T and Hessian agree with finite differences along symmetric directions", () => {
    const v = randomWithSpectrum([1, -0.5, 0.3], r);
    const fd = directionalDerivative((x) => t.bures2(x), S, v);
    expect(Math.abs(inner(t.sigmaGrad(S), v) - fd)).toBeLessThanOrEqual(1e-9);
    const fdH = directionalDerivativeMatrix((x) => t.sigmaGrad(x), S, v);
    expect(relErr(t.sigmaHvp(S, v), fdH)).toBeLessThanOrEqual(1e-7);
  });
  it("B² is convex: D²B²[E, E] ≥ 0 and equals the second difference of B²; the Hessian operator is self-adjoint", () => {
    // a wrong Daleckii–Krein kernel that stays positive also passes "≥ 0": the
    // curvature is compared with (B²(Σ + hE) − 2B²(Σ) + B²(Σ − hE)) / h²
    const h = 1e-3;
    for (let k = 0; k < 20; k++) {
      const e = randomWithSpectrum([r.normal(), r.normal(), r.normal()], r);
      const curvature = inner(e, t.sigmaHvp(S, e));
      const along = (s: number) => t.bures2(sub(S, scale(e, -s)));
      const second = (along(h) - 2 * along(0) + along(-h)) / (h * h);
      expect(curvature).toBeGreaterThanOrEqual(0);
      expect(Math.abs(curvature - second)).toBeLessThanOrEqual(1e-5 * Math.max(curvature, frobeniusNorm(e) ** 2));
    }
    // sigmaHessian symmetrises its matrix, so check the operator itself, on all
    // n² entries (the analytic extension to non-symmetric E): ⟨U, H V⟩ = ⟨H U, V⟩,
    // and the matrix reproduces sigmaHvp
    for (let k = 0; k < 5; k++) {
      const u = randomNormal(3, 3, r), v = randomNormal(3, 3, r);
      const a = inner(u, t.sigmaHvp(S, v)), b = inner(t.sigmaHvp(S, u), v);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * frobeniusNorm(t.sigmaHvp(S, u)) * frobeniusNorm(v));
      const Hv = matmul(t.sigmaHessian(S), { rows: 9, cols: 1, data: v.data });
      expect(relErr({ rows: 3, cols: 3, data: Hv.data }, t.sigmaHvp(S, v))).toBeLessThanOrEqual(1e-12);
    }
  });
  it("B²(Σ0, Σ0) = 0 and B²(WWᵀ) = L(W)", () => {
    expect(Math.abs(t.bures2(sigma0))).toBeLessThanOrEqual(8 * 3 * EPS * t.traceSigma0);
    const w = randomNormal(3, 4, r);
    expect(t.bures2(gram(w))).toBeCloseTo(t.loss(w), 12);
  });
  it("singular R0 Σ R0: B² is given, its gradient is refused", () => {
    const singular = fromRows([[1, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(Number.isFinite(t.bures2(singular))).toBe(true);
    expect(() => t.sigmaGrad(singular)).toThrow(NotDifferentiableError);
  });
});

describe("layers (parameter space)", () => {
  const r = rng(21);
  const t = bwTarget(randomWithSpectrum([2, 1.5, 0.7], r));
  const layers = [randomNormal(4, 2, r), randomNormal(2, 4, r), randomNormal(3, 2, r)];
  for (const tau of [0, 0.1]) {
    it(`layer gradients and parameter-space Hessian agree with finite differences (τ = ${tau})`, () => {
      const grads = t.layerGrads(layers, { tau });
      const delta = layers.map((l) => randomNormal(l.rows, l.cols, r));
      const along = (s: number) => layers.map((l, j) => ({ rows: l.rows, cols: l.cols, data: l.data.map((x, k) => x + s * delta[j].data[k]) }));
      const h = 1e-4;
      const d1 = (t.layerLoss(along(h), { tau }) - t.layerLoss(along(-h), { tau })) / (2 * h);
      const d2 = (t.layerLoss(along(h / 2), { tau }) - t.layerLoss(along(-h / 2), { tau })) / h;
      const fd = (4 * d2 - d1) / 3;
      const exact = grads.reduce((s, g, j) => s + inner(g, delta[j]), 0);
      expect(Math.abs(fd - exact) / Math.abs(exact)).toBeLessThanOrEqual(1e-8);
      const hv = t.layerHvp(layers, delta, { tau });
      const g1 = t.layerGrads(along(h), { tau }), g0 = t.layerGrads(along(-h), { tau });
      hv.forEach((m, j) => {
        const fdj: Matrix = { rows: m.rows, cols: m.cols, data: g1[j].data.map((x, k) => (x - g0[j].data[k]) / (2 * h)) };
        expect(relErr(m, fdj)).toBeLessThanOrEqual(1e-6);
      });
      // the matrix (symmetrised by construction) must reproduce the products:
      // it does only when the operator is self-adjoint
      const H = t.layerHessian(layers, { tau });
      expect(H.rows).toBe(8 + 8 + 6);
      const flat = (ms: Matrix[]) => Float64Array.from(ms.flatMap((m) => Array.from(m.data)));
      const Hd = matmul(H, { rows: 22, cols: 1, data: flat(delta) });
      expect(relErr({ rows: 22, cols: 1, data: Hd.data }, { rows: 22, cols: 1, data: flat(hv) })).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("layers at τ = 0 with a bottleneck (PAPER.md §3: the smooth extension on M_{≤r})", () => {
  const r = rng(31);
  const t = bwTarget(randomWithSpectrum([3, 2, 1.5, 0.5], r));
  it("gives layer gradients although L itself is not differentiable at W = W_2 W_1 of rank 2 < 4", () => {
    const layers = [randomNormal(2, 4, r), randomNormal(4, 2, r)];
    const w = matmul(layers[1], layers[0]);
    expect(() => t.grad(w)).toThrow(NotDifferentiableError);
    const grads = t.layerGrads(layers);
    const delta = layers.map((l) => randomNormal(l.rows, l.cols, r));
    const along = (s: number) => layers.map((l, j) => ({ rows: l.rows, cols: l.cols, data: l.data.map((x, k) => x + s * delta[j].data[k]) }));
    const fd = directionalDerivative((p) => t.layerLoss(along(p.data[0])), fromRows([[0]]), fromRows([[1]]));
    const exact = grads.reduce((s, g, j) => s + inner(g, delta[j]), 0);
    expect(Math.abs(fd - exact) / Math.abs(exact)).toBeLessThanOrEqual(1e-8);
  });
  it("refuses them when rank(R0 W) falls below the bottleneck width", () => {
    const layers = [fromRows([[1, 0, 0, 0], [0, 0, 0, 0]]), randomNormal(4, 2, r)];
    expect(() => t.layerGrads(layers)).toThrow(/rank\(R0 W\) = 1 is below the bottleneck width r = 2.*tau > 0/);
  });
});

describe("bad input gives typed errors that name the field", () => {
  const t = bwTarget([[2, 0.1], [0.1, 1]]);
  const cases: [string, () => unknown, RegExp][] = [
    ["non-square sigma0", () => bwTarget([[1, 0, 0], [0, 1, 0]]), /sigma0: must be square/],
    ["asymmetric sigma0", () => bwTarget([[1, 0.5], [0.4, 1]]), /sigma0: is not symmetric/],
    ["indefinite sigma0", () => bwTarget([[1, 2], [2, 1]]), /sigma0: is not positive semidefinite/],
    ["non-numeric sigma0", () => bwTarget([[1, "a" as unknown as number], [0, 1]]), /sigma0: entry \(0, 1\) is "a", not a number/],
    ["non-finite sigma0", () => bwTarget([[1, 0], [0, Infinity]]), /sigma0: entry \(1, 1\) is Infinity/],
    ["ragged W", () => t.loss([[1, 2], [3]]), /W: is ragged/],
    ["W with the wrong number of rows", () => t.loss([[1, 2, 3]]), /W: must have n = 2 rows/],
    ["negative tau", () => t.loss([[1], [2]], { tau: -1 }), /tau: must be ≥ 0/],
    ["misspelt tau", () => t.loss([[1], [2]], { tua: 0.1 } as never), /tua: unknown field/],
    ["layers that do not chain", () => t.layerGrads([[[1, 2]], [[1, 2], [3, 4]]]), /layers\[1\]: has 2 columns but layers\[0\] has 1 rows/],
    ["last layer with the wrong output size", () => t.layerGrads([[[1, 2]], [[1], [2], [3]]]), /layers\[1\]: has 3 rows, the output dimension n of sigma0 is 2/],
    ["hvp direction of the wrong shape", () => t.hvp([[1], [2]], [[1, 2], [3, 4]], { tau: 0.1 }), /E: must have the shape of W/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      expect(run).toThrow(BwInputError);
      expect(run).toThrow(message);
    });
  }
});

describe("the one-point memo", () => {
  it("hands out copies: editing a returned gradient does not change the next answer", () => {
    const t = bwTarget([[2, 0.3], [0.3, 1]]);
    const W = [[1, 0.2], [0.1, 0.9]];
    const g1 = t.grad(W, { tau: 0.1 });
    const saved = Float64Array.from(g1.data);
    g1.data.fill(7);
    expect(Array.from(t.grad(W, { tau: 0.1 }).data)).toEqual(Array.from(saved));
  });
  it("recomputes when W changes in place", () => {
    const t = bwTarget([[2, 0.3], [0.3, 1]]);
    const w = fromRows([[1, 0.2], [0.1, 0.9]]);
    const l1 = t.loss(w);
    w.data[0] = 1.5;
    expect(t.loss(w)).not.toBe(l1);
    expect(t.loss(w)).toBeCloseTo(bwTarget([[2, 0.3], [0.3, 1]]).loss([[1.5, 0.2], [0.1, 0.9]]), 14);
  });
});

describe("subnormal scales (found by the C1 property)", () => {
  it("W with entries near 1e-162 (W Wᵀ subnormal) gives the right loss", () => {
    const t = bwTarget([[0.5]]);
    const W = [[0, 2.2227587494850775e-162]];
    expect(t.loss(W)).toBeCloseTo(0.5, 15);
    expect(t.loss(W, { tau: 0.1 })).toBeCloseTo(0.1 + 0.5 - 2 * Math.sqrt(0.05), 14);
  });
});

describe("every input error, word for word (the CLI prints these unchanged)", () => {
  const t = bwTarget([[2, 0.1], [0.1, 1]]);
  const bad = { rows: 2, cols: 2, data: new Float64Array(3) };
  const nan = { rows: 1, cols: 2, data: Float64Array.from([1, Number.NaN]) };
  const cases: [() => unknown, string][] = [
    [() => bwTarget(bad as never), "sigma0: has 3 entries for 2×2"],
    [() => t.loss(nan as never), "W: entry (0, 1) is NaN, not a finite number"],
    [() => bwTarget(5 as never), "sigma0: must be a matrix (an array of rows)"],
    [() => bwTarget([]), "sigma0: is empty"],
    [() => bwTarget([5] as never), "sigma0: must be an array of rows (row 0 is not an array)"],
    [() => bwTarget([[]]), "sigma0: has empty rows"],
    [() => t.loss([[1], 2] as never), "W: row 1 is not an array"],
    [() => t.loss([[1, 2], [3]]), "W: is ragged: row 1 has 1 entries, row 0 has 2"],
    [() => t.loss([[1], [null]] as never), "W: entry (1, 0) is null, not a number"],
    [() => t.loss([[1], [-Infinity]]), "W: entry (1, 0) is -Infinity, not a finite number"],
    [() => bwTarget([[1, 0, 0], [0, 1, 0]]), "sigma0: must be square, got 2×3"],
    [() => bwTarget([[1, 0.5], [0.4, 1]]), "sigma0: is not symmetric (relative asymmetry 1.00e-1 > 1e-10)"],
    [() => bwTarget([[1, 2], [2, 1]]), "sigma0: is not positive semidefinite (smallest eigenvalue -1.000 < 0)"],
    [() => t.loss([[1], [2]], { tau: "0.1" } as never), 'tau: must be a finite number, got "0.1"'],
    [() => t.loss([[1], [2]], { tau: -0.5 }), "tau: must be ≥ 0, got -0.5"],
    [() => t.loss([[1], [2]], { tua: 1 } as never), "tua: unknown field in options (allowed: tau)"],
    [() => t.loss([[1], [2]], 3 as never), "options: must be an object like { tau: 0.1 }"],
    [() => t.loss([[1, 2, 3]]), "W: must have n = 2 rows (the size of sigma0), got 1×3"],
    [() => t.hvp([[1], [2]], [[1, 2]]), "E: must have the shape of W (2×1), got 1×2"],
    [() => t.bures2([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), "Sigma: must be 2×2 like sigma0, got 3×3"],
    [() => t.bures2([[1, 0], [0, -2]]), "Sigma: is not positive semidefinite (smallest eigenvalue -2.000 < 0)"],
    [() => t.sigmaHvp([[1, 0], [0, 1]], [[1]]), "E: must be 2×2, got 1×1"],
    [() => t.layerGrads([]), "layers: must be a non-empty array of matrices [W_1, …, W_N]"],
    [() => t.layerGrads([[[1, 2]], [[1], [2], [3]]]), "layers[1]: has 3 rows, the output dimension n of sigma0 is 2"],
    [() => t.layerHvp([[[1, 2]], [[1], [2]]], [[[1, 2]]], { tau: 0.1 }), "delta: must list 2 matrices, one per layer"],
    [() => t.layerHvp([[[1, 2]], [[1], [2]]], [[[1, 2]], [[1, 2]]], { tau: 0.1 }), "delta[1]: must be 2×1 like layers[1]"],
    [() => t.criticalPoints(3), "rank: must be an integer between 1 and min(n, m) = 2, got 3"],
    [() => t.criticalPoints(1.5), "rank: must be an integer between 1 and min(n, m) = 2, got 1.5"],
  ];
  for (const [run, message] of cases) {
    it(message, () => {
      expect(run).toThrow(BwInputError);
      let got = "";
      try {
        run();
      } catch (e) {
        got = (e as Error).message;
      }
      expect(got).toBe(message);
    });
  }
});
