/**
 * Deep linear networks (PAPER.md §1, C8–C12): balanced starts, gradient
 * descent and flow, balancedness, the end-to-end dynamics and the constants.
 */
import { describe, expect, it } from "vitest";
import { endToEnd } from "../src/bures/layers.js";
import { bwTarget } from "../src/bures/target.js";
import { type Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm, relativeError, sub } from "../src/linalg/ops.js";
import { gram, matmulABt, matmulAtB, scaleColumns } from "../src/linalg/products.js";
import { svd } from "../src/linalg/svd.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balanceDefects, balancedness } from "../src/network/balance.js";
import { minimumOverRank, theoryConstants } from "../src/network/constants.js";
import { endToEndVelocityFormula, layerImpliedVelocity } from "../src/network/end-to-end.js";
import { balancedClose, balancedFactorization, balancedRandom } from "../src/network/init.js";
import { LayerObjective } from "../src/network/objective.js";
import { gradientDescent, gradientFlow } from "../src/network/train.js";
import { relErr } from "./helpers.js";

function firstTwo(m: Matrix): Matrix {
  return { rows: m.rows, cols: 2, data: Float64Array.from({ length: m.rows * 2 }, (_, k) => m.data[Math.floor(k / 2) * m.cols + (k % 2)]) };
}

const lam = [3, 2, 1.2, 0.5];
const sigma0 = randomWithSpectrum(lam, rng(5));
const target = bwTarget(sigma0);

describe("balanced starts", () => {
  it("balancedFactorization reproduces W (rank within the bottleneck) and is exactly balanced", () => {
    const w = randomNormal(4, 3, rng(1));
    const layers = balancedFactorization(w, [3, 5, 4, 4]);
    expect(layers.map((l) => [l.rows, l.cols])).toEqual([[5, 3], [4, 5], [4, 4]]);
    expect(relErr(endToEnd(layers), w)).toBeLessThan(1e-14);
    expect(balancedness(layers)).toBeLessThan(1e-14);
  });
  it("truncates to the bottleneck: W_2 W_1 is the best rank-2 approximation U_2 S_2 V_2ᵀ", () => {
    const w = randomNormal(4, 4, rng(2));
    const layers = balancedFactorization(w, [4, 2, 4]);
    const { U, s, V } = svd(w);
    const best = matmulABt(scaleColumns(firstTwo(U), s.slice(0, 2)), firstTwo(V));
    expect(relErr(endToEnd(layers), best)).toBeLessThan(1e-14);
    expect(balancedness(layers)).toBeLessThan(1e-14);
  });
  it("balanced-close starts near Σ0 − τI and balanced-random starts are balanced", () => {
    const tau = 0.1;
    const close = balancedClose(sigma0, [4, 4, 4], tau, rng(3), 1e-3);
    const s = gram(endToEnd(close));
    for (let i = 0; i < 4; i++) s.data[i * 4 + i] += tau;
    expect(relativeError(s, sigma0)).toBeLessThan(1e-2);
    expect(balancedness(close)).toBeLessThan(1e-13);
    expect(balancedness(balancedRandom([3, 4, 2, 4], rng(4)))).toBeLessThan(1e-13);
  });
});

