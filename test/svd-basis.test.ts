/**
 * svdFromBasis (linalg/svd.ts): one-sided Jacobi started from any orthogonal
 * basis meets plain Jacobi's standard — on the graded, clustered and
 * Wilkinson test sets of test/svd.test.ts, from a random basis, from the
 * exact singular vectors and from those of a perturbed matrix (the descent
 * loop's case) — and writes into caller buffers, the basis itself included,
 * without changing the answer.
 */
import { describe, expect, it } from "vitest";
import { zeros } from "../src/linalg/matrix.js";
import { randomNormal, randomOrthogonal, rng } from "../src/linalg/random.js";
import { svd, svdFromBasis } from "../src/linalg/svd.js";
import { expectJacobiStandard, svdTestSpectra, withSingularValues } from "./helpers.js";

describe("svdFromBasis", () => {
  const n = 24;
  for (const [name, sigma] of svdTestSpectra(n)) {
    it(`${name}, ${n}×${2 * n}: σ to 10 n ε σ_1 and the polar factor of plain Jacobi, from a random, the exact and a perturbed basis`, () => {
      const x = withSingularValues(sigma, 2 * n, 3);
      const plain = svd(x);
      const nearby = { ...x, data: x.data.slice() };
      const e = randomNormal(n, 2 * n, rng(4));
      for (let i = 0; i < e.data.length; i++) nearby.data[i] += 1e-6 * e.data[i];
      for (const basis of [randomOrthogonal(n, 5), plain.U, svd(nearby).U]) expectJacobiStandard(svdFromBasis(x, basis), plain, x, sigma);
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
