/**
 * svdFromBasis (linalg/svd.ts): one-sided Jacobi started from any orthogonal
 * basis meets plain Jacobi's standard — on the graded, clustered and
 * Wilkinson test sets of test/svd.test.ts, from a random basis, from the
 * exact singular vectors and from those of a perturbed matrix (the descent
 * loop's case) — and writes into caller buffers, the basis itself included,
 * without changing the answer.
 */
import { describe, expect, it } from "vitest";
import { type Matrix, zeros } from "../src/linalg/matrix.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";
import { matmulABt, matmulAtB, scaleColumns } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, randomStiefel, rng } from "../src/linalg/random.js";
import { svd, svdFromBasis } from "../src/linalg/svd.js";
import { EPS } from "./helpers.js";

function orthonormalityError(q: Matrix): number {
  const g = matmulAtB(q, q);
  for (let i = 0; i < g.rows; i++) g.data[i * g.cols + i] -= 1;
  return frobeniusNorm(g);
}

function withSingularValues(sigma: number[], q: number, seed: number): Matrix {
  const r = rng(seed);
  return matmulABt(scaleColumns(randomStiefel(sigma.length, sigma.length, r), sigma), randomStiefel(q, sigma.length, r));
}

describe("svdFromBasis", () => {
  const n = 24;
  const families: [string, number[]][] = [
    ["graded 1 … 1e-12", Array.from({ length: n }, (_, i) => 10 ** ((-12 * i) / (n - 1)))],
    ["clustered at 1e-10", Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 + i / n : 1e-10))],
    ["Wilkinson spectrum", Array.from({ length: n }, (_, i) => 1 + Math.abs(Math.floor(i / 2) - n / 4) + (i % 2) * 1e-13)],
  ];
  for (const [name, sigma] of families) {
    it(`${name}, ${n}×${2 * n}: σ to 10 n ε σ_1 and the polar factor of plain Jacobi, from a random, the exact and a perturbed basis`, () => {
      const x = withSingularValues(sigma, 2 * n, 3);
      const plain = svd(x);
      const nearby = { ...x, data: x.data.slice() };
      const e = randomNormal(n, 2 * n, rng(4));
      for (let i = 0; i < e.data.length; i++) nearby.data[i] += 1e-6 * e.data[i];
      const sorted = [...sigma].sort((a, b) => b - a);
      const cond = 2 / (sorted[n - 1] + sorted[n - 2]);
      for (const basis of [randomOrthogonal(n, 5), plain.U, svd(nearby).U]) {
        const r = svdFromBasis(x, basis);
        sorted.forEach((sv, i) => expect(Math.abs(r.s[i] - sv)).toBeLessThanOrEqual(10 * n * EPS * sorted[0]));
        expect(orthonormalityError(r.U)).toBeLessThanOrEqual(20 * n * EPS);
        expect(orthonormalityError(r.V)).toBeLessThanOrEqual(20 * n * EPS);
        const back = matmulABt(scaleColumns(r.U, r.s), r.V);
        expect(frobeniusNorm(sub(back, x)) / frobeniusNorm(x)).toBeLessThanOrEqual(20 * n * EPS);
        const polar = matmulABt(r.U, r.V), polarPlain = matmulABt(plain.U, plain.V);
        expect(frobeniusNorm(sub(polar, polarPlain))).toBeLessThanOrEqual(10 * n * EPS * cond * sorted[0]);
      }
    });
  }

  it("writes into caller buffers, U over the basis itself, with the same result to the last bit", () => {
    const x = randomNormal(9, 14, rng(8));
    const basis = svd(randomNormal(9, 14, rng(9))).U;
    const fresh = svdFromBasis(x, basis);
    const into = { U: { ...basis, data: basis.data.slice() }, s: new Float64Array(9), V: zeros(14, 9) };
    const r = svdFromBasis(x, into.U, into);
    expect(r.U).toBe(into.U);
    expect(Array.from(r.U.data)).toEqual(Array.from(fresh.U.data));
    expect(Array.from(r.s)).toEqual(Array.from(fresh.s));
    expect(Array.from(r.V.data)).toEqual(Array.from(fresh.V.data));
    expect(() => svdFromBasis(x, basis, { U: zeros(9, 9), s: new Float64Array(9), V: zeros(9, 9) })).toThrow(RangeError);
    expect(() => svdFromBasis(x, zeros(8, 8))).toThrow(RangeError);
  });
});
