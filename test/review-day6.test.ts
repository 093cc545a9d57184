/**
 * Regression tests from the independent review of the sixth day's change
 * (the Jacobi skip rule, R0 U from V, the polar path, the refined R0).
 *
 * The polar path (src/linalg/polar.ts) left Y unscaled while max |y_ij| was
 * within 2^±500, but M's off-diagonal entries divide by σ_i σ_j (σ_i + σ_j),
 * a cube of Y's scale: from about 2^-340 down it underflows to 0 (M = ∓∞,
 * the loss NaN), from about 2^340 up it overflows (M's first-order terms
 * silently 0, the answer only zeroth order in φ). The loss is homogeneous:
 * L(c Σ0, √c W; c τ) = c L(Σ0, W; τ) and ∇ scales by √c, exactly for c a
 * power of four, and before the polar path every scale answered to the last
 * bit of the unscaled one.
 */
import { describe, expect, it } from "vitest";
import { bwTarget } from "../src/index.js";
import { fromDiagonal, type Matrix } from "../src/linalg/matrix.js";
import { matmul, matmulABt } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, rng } from "../src/linalg/random.js";

const rows = (x: Matrix, f: number): number[][] =>
  Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols), (v) => v * f));

function graded(n: number, spectrum: number[], seed: number): Matrix {
  const q = randomOrthogonal(n, rng(seed));
  const s = matmulABt(matmul(q, fromDiagonal(Float64Array.from(spectrum))), q);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) s.data[j * n + i] = s.data[i * n + j];
  return s;
}

describe("polar path: no under- or overflow at extreme scales", () => {
  it("lossAndGrad(c Σ0, √c W, c τ) is c L and √c ∇ for c = 4^k, k = −500 … 500 (1e±301), on the polar path and off it", () => {
    const n = 4;
    const sigma0 = graded(n, [1, 1e-2, 1e-4, 1e-6], 5);
    for (const [m, tau] of [[4, 0], [2, 1], [6, 0.5]]) {
      const w = randomNormal(n, m, rng(m));
      const base = bwTarget(rows(sigma0, 1)).lossAndGrad(rows(w, 1), { tau });
      expect(base.path, `m = ${m}, τ = ${tau}`).toBe("polar"); // the scale-1 answer is the path under test
      for (let k = 500; k >= -500; k -= 10) {
        const c = 4 ** k, r = 2 ** k;
        const got = bwTarget(rows(sigma0, c)).lossAndGrad(rows(w, r), { tau: tau * c });
        expect(Number.isFinite(got.loss), `loss at 4^${k}, m = ${m}, τ = ${tau}: ${got.loss} (${got.path})`).toBe(true);
        expect(Math.abs(got.loss / c - base.loss), `loss at 4^${k}, m = ${m} (${got.path})`).toBeLessThanOrEqual(4e-16 * base.loss);
        let d = 0, nb = 0;
        for (let i = 0; i < n * m; i++) {
          d += (got.grad.data[i] / r - base.grad.data[i]) ** 2;
          nb += base.grad.data[i] ** 2;
        }
        // the scaled problem's rounding is the unscaled one's: before the polar path this was 0 at every k
        expect(Math.sqrt(d / nb), `∇ at 4^${k}, m = ${m}, τ = ${tau} (${got.path})`).toBeLessThanOrEqual(1e-15);
      }
    }
  });

  it("Σ0 at 1e-300 and τ = 1 (Y = [R0 W, R0] of size 1e-150): finite, as at ddcc78a (loss 2)", () => {
    const c = Math.cos(0.7), s = Math.sin(0.7), l1 = 1e-300, l2 = 1e-305, ws = 1e-150;
    const sigma0 = [[c * c * l1 + s * s * l2, c * s * (l1 - l2)], [c * s * (l1 - l2), s * s * l1 + c * c * l2]];
    const w = [[0.3 * ws, -1.1 * ws], [0.8 * ws, 0.25 * ws]];
    const r = bwTarget(sigma0).lossAndGrad(w, { tau: 1 });
    // L_τ = ‖W‖² + tr Σ0 + τ n − 2 ‖[R0 W, √τ R0]‖_* with everything but τ n = 2 below 1e-149
    expect(r.loss).toBe(2);
    for (const g of r.grad.data) expect(Number.isFinite(g)).toBe(true);
  });
});

describe("SVD path at a subnormal √τ R0", () => {
  // Y = [R0 W, √τ R0] with √τ R0 subnormal: R0 U = V_bottom Σ / √τ (w-space.ts r0uFromV) divides that block's
  // absolute rounding (2^-1075 per entry) by √τ; ddcc78a formed R0 · U and answered as the scaled problem does
  it("τ = 2^-1074 with Σ0 ≈ 1e-304: the same answer as the problem scaled by 4^250 (all of it normal)", () => {
    const n = 3;
    const sigma0 = graded(n, [1, 0.1, 0.01], 11);
    for (const m of [2, 3, 5]) {
      const w = randomNormal(n, m, rng(20 + m));
      const tau = Number.MIN_VALUE, small = 2 ** -1010, big = 2 ** 500;
      const tiny = bwTarget(rows(sigma0, small)).lossAndGrad(rows(w, Math.sqrt(small)), { tau });
      const scaled = bwTarget(rows(sigma0, small * big)).lossAndGrad(rows(w, Math.sqrt(small * big)), { tau: tau * big });
      expect(Math.abs(tiny.loss * big - scaled.loss), `loss, m = ${m} (${tiny.path})`).toBeLessThanOrEqual(1e-13 * scaled.loss);
      let d = 0, nb = 0;
      for (let i = 0; i < n * m; i++) {
        d += (tiny.grad.data[i] * Math.sqrt(big) - scaled.grad.data[i]) ** 2;
        nb += scaled.grad.data[i] ** 2;
      }
      expect(Math.sqrt(d / nb), `∇, m = ${m} (${tiny.path} against ${scaled.path})`).toBeLessThanOrEqual(1e-13);
    }
  });
});
