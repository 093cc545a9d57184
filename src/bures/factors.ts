/**
 * Σ0 validated and factorised once (PAPER.md §1): eigenvalues λ_1 ≥ … ≥ λ_n ≥ 0,
 * eigenvectors ω_i, R0 = Σ0^{1/2} and tr Σ0. Eigenvalues at or below n ε λ_1
 * are read as exactly 0 (linalg/psd-functions.ts; PAPER.md §2, "Conditioning at
 * a singular target"): the tridiagonal-QL eigensolver resolves eigenvalues
 * only to about n ε λ_1 absolutely, so below that a λ cannot be told from
 * rounding. That is the one rank rule for Σ0: `rank` counts the eigenvalues
 * it keeps, so rank R0 = rank (docs/accuracy.md, "Rank decisions").
 * Negative eigenvalues down to −psdTolerance are rounding of a PSD matrix
 * (a separate question: is the input PSD at all?).
 */
import { symmetricEigen } from "../linalg/eigen.js";
import type { Matrix } from "../linalg/matrix.js";
import { spectralMatrix } from "../linalg/products.js";
import { psdEigenvalues } from "../linalg/psd-functions.js";
import { refinedSqrt } from "../linalg/sqrt-refinement.js";
import { BwInputError } from "./errors.js";
import { spectralMagnitude } from "./nuclear.js";
import { readSymmetric } from "./validate.js";

export type TargetFactors = {
  readonly n: number;
  readonly sigma0: Matrix;
  /** R0 = Σ0^{1/2} */
  readonly r0: Matrix;
  /** λ_1 ≥ … ≥ λ_n (those at or below n ε λ_1, and negative rounding noise, read as 0) */
  readonly eigenvalues: Float64Array;
  /** column i = ω_i */
  readonly eigenvectors: Matrix;
  readonly traceSigma0: number;
  /** rank R0 = the number of nonzero λ_i (those above n ε λ_1) */
  readonly rank: number;
  /** |Ω| diag(√λ) |Ω|ᵀ ≥ |R0| entrywise: the scale of R0's rounding (nuclear.ts, productRounding) */
  readonly r0Magnitude: Matrix;
};

/**
 * Σ0^{1/2} for Σ0 ≻ 0: Q √Λ Qᵀ and one Newton step, on Σ0 / 4^e and Q √Λ Qᵀ / 2^e
 * (exact scalings, 2^e near √λ_1) so that the exact residual's split products
 * neither overflow nor underflow, then scaled back.
 */
function refinedRoot(sigma0: Matrix, vectors: Matrix, roots: Float64Array): Matrix {
  const scale = 2 ** Math.round(Math.log2(roots[0]));
  const r = spectralMatrix(vectors, roots.map((x) => x / scale));
  const s = { rows: sigma0.rows, cols: sigma0.cols, data: sigma0.data.map((x) => x / scale / scale) };
  const refined = refinedSqrt(s, vectors, roots.map((x) => x / scale), r);
  for (let i = 0; i < refined.data.length; i++) refined.data[i] *= scale;
  return refined;
}

/** Eigenvalues below −(n ε · 64) λ_max mean Σ0 is indefinite, not merely rounded. */
export function psdTolerance(n: number, lambdaMax: number): number {
  return 64 * Math.max(n, 1) * 2 ** -52 * Math.max(lambdaMax, 0);
}

export function factorTarget(sigma0Input: unknown): TargetFactors {
  const sigma0 = readSymmetric(sigma0Input, "sigma0");
  const n = sigma0.rows;
  const { values, vectors } = symmetricEigen(sigma0);
  const lmax = Math.max(values[0], 0);
  const tol = psdTolerance(n, lmax);
  const lmin = values[n - 1];
  if (lmin < -tol) {
    throw new BwInputError("sigma0", `is not positive semidefinite (smallest eigenvalue ${lmin.toPrecision(4)} < 0)`);
  }
  const eigenvalues = psdEigenvalues(values);
  const roots = eigenvalues.map(Math.sqrt);
  let rank = 0;
  for (let i = 0; i < n; i++) if (eigenvalues[i] > 0) rank++;
  // Σ0 ≻ 0: one Newton step takes Q √Λ Qᵀ to about one rounding of Σ0^{1/2} (linalg/sqrt-refinement.ts);
  // at a singular Σ0 the square root keeps its exact null space instead
  const r0 = rank === n ? refinedRoot(sigma0, vectors, roots) : spectralMatrix(vectors, roots);
  let traceSigma0 = 0;
  for (let i = 0; i < n; i++) traceSigma0 += sigma0.data[i * n + i];
  return { n, sigma0, r0, eigenvalues, eigenvectors: vectors, traceSigma0, rank, r0Magnitude: spectralMagnitude(vectors, roots) };
}
