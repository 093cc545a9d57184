/**
 * Symmetric eigen-decomposition to LAPACK's test standard:
 * ‖AV − VΛ‖ ≤ 10 n ε ‖A‖ and ‖VᵀV − I‖ ≤ 10 n ε, on random, graded
 * (eigenvalues 1 … 1e-12), clustered (eigenvalues equal to 1e-10) and
 * Wilkinson matrices, n from 1 to 200.
 */
import { describe, expect, it } from "vitest";
import { symmetricEigen, symmetricEigenStaged, symmetricEigenvalues } from "../src/linalg/eigen.js";
import { type Matrix, zeros } from "../src/linalg/matrix.js";
import { frobeniusNorm } from "../src/linalg/ops.js";
import { matmul } from "../src/linalg/products.js";
import { randomWithSpectrum, rng } from "../src/linalg/random.js";
import { eigenMeasures } from "./eigen-measures.js";
import { EPS } from "./helpers.js";

const SIZES = [1, 2, 3, 4, 5, 8, 13, 32, 64, 128, 200];

function randomSymmetric(n: number, seed: number): Matrix {
  const r = rng(seed);
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a.data[i * n + j] = a.data[j * n + i] = r.normal();
  return a;
}

function graded(n: number, seed: number): Matrix {
  return randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => (n === 1 ? 1 : 10 ** ((-12 * i) / (n - 1)))), rng(seed));
}

/** Half the spectrum equal to 1e-10 (a cluster), the rest spread over [1, 2]. */
function clustered(n: number, seed: number): Matrix {
  return randomWithSpectrum(Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 1e-10 : 1 + i / n)), rng(seed));
}

/** Wilkinson's W+_{n}: tridiagonal, diagonal |k − (n−1)/2|, off-diagonal 1 (pairs of nearly equal eigenvalues). */
function wilkinson(n: number): Matrix {
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) {
    a.data[i * n + i] = Math.abs(i - (n - 1) / 2);
    if (i + 1 < n) a.data[i * n + i + 1] = a.data[(i + 1) * n + i] = 1;
  }
  return a;
}

describe("symmetricEigen meets LAPACK's test standard", () => {
  const families: [string, (n: number, seed: number) => Matrix][] = [
    ["random", randomSymmetric],
    ["graded 1 … 1e-12", graded],
    ["clustered at 1e-10", clustered],
    ["Wilkinson", (n) => wilkinson(n)],
  ];
  for (const [name, make] of families) {
    it(`${name}, n = ${SIZES.join(", ")}`, () => {
      for (const n of SIZES) {
        const m = eigenMeasures(make(n, 1000 + n));
        expect(m.residual, `${name} n=${n} residual in units of nε‖A‖`).toBeLessThanOrEqual(10);
        expect(m.orthogonality, `${name} n=${n} orthogonality in units of nε`).toBeLessThanOrEqual(10);
        expect(m.sorted).toBe(true);
      }
    });
  }

  it("finds known eigenvalues: Wilkinson W+_21's largest pair agrees to 1e-13 (10.746194182903393, 10.746194182903322)", () => {
    const v = symmetricEigenvalues(wilkinson(21));
    expect(v[0]).toBeCloseTo(10.746194182903393, 12);
    expect(v[1]).toBeCloseTo(10.746194182903322, 12);
  });

  it("returns the prescribed spectrum of Q diag(λ) Qᵀ", () => {
    const lambda = [5, 3, 2.5, 1, 1e-3, 0];
    const v = symmetricEigenvalues(randomWithSpectrum(lambda, rng(3)));
    lambda.forEach((l, i) => expect(Math.abs(v[i] - l)).toBeLessThanOrEqual(20 * EPS * 5));
  });

  it("handles the zero matrix and diagonal matrices", () => {
    expect(Array.from(symmetricEigen(zeros(3, 3)).values)).toEqual([0, 0, 0]);
    const d = zeros(3, 3);
    d.data[0] = 1; d.data[4] = 3; d.data[8] = 2;
    expect(Array.from(symmetricEigenvalues(d))).toEqual([3, 2, 1]);
  });

  it("rejects non-square and non-finite input", () => {
    expect(() => symmetricEigen(zeros(2, 3))).toThrow(/not square/);
    const a = zeros(2, 2);
    a.data[0] = Number.NaN;
    expect(() => symmetricEigen(a)).toThrow(/non-finite/);
  });
});

describe("symmetricEigenStaged", () => {
  it("gives the eigenvalues before the vectors; the vectors' eigenvalues are the same (bitwise below n = 48, to rounding above)", () => {
    for (const n of [1, 2, 5, 40, 47, 48, 130]) {
      const a = randomSymmetric(n, 70 + n);
      const staged = symmetricEigenStaged(a);
      const early = Float64Array.from(staged.values);
      const { values, vectors } = staged.vectors();
      if (n < 48) expect(Array.from(values)).toEqual(Array.from(early));
      const sortedLate = Array.from(values).sort((x, y) => y - x), sortedEarly = Array.from(early).sort((x, y) => y - x);
      sortedLate.forEach((x, i) => expect(Math.abs(x - sortedEarly[i])).toBeLessThanOrEqual(10 * n * EPS * frobeniusNorm(a)));
      // the pairs are eigenpairs of A
      const av = matmul(a, vectors);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av.data[i * n + j] -= vectors.data[i * n + j] * values[j];
      expect(frobeniusNorm(av)).toBeLessThanOrEqual(10 * n * EPS * frobeniusNorm(a));
      expect(Array.from(symmetricEigenvalues(a))).toEqual(sortedEarly);
    }
  });
});
