/**
 * SVD by one-sided Jacobi, QR, and the accuracy argument of the numeric-core
 * issue: small singular values keep their digits through the SVD but lose
 * half of them through the Gram matrix.
 */
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "../src/linalg/eigen.js";
import { zeros } from "../src/linalg/matrix.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";
import { gram, matmul, matmulABt, scaleColumns } from "../src/linalg/products.js";
import { qr } from "../src/linalg/qr.js";
import { randomNormal, randomStiefel, rng } from "../src/linalg/random.js";
import { fullSvd, svd, svdPreconditioned } from "../src/linalg/svd.js";
import { EPS, expectJacobiStandard, orthonormalityError, svdTestSpectra, withSingularValues } from "./helpers.js";


describe("svd", () => {
  const shapes: [number, number][] = [[1, 1], [1, 4], [4, 1], [3, 3], [5, 2], [2, 5], [7, 7], [20, 9], [9, 20]];
  for (const [n, m] of shapes) {
    it(`reconstructs a random ${n}×${m} matrix with orthonormal factors`, () => {
      const x = randomNormal(n, m, rng(n * 100 + m));
      const { U, s, V } = svd(x);
      const p = Math.min(n, m);
      expect(U.rows).toBe(n); expect(U.cols).toBe(p); expect(V.rows).toBe(m); expect(V.cols).toBe(p);
      for (let i = 1; i < p; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
      const back = matmulABt(scaleColumns(U, s), V);
      expect(frobeniusNorm(sub(back, x)) / frobeniusNorm(x)).toBeLessThanOrEqual(20 * p * EPS);
      expect(orthonormalityError(U)).toBeLessThanOrEqual(20 * p * EPS);
      expect(orthonormalityError(V)).toBeLessThanOrEqual(20 * p * EPS);
    });
  }

  it("keeps the digits of a small singular value that the Gram matrix loses", () => {
    const r = rng(11);
    const n = 6, sigma = [1, 0.7, 0.3, 0.1, 1e-4, 1e-7];
    const x = matmulABt(scaleColumns(randomStiefel(n, n, r), sigma), randomStiefel(n, n, r));
    const s = svd(x).s;
    sigma.forEach((sv, i) => expect(Math.abs(s[i] - sv)).toBeLessThanOrEqual(10 * n * EPS));
    // through the Gram matrix: σ_min² = 1e-14 sits at the ε‖X‖² noise level
    const viaGram = Math.sqrt(Math.max(symmetricEigenvalues(gram(x))[n - 1], 0));
    expect(Math.abs(s[n - 1] - 1e-7) / 1e-7).toBeLessThan(1e-8);
    expect(Math.abs(viaGram - 1e-7) / 1e-7).toBeGreaterThan(1e-6);
  });

  it("handles exactly rank-deficient and zero matrices (V completed to orthonormal)", () => {
    const r = rng(5);
    const x = matmul(randomNormal(4, 2, r), randomNormal(2, 6, r));
    const { s, V } = svd(x);
    expect(s[2]).toBeLessThanOrEqual(1e-14 * s[0]);
    expect(orthonormalityError(V)).toBeLessThanOrEqual(1e-13);
    const z = svd(zeros(3, 3));
    expect(Array.from(z.s)).toEqual([0, 0, 0]);
    expect(orthonormalityError(z.V)).toBeLessThanOrEqual(1e-15);
  });

  it("converges on rows of wildly different scales whose squared norms underflow (found by the no-false-alarm property)", () => {
    const data = [
      -0.14443759137413603, 1, -0.15275283500871, 0.09421156125187856,
      -6.890336949377155e-86, 1.9654617383842507e-84, 1.2963195923679772e-83, 5.0428556122158455e-86,
      -1.898123768975456e-179, -2.3631888201853524e-180, 2.7132625799299693e-181, -3.576732764263712e-180,
    ];
    const { s } = svd({ rows: 3, cols: 4, data: Float64Array.from(data) });
    expect(s[0]).toBeCloseTo(1.0261927034815033, 14);
    expect(s[1] / 1.3111627630250961e-83).toBeCloseTo(1, 10);
    expect(s[2]).toBeLessThan(1e-150);
  });

  it("keeps V orthonormal when a singular value is below 1e-150 of the largest (found by the C1 property)", () => {
    const x = { rows: 3, cols: 3, data: Float64Array.from([4.7e-26, 0, -7.4e-188, 0, 0, 0, -7.4e-188, 0, 1.2e-349]) };
    const { V, U } = svd(x);
    expect(orthonormalityError(V)).toBeLessThan(1e-14);
    expect(orthonormalityError(U)).toBeLessThan(1e-14);
  });

  it("keeps U and V unit when σ is subnormal (found by the C1 property)", () => {
    const { U, V } = svd({ rows: 2, cols: 1, data: Float64Array.from([5e-324, 1e-323]) });
    expect(orthonormalityError(U)).toBeLessThan(1e-15);
    expect(orthonormalityError(V)).toBeLessThan(1e-15);
  });

  it("fullSvd completes both factors to orthogonal matrices", () => {
    const x = randomNormal(5, 3, rng(2));
    const f = fullSvd(x);
    expect(f.U.cols).toBe(5);
    expect(f.V.cols).toBe(3);
    expect(orthonormalityError(f.U)).toBeLessThanOrEqual(1e-14);
  });
});

describe("qr", () => {
  it("factors A = QR with orthonormal Q and upper-triangular R, diag(R) ≥ 0", () => {
    const a = randomNormal(7, 4, rng(9));
    const { Q, R } = qr(a);
    expect(frobeniusNorm(sub(matmul(Q, R), a))).toBeLessThanOrEqual(1e-14 * frobeniusNorm(a));
    expect(orthonormalityError(Q)).toBeLessThanOrEqual(1e-14);
    for (let i = 0; i < 4; i++) {
      expect(R.data[i * 4 + i]).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < i; j++) expect(R.data[i * 4 + j]).toBe(0);
    }
  });

  it("random orthogonal matrices are reproducible from the seed and orthogonal", () => {
    const a = randomStiefel(6, 6, rng(42)), b = randomStiefel(6, 6, rng(42)), c = randomStiefel(6, 6, rng(43));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(orthonormalityError(a)).toBeLessThanOrEqual(1e-14);
  });
});

