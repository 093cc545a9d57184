/**
 * Functions of symmetric positive semidefinite matrices through the
 * eigen-decomposition: f(A) = V f(Λ) Vᵀ (PAPER.md §1: R0 = Σ0^{1/2}).
 * Eigenvalues that rounding pushed slightly below zero are clipped to 0;
 * genuinely indefinite input is the caller's to reject (see bures/validate).
 */
import { symmetricEigen } from "./eigen.js";
import type { Matrix } from "./matrix.js";
import { spectralMatrix } from "./products.js";

/** A^p for PSD A and real p (p < 0 needs A ≻ 0). */
export function psdPower(a: Matrix, p: number): Matrix {
  const { values, vectors } = symmetricEigen(a);
  const f = values.map((l) => {
    const x = Math.max(l, 0);
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
