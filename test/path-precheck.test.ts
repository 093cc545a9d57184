/**
 * lossGrad skips the eigen path (three n³ products) when a bound computed
 * from the eigenvalues alone shows it would fail its budget anyway
 * (w-space.ts, surelyOverBudget). The skip must never change the answer:
 * wherever it fires, the exact rule (lossGradEigen, which forms the path and
 * tests the value it computed) refuses the eigen path too. And it must fire
 * where gradient descent spends its steps, near a minimum.
 */
import { describe, expect, it } from "vitest";
import { factorTarget } from "../src/bures/factors.js";
import { EIGEN_PATH_MAX_ERROR, eigenPathError, lossGrad, lossGradEigen, surelyOverBudget } from "../src/bures/w-space.js";
import { symmetricEigenUnsorted } from "../src/linalg/eigen.js";
import { type Matrix } from "../src/linalg/matrix.js";
import { gram, matmul } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, randomWithSpectrum, rng } from "../src/linalg/random.js";

/** A point at distance ~δ from a minimum of L_τ: W W ᵀ = Σ0 − τI there (W = (Σ0 − τI)^{1/2} Q). */
function nearMinimum(n: number, cond: number, tau: number, delta: number, seed: number): { sigma0: Matrix; w: Matrix } {
  const r = rng(seed);
  const spectrum = Float64Array.from({ length: n }, (_, i) => tau + Math.pow(cond, -i / Math.max(n - 1, 1)) * (1 + r.next()));
  const sigma0 = randomWithSpectrum(spectrum, r);
  const shifted = symmetricEigenUnsorted({ rows: n, cols: n, data: sigma0.data.map((v, k) => v - (k % (n + 1) === 0 ? tau : 0)) });
  const root = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += shifted.vectors.data[i * n + k] * Math.sqrt(Math.max(shifted.values[k], 0)) * shifted.vectors.data[j * n + k];
    root.data[i * n + j] = s;
  }
  const w = matmul(root, randomOrthogonal(n, r));
  const e = randomNormal(n, n, r);
  for (let i = 0; i < w.data.length; i++) w.data[i] += delta * e.data[i];
  return { sigma0, w };
}

function skipFires(sigma0: Matrix, w: Matrix, tau: number): boolean | null {
  const f = factorTarget(sigma0);
  const a = gram(matmul(f.r0, w));
  for (let i = 0; i < a.data.length; i++) a.data[i] += tau * f.sigma0.data[i];
  const mu = symmetricEigenUnsorted(a).values;
  const kappa = Math.max(...mu) / Math.min(...mu);
  if (!(Math.min(...mu) > 0) || eigenPathError(kappa) > EIGEN_PATH_MAX_ERROR) return null; // the pre-check is not reached
  return surelyOverBudget(eigenPathError(kappa), mu, f, w, tau);
}

describe("the eigen path's pre-check (surelyOverBudget)", () => {
  it("fires only where the exact rule refuses the eigen path as well, and near every minimum", () => {
    let fired = 0, reached = 0, nearMin = 0, nearMinFired = 0;
    let seed = 1;
    for (const tau of [0, 0.1]) {
      for (const n of [2, 3, 5, 8, 12]) {
        for (const cond of [1, 10, 1e3]) {
          for (let k = 0; k <= 14; k++) {
            const delta = k === 14 ? 0 : Math.pow(10, -k);
            const { sigma0, w } = nearMinimum(n, cond, tau, delta, seed++);
            const fires = skipFires(sigma0, w, tau);
            if (fires === null) continue;
            reached++;
            const f = factorTarget(sigma0);
            if (fires) {
              fired++;
              expect(lossGradEigen(f, w, tau), `n=${n} cond=${cond} τ=${tau} δ=${delta}`).toBeNull();
              expect(lossGrad(f, w, tau).path).not.toBe("eigen");
            }
            if (delta <= 1e-6) {
              nearMin++;
              if (fires) nearMinFired++;
            }
          }
        }
      }
    }
    expect(reached).toBeGreaterThan(300);
    expect(nearMinFired).toBe(nearMin); // within 1e-6 of a minimum the eigen path never meets the budget: always skipped
    expect(fired).toBeLessThan(reached); // far from a minimum it is not skipped
  });

  it("never fires at the last point the exact rule accepts (bisection onto the boundary)", () => {
    let boundaries = 0;
    for (const [n, cond, tau, seed] of [[3, 10, 0, 7], [5, 1, 0.1, 8], [8, 100, 0.1, 9], [4, 1e3, 0, 10]] as const) {
      const accepts = (delta: number): boolean => {
        const { sigma0, w } = nearMinimum(n, cond, tau, delta, seed);
        return lossGradEigen(factorTarget(sigma0), w, tau) !== null;
      };
      let lo = 1e-8, hi = 10; // refused at lo, accepted at hi
      if (accepts(lo) || !accepts(hi)) continue;
      for (let i = 0; i < 80; i++) {
        const mid = Math.sqrt(lo * hi);
        if (accepts(mid)) hi = mid;
        else lo = mid;
      }
      boundaries++;
      const { sigma0, w } = nearMinimum(n, cond, tau, hi, seed);
      expect(skipFires(sigma0, w, tau), `n=${n} cond=${cond} τ=${tau} δ=${hi}`).toBe(false);
    }
    expect(boundaries).toBeGreaterThanOrEqual(3);
  });
});
