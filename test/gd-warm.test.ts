/**
 * The warm start of lossGrad in a descent loop (bures/w-space.ts,
 * SvdWarmStart; network/objective.ts): Jacobi starts from the previous step's
 * left singular vectors and the eigen-decomposition of A is skipped when the
 * singular values show the SVD path is taken. It must change neither the
 * answer (beyond Jacobi's rounding) nor the path choice: checked here at every
 * step of gradient-descent runs, against the cold call at the same point,
 * including runs whose path switches from eigen to SVD, a target of lower
 * rank, τ = 0 and 0.1, bottlenecks, and starts from an unrelated point.
 */
import { describe, expect, it } from "vitest";
import { factorTarget, type TargetFactors } from "../src/bures/factors.js";
import { bwTarget } from "../src/bures/target.js";
import { lossGrad, type SvdWarmStart, WARM_START_MAX_N } from "../src/bures/w-space.js";
import { type Matrix } from "../src/linalg/matrix.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";
import { balancedClose } from "../src/network/init.js";
import { LayerObjective } from "../src/network/objective.js";

const EPS = 2 ** -52;

/** s = ‖W‖² + nτ + tr Σ0, the size of the terms the loss is made of. */
function size(f: TargetFactors, w: Matrix, tau: number): number {
  let s = f.traceSigma0 + f.n * tau;
  for (const v of w.data) s += v * v;
  return s;
}

/** The accurate paths, the SVD's and its polar factor to first order, as one choice against the eigen path. */
function accurate(path: string): string {
  return path === "eigen" ? "eigen" : "accurate";
}

/**
 * Both answers come from a polar factor R0 P accurate to about c ε √s
 * (Jacobi's 4ε stopping test, n-term products): so ‖Δ∇‖ ≤ 2 c ε √s and,
 * L = ‖D‖² with D = F − R0 P, |ΔL| ≤ 2 √L c ε √s + (c ε √s)². c = 64 n.
 */
function expectClose(cold: ReturnType<typeof lossGrad>, warm: ReturnType<typeof lossGrad>, f: TargetFactors, w: Matrix, tau: number): void {
  // the cold call may take the polar path (the SVD's polar factor to first order, no U), which a warm start cannot:
  // the choice checked is eigen against accurate
  expect(accurate(warm.path)).toBe(accurate(cold.path));
  const d = 64 * f.n * EPS * Math.sqrt(size(f, w, tau));
  expect(Math.abs(warm.loss - cold.loss)).toBeLessThanOrEqual(2 * Math.sqrt(cold.loss) * d + d * d);
  let dg = 0;
  for (let i = 0; i < w.data.length; i++) dg += (warm.grad!.data[i] - cold.grad!.data[i]) ** 2;
  expect(Math.sqrt(dg)).toBeLessThanOrEqual(2 * d);
}

/** Gradient descent on W itself (the cold gradient drives the trajectory); compares warm and cold at every step. */
function descend(f: TargetFactors, w0: Matrix, tau: number, lr: number, steps: number): { paths: string[]; warmUsed: number } {
  const w = { rows: w0.rows, cols: w0.cols, data: w0.data.slice() };
  const warm: SvdWarmStart = { basis: null };
  const paths: string[] = [];
  let warmUsed = 0;
  for (let k = 0; k < steps; k++) {
    const hadBasis = warm.basis !== null;
    const r = lossGrad(f, w, tau, warm);
    const cold = lossGrad(f, w, tau);
    expectClose(cold, r, f, w, tau);
    if (hadBasis && r.path === "svd") warmUsed++;
    // after an SVD step the basis is U of this Y (n×n orthogonal); after an eigen step there is none
    if (r.path === "svd") expect(warm.basis?.rows).toBe(f.n);
    else expect(warm.basis).toBeNull();
    paths.push(r.path);
    for (let i = 0; i < w.data.length; i++) w.data[i] -= lr * cold.grad!.data[i];
  }
  return { paths, warmUsed };
}

function spectrumTarget(n: number, seed: number, cond = 10, rank = n): TargetFactors {
  const r = rng(seed);
  const spec = Float64Array.from({ length: n }, (_, i) => (i < rank ? Math.pow(cond, -i / Math.max(n - 1, 1)) * (1 + 0.3 * r.next()) : 0));
  return factorTarget(randomWithSpectrum(spec, r));
}