describe("svdPreconditioned (one-sided Jacobi started from the Gram matrix's eigenvectors)", () => {
  const n = 40;
  const families = svdTestSpectra(n);
  for (const [name, sigma] of families) {
    for (const q of [n, 2 * n]) {
      it(`${name}, ${n}×${q}: singular values to 10 n ε σ_1, polar factor as plain Jacobi's, orthonormal factors`, () => {
        const x = withSingularValues(sigma, q, q);
        // the polar factor U Vᵀ is conditioned by 1/(σ_i + σ_j): compared with plain Jacobi's at that scale
        expectJacobiStandard(svdPreconditioned(x), svd(x), x, sigma);
      });
    }
  }

  it("handles tall, rank-deficient and zero matrices like svd", () => {
    const r = rng(6);
    const tall = randomNormal(30, 13, r);
    const a = svdPreconditioned(tall), b = svd(tall);
    expect(a.U.rows).toBe(30); expect(a.V.rows).toBe(13);
    for (let i = 0; i < 13; i++) expect(Math.abs(a.s[i] - b.s[i])).toBeLessThanOrEqual(100 * EPS * b.s[0]);
    const low = matmul(randomNormal(20, 3, r), randomNormal(3, 25, r));
    const l = svdPreconditioned(low);
    expect(l.s[3]).toBeLessThanOrEqual(1e-13 * l.s[0]);
    expect(orthonormalityError(l.V)).toBeLessThanOrEqual(1e-13);
    expect(Array.from(svdPreconditioned(zeros(14, 14)).s)).toEqual(new Array(14).fill(0));
  });
});
