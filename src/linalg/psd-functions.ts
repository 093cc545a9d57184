/**
 * Functions of symmetric positive semidefinite matrices through the
 * eigen-decomposition: f(A) = V f(Λ) Vᵀ (PAPER.md §1: R0 = Σ0^{1/2}).
 *
 * Exactly singular input: eigenvalues at or below n ε ‖A‖ (‖A‖ = max |λ_i|)
 * are read as exactly 0 — that is the size of the rounding a backward-stable
 * eigensolver leaves on a zero eigenvalue, and B² is only Hölder-½ there, so
 * keeping it would put √(n ε ‖A‖) ≈ 1e-8 ‖A‖^{1/2} of noise into A^{1/2}
 * (PAPER.md §2, "Conditioning at a singular target"). A PSD matrix of rank r
 * therefore has a square root of rank r. Eigenvalues that rounding pushed below
 * zero are read as 0 too; genuinely indefinite input is the caller's to reject
 * (see bures/validate).
 */
import { symmetricEigen } from "./eigen.js";
import type { Matrix } from "./matrix.js";
import { spectralMatrix } from "./products.js";

/** n ε ‖A‖: eigenvalues at or below it count as exactly zero. */
export function zeroEigenvalueTolerance(n: number, normA: number): number {
  return Math.max(n, 1) * 2 ** -52 * normA;
}

/** The eigenvalues (sorted decreasingly) with those at or below n ε ‖A‖ set to exactly 0. */
export function psdEigenvalues(values: Float64Array): Float64Array {
  const n = values.length;
  const norm = n === 0 ? 0 : Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  const tol = zeroEigenvalueTolerance(n, norm);
  return values.map((l) => (l > tol ? l : 0));
}

/** A^p for PSD A and real p (p < 0 needs A ≻ 0: an eigenvalue read as 0 throws). */
export function psdPower(a: Matrix, p: number): Matrix {
  const { values, vectors } = symmetricEigen(a);
  const f = psdEigenvalues(values).map((x) => {
    if (p < 0 && x === 0) throw new RangeError(`psdPower: A is singular, A^${p} does not exist`);
    return p === 0.5 ? Math.sqrt(x) : x ** p;
  });
  return spectralMatrix(vectors, f);
}

export function psdSqrt(a: Matrix): Matrix {
  return psdPower(a, 0.5);
}

export function psdInvSqrt(a: Matrix): Matrix {
  return psdPower(a, -0.5);
}