describe("lossGrad's warm start (SvdWarmStart)", () => {
  it("agrees with the cold call at every step and chooses the same path, also where the path switches from eigen to SVD", () => {
    let switches = 0;
    for (const tau of [0, 0.1]) {
      for (const [n, m] of [[3, 3], [4, 6], [6, 6], [12, 12]]) {
        const f = spectrumTarget(n, 100 + n + 7 * m);
        const w0 = randomNormal(n, m, rng(n * m));
        for (let i = 0; i < w0.data.length; i++) w0.data[i] *= 0.7;
        const { paths, warmUsed } = descend(f, w0, tau, 0.1, 150);
        // the run takes the eigen path far from the minimum (two runs start on the SVD path: svd → eigen → svd),
        // ends near the minimum on the SVD path, and the warm start carried it there
        expect(paths.slice(0, 5)).toContain("eigen");
        expect(paths[paths.length - 1]).toBe("svd");
        expect(warmUsed).toBeGreaterThan(50);
        for (let k = 1; k < paths.length; k++) if (paths[k] !== paths[k - 1]) switches++;
      }
    }
    expect(switches).toBeGreaterThanOrEqual(8);
  });

  it("agrees where A is singular or ill-conditioned: a target of lower rank, cond Σ0 = 1e8, τ = 0 and 0.1", () => {
    for (const tau of [0, 0.1]) {
      for (const f of [spectrumTarget(6, 5, 10, 4), spectrumTarget(8, 6, 1e8)]) {
        const w0 = randomNormal(f.n, f.n + 2, rng(f.n + 3));
        const { paths, warmUsed } = descend(f, w0, tau, 0.05, 40);
        expect(paths.every((p) => p === "svd")).toBe(true);
        expect(warmUsed).toBe(paths.length - 1);
      }
    }
  });

  it("is exact from any start: a basis left by an unrelated point gives the cold answer", () => {
    for (const tau of [0, 0.1]) {
      const f = spectrumTarget(10, 9, 1e6);
      const warm: SvdWarmStart = { basis: null };
      for (let k = 0; k < 12; k++) {
        const w = randomNormal(10, 10, rng(50 + k));
        const r = lossGrad(f, w, tau, warm);
        expectClose(lossGrad(f, w, tau), r, f, w, tau);
        expect(r.path).toBe("svd");
      }
    }
  });

  it("is not used beyond WARM_START_MAX_N, where the eigenvectors of A are the cheaper start", () => {
    const n = WARM_START_MAX_N + 1;
    const f = spectrumTarget(n, 3, 1e6);
    const warm: SvdWarmStart = { basis: null };
    for (let k = 0; k < 2; k++) {
      const w = randomNormal(n, n, rng(k));
      const r = lossGrad(f, w, 0.1, warm);
      expectClose(lossGrad(f, w, 0.1), r, f, w, 0.1);
      // the cold call, which without a basis to keep takes the polar path where its bound allows
      expect(r.path).toBe("polar");
      expect(warm.basis).toBeNull();
    }
  });
});

describe("LayerObjective with the warm start", () => {
  it("gives the losses and layer gradients of a fresh (cold) objective at every step of gradient descent", () => {
    for (const [widths, tau] of [[[8, 8, 8], 0.1], [[6, 3, 6], 0.1], [[5, 5, 5, 5], 0], [[6, 3, 6], 0], [[16, 16, 16], 0.1]] as [number[], number][]) {
      const n = widths[widths.length - 1];
      const r = rng(7 + n);
      const sigma0 = randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => 0.5 + (2.5 * (i + r.next())) / n), r);
      const target = bwTarget(sigma0);
      const layers = balancedClose(sigma0, widths, tau, r);
      const obj = new LayerObjective(target, widths, tau);
      const s = target.traceSigma0 + n * tau;
      for (let k = 0; k < 60; k++) {
        const warm = obj.evaluate(layers);
        const cold = new LayerObjective(target, widths, tau).evaluate(layers);
        const d = 64 * n * EPS * Math.sqrt(s + widths.length);
        expect(Math.abs(warm.loss - cold.loss)).toBeLessThanOrEqual(2 * Math.sqrt(cold.loss) * d + d * d);
        for (let j = 0; j < layers.length; j++) {
          let dg = 0;
          for (let i = 0; i < layers[j].data.length; i++) {
            dg += (warm.grads[j].data[i] - cold.grads[j].data[i]) ** 2;
          }
          // ∇_{W_j} = A_jᵀ ∇L B_jᵀ with ‖A_j‖, ‖B_j‖ ≈ ‖Σ0‖^{1/2} near the minimum
          expect(Math.sqrt(dg)).toBeLessThanOrEqual(2 * d * 4 * s);
        }
        for (let j = 0; j < layers.length; j++) {
          const w = layers[j].data, g = cold.grads[j].data;
          for (let i = 0; i < w.length; i++) w[i] -= 0.02 * g[i];
        }
      }
    }
  });
});

describe("LayerObjective without the identity factors", () => {
  it("gives Target.layerGrads for N = 1 … 4 layers (prefix[1] = W_1, suffix[N−1] = W_N copied, no products with I)", () => {
    const r = rng(77);
    const target = bwTarget(randomWithSpectrum([2.1, 1.3, 0.7], r));
    for (const widths of [[3, 3], [2, 4, 3], [3, 2, 5, 3], [4, 3, 3, 2, 3]]) {
      for (const tau of [0, 0.2]) {
        const layers = widths.slice(1).map((d, j) => randomNormal(d, widths[j], r));
        const { loss, grads } = new LayerObjective(target, widths, tau).evaluate(layers);
        expect(Math.abs(loss - target.layerLoss(layers, { tau }))).toBeLessThan(1e-12 * (1 + loss));
        const expected = target.layerGrads(layers, { tau });
        grads.forEach((g, j) => {
          let d = 0, e = 0;
          for (let i = 0; i < g.data.length; i++) {
            d += (g.data[i] - expected[j].data[i]) ** 2;
            e += expected[j].data[i] ** 2;
          }
          expect(Math.sqrt(d)).toBeLessThan(1e-11 * Math.sqrt(e));
        });
      }
    }
  });
});
