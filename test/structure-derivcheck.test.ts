/**
 * The finite-difference primitive's accuracy (found by the mutation corpus,
 * docs/mutants.md): directionalDerivative combines central differences at h
 * and h/2 (error c₄h⁴ after extrapolation) with h = ε^{1/5}·max(1, ‖x‖)/‖v‖,
 * where truncation and round-off balance at about ε^{4/5} ≈ 3e-13 relative. A
 * step of √ε (the forward-difference optimum) leaves round-off ε/h ≈ 1e-8.
 * Checked against exact derivatives of smooth functions of size ~1.
 */
import { describe, expect, it } from "vitest";
import { directionalDerivative, directionalDerivativeMatrix } from "../src/derivcheck/finite-difference.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { randomNormal, rng } from "../src/linalg/random.js";

describe("directionalDerivative: Richardson-extrapolated central differences", () => {
  const r = rng(1503);
  // f(x) = Σ sin(x_i) e^{x_i / 3}: f' along v = Σ v_i (cos x_i + sin x_i / 3) e^{x_i / 3}
  const f = (x: Matrix) => x.data.reduce((s, xi) => s + Math.sin(xi) * Math.exp(xi / 3), 0);
  const df = (x: Matrix, v: Matrix) => x.data.reduce((s, xi, i) => s + v.data[i] * (Math.cos(xi) + Math.sin(xi) / 3) * Math.exp(xi / 3), 0);
  it("is accurate to 1e-10 relative on random points and directions", () => {
    for (let k = 0; k < 10; k++) {
      const x = randomNormal(3, 3, r), v = randomNormal(3, 3, r);
      const exact = df(x, v);
      expect(Math.abs(directionalDerivative(f, x, v) - exact)).toBeLessThan(1e-10 * Math.max(Math.abs(exact), frobeniusNorm(v)));
    }
  });
  it("the matrix version (a gradient's derivative: a Hessian applied to v) too", () => {
    // g = ∇f = (cos x_i + sin x_i / 3) e^{x_i / 3} entrywise; its derivative along v is g'(x_i) v_i
    const g = (x: Matrix): Matrix => ({ ...x, data: x.data.map((xi) => (Math.cos(xi) + Math.sin(xi) / 3) * Math.exp(xi / 3)) });
    const x = randomNormal(2, 4, r), v = randomNormal(2, 4, r);
    const hv = directionalDerivativeMatrix(g, x, v);
    x.data.forEach((xi, i) => {
      const exact = v.data[i] * (-Math.sin(xi) + (2 / 3) * Math.cos(xi) + Math.sin(xi) / 9) * Math.exp(xi / 3);
      expect(Math.abs(hv.data[i] - exact)).toBeLessThan(1e-10 * frobeniusNorm(v));
    });
  });
});