describe("gradient descent", () => {
  it("from a balanced close start reaches the minimum of L_τ to 1e-9 and never raises the loss", () => {
    const tau = 0.1;
    const res = gradientDescent(target, balancedClose(sigma0, [4, 4, 4, 4], tau, rng(6)), { tau, lr: 0.05, steps: 3000 });
    // two-sided, and the reported loss is L_τ of the final layers (a loop that
    // minimised L instead reports a value below the L_τ minimum)
    expect(Math.abs(res.loss - minimumOverRank(lam, 4, tau))).toBeLessThan(1e-9);
    expect(Math.abs(target.layerLoss(res.layers, { tau }) - res.loss)).toBeLessThan(1e-12);
    expect(res.increases).toBe(0);
  });
  it("with a bottleneck (widths [4, 2, 4]) from a random start reaches the bottleneck minimum to 1e-6", () => {
    for (const tau of [0, 0.1]) {
      const res = gradientDescent(target, balancedRandom([4, 2, 4], rng(7)), { tau, lr: 0.02, steps: 20000 });
      expect(Math.abs(res.loss - minimumOverRank(lam, 2, tau))).toBeLessThan(1e-6);
    }
  });
  it("LayerObjective's backward sweep gives the layer gradients A_jᵀ ∇L B_jᵀ of Target.layerGrads (N = 1…4, τ = 0.1 and 0)", () => {
    // the widths start at m and end at n = 4; none narrower than min(n, m), so L is smooth at τ = 0 too
    for (const widths of [[4, 4], [3, 4], [4, 3, 4], [4, 5, 6, 4], [2, 3, 5, 4, 4]]) {
      for (const tau of [0.1, 0]) {
        const r = rng(widths.length * 10 + widths[0]);
        const layers = widths.slice(1).map((d, j) => randomNormal(d, widths[j], r));
        const obj = new LayerObjective(target, widths, tau);
        for (let call = 0; call < 2; call++) {
          // the second call may start Jacobi from the first one's singular vectors (SvdWarmStart)
          const { loss, grads } = obj.evaluate(layers);
          const expected = target.layerGrads(layers, { tau });
          expect(grads.map((g) => [g.rows, g.cols])).toEqual(expected.map((g) => [g.rows, g.cols]));
          grads.forEach((g, j) => expect(relativeError(g, expected[j]), `widths ${widths}, τ = ${tau}, layer ${j + 1}`).toBeLessThan(1e-12));
          expect(Math.abs(loss - target.layerLoss(layers, { tau }))).toBeLessThanOrEqual(1e-12 * loss);
        }
      }
    }
  });
  it("changes balancedness by exactly η² (G_{j+1}ᵀ G_{j+1} − G_j G_jᵀ) per step: ratio 4 between η and η/2 (C8)", () => {
    const layers = [randomNormal(3, 4, rng(8)), randomNormal(4, 3, rng(9))];
    const obj = new LayerObjective(target, [4, 3, 4], 0.1);
    const grads = obj.evaluate(layers).grads.map((g) => ({ ...g, data: Float64Array.from(g.data) }));
    const drift = (eta: number) => {
      const after = gradientDescent(target, layers, { tau: 0.1, lr: eta, steps: 1 }).layers;
      return sub(balanceDefects(after)[0], balanceDefects(layers)[0]);
    };
    const d1 = drift(1e-3), d2 = drift(5e-4);
    expect(frobeniusNorm(d1) / frobeniusNorm(d2)).toBeCloseTo(4, 6);
    const predicted = sub(matmulAtB(grads[1], grads[1]), gram(grads[0]));
    expect(relErr({ ...d1, data: d1.data.map((x) => x / 1e-6) }, predicted)).toBeLessThan(1e-6);
  });
});

describe("gradient flow", () => {
  it("conserves every D_j to 1e-8 over t = 5 from an unbalanced start, and never raises the loss (C8)", () => {
    const layers = [randomNormal(3, 4, rng(10)), randomNormal(3, 3, rng(11)), randomNormal(4, 3, rng(12))].map((l) => ({ ...l, data: l.data.map((x) => 0.6 * x) }));
    const before = balanceDefects(layers);
    const res = gradientFlow(target, layers, { tau: 0.1, time: 5 });
    const after = balanceDefects(res.layers);
    before.forEach((d, j) => expect(frobeniusNorm(sub(after[j], d))).toBeLessThan(1e-8));
    expect(res.increases).toBe(0);
    expect(res.loss).toBeLessThan(res.trace[0].loss);
  });
});

describe("end-to-end dynamics (C9)", () => {
  it("the end-to-end velocity of C9 equals the one implied by balanced layers to 1e-10", () => {
    for (const [widths, tau] of [[[4, 4, 4, 4], 0.1], [[4, 3, 5, 4], 0.1], [[4, 4, 4], 0]] as const) {
      const layers = balancedRandom(widths, rng(13));
      const { velocity, grad } = layerImpliedVelocity(target, layers, tau);
      const formula = endToEndVelocityFormula(target, endToEnd(layers), layers.length, tau, grad);
      expect(relativeError(formula, velocity)).toBeLessThan(1e-10);
    }
  });
  it("and does not for unbalanced layers (the check can fail)", () => {
    const layers = [randomNormal(4, 4, rng(14)), randomNormal(4, 4, rng(15))];
    const { velocity, grad } = layerImpliedVelocity(target, layers, 0.1);
    expect(relativeError(endToEndVelocityFormula(target, endToEnd(layers), 2, 0.1, grad), velocity)).toBeGreaterThan(1e-3);
  });
});

