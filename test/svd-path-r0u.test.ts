/**
 * At τ > 0 the SVD path of lossGrad (bures/w-space.ts, svdPath) reads R0 U
 * off the bottom block of V (R0 U = V_{m+1..m+n, :} Σ / √τ) instead of
 * multiplying R0 by U. Checked here against the general SVD path
 * (lossGradSvd: the nuclear point and the cancellation-free form, which
 * multiply) where the identity is under most strain: τ down to 1e-24 (the
 * division by √τ), ‖W‖ up to 1e6 against √τ, m < n and m > n, ill-conditioned
 * targets, and next to a minimum, where the value is a small difference.
 */
import { describe, expect, it } from "vitest";
import { factorTarget, type TargetFactors } from "../src/bures/factors.js";
import { lossGrad, lossGradSvd } from "../src/bures/w-space.js";
import { type Matrix, scale, symmetricEigen, zeros } from "../src/linalg/index.js";
import { randomNormal, randomWithSpectrum, rng } from "../src/linalg/random.js";

const EPS = 2 ** -52;

function size(f: TargetFactors, w: Matrix, tau: number): number {
  let s = f.traceSigma0 + f.n * tau;
  for (const v of w.data) s += v * v;
  return s;
}

/** The two answers agree to a polar factor accurate to c ε √s (as test/gd-warm.test.ts bounds warm against cold). */
function expectAgree(f: TargetFactors, w: Matrix, tau: number): void {
  // a descent loop's first call ({ basis: null }, n ≤ WARM_START_MAX_N) takes the SVD path, never the polar one, which forms no U
  const fast = lossGrad(f, w, tau, { basis: null });
  expect(fast.path).toBe("svd");
  const general = lossGradSvd(f, w, tau, true);
  const d = 64 * f.n * EPS * Math.sqrt(size(f, w, tau));
  expect(Math.abs(fast.loss - general.loss), `loss at τ=${tau}`).toBeLessThanOrEqual(2 * Math.sqrt(general.loss) * d + d * d);
  let dg = 0;
  for (let i = 0; i < w.data.length; i++) dg += (fast.grad!.data[i] - general.grad!.data[i]) ** 2;
  expect(Math.sqrt(dg), `gradient at τ=${tau}`).toBeLessThanOrEqual(2 * d);
}

/** The global minimizer of L_τ over n×m matrices (PAPER.md's critical points, J = the top min(n, m) eigenvalues, all above τ): columns ω_i √(λ_i − τ). */
function minimizer(sigma0: Matrix, m: number, tau: number): Matrix {
  const n = sigma0.rows, { values, vectors } = symmetricEigen(sigma0), w = zeros(n, m);
  for (let c = 0; c < Math.min(n, m); c++) {
    const a = Math.sqrt(values[c] - tau);
    for (let i = 0; i < n; i++) w.data[i * m + c] = vectors.data[i * n + c] * a;
  }
  return w;
}

describe("svdPath at τ > 0: R0 U from the bottom block of V", () => {
  const r = rng(404);
  const spectrum = (n: number, lo: number, hi: number) => Float64Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));

  it("agrees with the general SVD path for τ from 1e-24 to 10 and ‖W‖ from 1e-3 to 1e6, ill-conditioned targets", () => {
    for (const [n, m] of [[4, 4], [6, 3], [5, 8], [16, 16]]) {
      const f = factorTarget(randomWithSpectrum(spectrum(n, 1e-4, 10), r));
      for (const tau of [1e-24, 1e-12, 1e-4, 0.1, 10]) {
        for (const norm of [1e-3, 1, 1e6]) expectAgree(f, scale(randomNormal(n, m, r), norm / Math.sqrt(n * m)), tau);
      }
    }
  });

  it("agrees next to a minimum, where the eigen path is refused because the value is small against its terms", () => {
    for (const [n, m] of [[4, 4], [8, 5], [12, 12]]) {
      const sigma0 = randomWithSpectrum(spectrum(n, 0.5, 5), r), f = factorTarget(sigma0);
      for (const tau of [1e-8, 0.1]) {
        const w = minimizer(sigma0, m, tau);
        for (let i = 0; i < w.data.length; i++) w.data[i] *= 1 + 1e-7 * (r.next() - 0.5);
        expectAgree(f, w, tau);
      }
    }
  });
});
