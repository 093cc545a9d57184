import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { fileURLToPath } from "node:url";
import { type Matrix, fromRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, sub } from "../src/linalg/ops.js";
import { matmulABt, matmulAtB, scaleColumns } from "../src/linalg/products.js";
import { randomStiefel, rng } from "../src/linalg/random.js";
import type { ThinSvd } from "../src/linalg/svd.js";

export type ReferenceCase = {
  sigma0: number[][];
  tau: number;
  W?: number[][];
  layers?: number[][][];
  rank?: number;
  expect: { loss: number; grad?: number[][]; hessian?: number[][]; layerGrads?: number[][][]; criticalValues?: number[]; minimum?: number };
};

export function referenceCases(): ReferenceCase[] {
  const path = fileURLToPath(new URL("./fixtures/bw-cases.json", import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")).cases;
}

/** ‖A − B‖_F / ‖B‖_F for nested arrays or matrices. */
export function relErr(a: Matrix | number[][], b: Matrix | number[][]): number {
  const A = Array.isArray(a) ? fromRows(a) : a, B = Array.isArray(b) ? fromRows(b) : b;
  return frobeniusNorm(sub(A, B)) / frobeniusNorm(B);
}

export const EPS = 2 ** -52;

/** ‖QᵀQ − I‖_F. */
export function orthonormalityError(q: Matrix): number {
  const g = matmulAtB(q, q);
  for (let i = 0; i < g.rows; i++) g.data[i * g.cols + i] -= 1;
  return frobeniusNorm(g);
}

/** A p×q matrix (p = sigma.length) with the given singular values and random singular vectors. */
export function withSingularValues(sigma: number[], q: number, seed: number): Matrix {
  const r = rng(seed);
  return matmulABt(scaleColumns(randomStiefel(sigma.length, sigma.length, r), sigma), randomStiefel(q, sigma.length, r));
}

/** The SVD accuracy test sets of n singular values: graded, clustered, Wilkinson-like pairs. */
export function svdTestSpectra(n: number): [string, number[]][] {
  return [
    ["graded 1 … 1e-12", Array.from({ length: n }, (_, i) => 10 ** ((-12 * i) / (n - 1)))],
    ["clustered at 1e-10", Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 + i / n : 1e-10))],
    ["Wilkinson spectrum (pairs of nearly equal values)", Array.from({ length: n }, (_, i) => 1 + Math.abs(Math.floor(i / 2) - n / 4) + (i % 2) * 1e-13)],
  ];
}

/**
 * The standard of the Jacobi SVDs on withSingularValues(sigma, …) = x: σ to
 * 10 n ε σ_1, orthonormal factors and reconstruction to 20 n ε, and the polar
 * factor U Vᵀ as plain Jacobi's (`plain`) at its conditioning 1/(σ_{n−1} + σ_n).
 */
export function expectJacobiStandard(r: ThinSvd, plain: ThinSvd, x: Matrix, sigma: number[]): void {
  const n = sigma.length, sorted = [...sigma].sort((a, b) => b - a);
  sorted.forEach((sv, i) => expect(Math.abs(r.s[i] - sv)).toBeLessThanOrEqual(10 * n * EPS * sorted[0]));
  expect(orthonormalityError(r.U)).toBeLessThanOrEqual(20 * n * EPS);
  expect(orthonormalityError(r.V)).toBeLessThanOrEqual(20 * n * EPS);
  const back = matmulABt(scaleColumns(r.U, r.s), r.V);
  expect(frobeniusNorm(sub(back, x)) / frobeniusNorm(x)).toBeLessThanOrEqual(20 * n * EPS);
  const polar = matmulABt(r.U, r.V), polarPlain = matmulABt(plain.U, plain.V);
  const cond = 2 / (sorted[n - 1] + sorted[n - 2]);
  expect(frobeniusNorm(sub(polar, polarPlain))).toBeLessThanOrEqual(10 * n * EPS * cond * sorted[0]);
}