describe("theory constants (C10–C12) against a direct evaluation", () => {
  it("λ = (4, 1), N = 2, r = 2, τ = 0.25, L(0) = 0.16", () => {
    const k = theoryConstants({ eigenvalues: [4, 1], N: 2, r: 2, tau: 0.25, loss0: 0.16 });
    const c = 1 - 0.4, C0 = 2 * (0.16 + 5), K = Math.sqrt(0.25 * 1) / (2 * C0 * C0), M = Math.sqrt(C0);
    expect(k.c).toBeCloseTo(c, 14);
    expect(k.C0).toBeCloseTo(C0, 14);
    expect(k.K).toBeCloseTo(K, 16);
    expect(k.rate).toBeCloseTo(8 * 2 * c ** 3 * K, 16);
    expect(k.eta1).toBeCloseTo((c * c) / (8 * M * 0.4), 14);
    expect(k.eta3).toBeCloseTo(1 / (4 * 2 * c), 14);
    const Delta = 2 ** 3 * 4 * M ** 2.5 * 2 / c ** 4 + 8 * 2 * 1 * M ** 1 * (M ** 0.5 + 5);
    expect(k.Delta! / Delta).toBeCloseTo(1, 13);
    expect(k.eta2! / ((2 * c) / (2 * Delta))).toBeCloseTo(1, 13);
    expect(k.etaMax).toBe(Math.min(k.eta1!, k.eta2!, k.eta3!));
    expect(k.undefinedBecause).toEqual([]);
  });
  it("N = 3: the exponents 2(2N−1)/N, 2(N−1)/N, (4N−3)/N, (3N−4)/N", () => {
    const k = theoryConstants({ eigenvalues: [2, 1.5, 1], N: 3, r: 3, tau: 0.5, loss0: 0.01 });
    const c = 1 - 0.1, C0 = 2 * (0.01 + 4.5), K = Math.sqrt(0.5) / (2 * C0 * C0), M = Math.sqrt(C0);
    expect(k.rate! / (24 * c ** (10 / 3) * K)).toBeCloseTo(1, 13);
    expect(k.eta3! / (1 / (12 * c ** (4 / 3)))).toBeCloseTo(1, 13);
    const Delta = 16 * 9 * M ** 3 * Math.sqrt(2) / c ** 6 + 8 * 3 * 2 * M ** (5 / 3) * (M ** (1 / 3) + 4.5);
    expect(k.Delta! / Delta).toBeCloseTo(1, 13);
  });
  it("says why a constant is undefined instead of printing NaN", () => {
    const k = theoryConstants({ eigenvalues: [4, 1], N: 2, r: 2, tau: 0, loss0: 2 });
    expect(k.c).toBeNull();
    expect(k.rate).toBeNull();
    expect(k.eta1).toBeNull();
    expect(k.K).toBeNull();
    expect(k.undefinedBecause.join(" ")).toMatch(/c = .* ≤ 0/);
    expect(k.undefinedBecause.join(" ")).toMatch(/τ > 0/);
    expect(JSON.stringify(k)).not.toMatch(/NaN/);
  });
  it("minimum over M_{≤r}: Σ_{i>r} λ_i, or Σ_{i>r} (√λ_i − √τ)²", () => {
    expect(minimumOverRank([4, 2.5, 1.2, 0.5], 2, 0)).toBeCloseTo(1.7, 15);
    expect(minimumOverRank([4, 2.5, 1.2, 0.5], 2, 0.3)).toBeCloseTo((Math.sqrt(1.2) - Math.sqrt(0.3)) ** 2 + (Math.sqrt(0.5) - Math.sqrt(0.3)) ** 2, 15);
  });
});
