/**
 * svdFromBasisStacked (linalg/svd.ts): the SVD of X = [A W, c A] from an
 * orthogonal start B without forming X (G = [(Bᵀ A) W, c Bᵀ A]) meets plain
 * Jacobi's standard on X formed explicitly — A with the graded, clustered and
 * Wilkinson spectra of test/svd.test.ts, from a random and from a nearby
 * basis — and gives up (null, buffers untouched) on non-finite entries.
 */
import { describe, expect, it } from "vitest";
import { type Matrix, zeros } from "../src/linalg/matrix.js";
import { matmul } from "../src/linalg/products.js";
import { randomNormal, randomOrthogonal, rng } from "../src/linalg/random.js";
import { svd, svdFromBasisStacked } from "../src/linalg/svd.js";
import { expectJacobiStandard, svdTestSpectra, withSingularValues } from "./helpers.js";

/** [A W, c A] formed explicitly. */
function stacked(a: Matrix, w: Matrix, c: number): Matrix {
  const n = a.rows, m = w.cols, aw = matmul(a, w), x = zeros(n, m + n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) x.data[i * (m + n) + j] = aw.data[i * m + j];
    for (let j = 0; j < n; j++) x.data[i * (m + n) + m + j] = c * a.data[i * n + j];
  }
  return x;
}

function buffers(n: number, q: number, basis: Matrix) {
  return { U: { ...basis, data: basis.data.slice() }, s: new Float64Array(n), V: zeros(q, n) };
}

describe("svdFromBasisStacked", () => {
  const n = 24, c = Math.sqrt(0.1);
  for (const [name, sigma] of svdTestSpectra(n)) {
    it(`A ${name}, W orthogonal ${n}×${n}: plain Jacobi's standard on [A W, √0.1 A], from a random and a nearby basis`, () => {
      const a = withSingularValues(sigma, n, 3), w = randomOrthogonal(n, 6);
      const x = stacked(a, w, c);
      const plain = svd(x);
      const nearby = { ...x, data: x.data.slice() };
      const e = randomNormal(n, 2 * n, rng(4));
      for (let i = 0; i < e.data.length; i++) nearby.data[i] += 1e-6 * e.data[i];
      for (const basis of [randomOrthogonal(n, 5), svd(nearby).U]) {
        const r = svdFromBasisStacked(a, w, c, basis, buffers(n, 2 * n, basis));
        expect(r).not.toBeNull();
        expectJacobiStandard(r!, plain, x, Array.from(plain.s));
      }
    });
  }

  it("rectangular W (n×m, m ≠ n), U written over the basis itself", () => {
    const a = randomNormal(7, 7, rng(11)), w = randomNormal(7, 4, rng(12)), x = stacked(a, w, 0.5);
    const basis = randomOrthogonal(7, 13), into = buffers(7, 11, basis);
    const plain = svd(x);
    const r = svdFromBasisStacked(a, w, 0.5, into.U, into);
    expect(r?.U).toBe(into.U);
    expectJacobiStandard(r!, plain, x, Array.from(plain.s));
  });

  it("null on a non-finite entry, RangeError on wrong shapes", () => {
    const a = randomNormal(5, 5, rng(14)), w = randomNormal(5, 5, rng(15)), basis = randomOrthogonal(5, 16);
    const bad = { ...w, data: w.data.slice() };
    bad.data[7] = Number.NaN;
    const into = buffers(5, 10, basis);
    expect(svdFromBasisStacked(a, bad, 1, basis, into)).toBeNull();
    expect(Array.from(into.s)).toEqual([0, 0, 0, 0, 0]);
    bad.data[7] = Number.POSITIVE_INFINITY;
    expect(svdFromBasisStacked(a, bad, 1, basis, into)).toBeNull();
    expect(() => svdFromBasisStacked(a, w, 1, basis, buffers(5, 9, basis))).toThrow(RangeError);
    expect(() => svdFromBasisStacked(a, randomNormal(4, 5, rng(17)), 1, basis, into)).toThrow(RangeError);
  });
});
