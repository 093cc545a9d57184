/**
 * Σ-space: the Bures–Wasserstein distance and its derivatives (PAPER.md §2–3).
 *   B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 tr M^{1/2},   M = R0 Σ R0 = Q diag(μ) Qᵀ,
 *   ∇_Σ B² = I − T,   T = R0 M^{-1/2} R0  (the transport map: T Σ T = Σ0),
 *   D²B²(Σ)[E, E] = Σ_ij F_ij F_ji / (√μ_i √μ_j (√μ_i + √μ_j)),  F = Qᵀ R0 E R0 Q
 * (Daleckii–Krein with the divided differences of x ↦ x^{-1/2}/2). The Hessian
 * acts on all n² entries of Σ (row-major vec), as the second derivative of
 * the analytic extension of B² to nearby non-symmetric Σ; on symmetric E it is
 * the usual one, and the gradient I − T is the same in both readings.
 */
import { symmetricEigen } from "../linalg/eigen.js";
import { identity, type Matrix, transpose } from "../linalg/matrix.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { sub, symmetrize, trace } from "../linalg/ops.js";
import { matmul, matmulAtB, spectralMatrix } from "../linalg/products.js";
import { BwInputError, NotDifferentiableError } from "./errors.js";
import { psdTolerance, type TargetFactors } from "./factors.js";
import { readSymmetric } from "./validate.js";

type SigmaPoint = { sigma: Matrix; mu: Float64Array; Q: Matrix };

/** Validates Σ (same size as Σ0, symmetric PSD) and diagonalises M = R0 Σ R0. */
export function sigmaPoint(t: TargetFactors, sigmaInput: unknown): SigmaPoint {
  const sigma = readSymmetric(sigmaInput, "Sigma");
  if (sigma.rows !== t.n) throw new BwInputError("Sigma", `must be ${t.n}×${t.n} like sigma0, got ${sigma.rows}×${sigma.cols}`);
  const se = symmetricEigen(sigma);
  if (se.values[t.n - 1] < -psdTolerance(t.n, se.values[0])) {
    throw new BwInputError("Sigma", `is not positive semidefinite (smallest eigenvalue ${se.values[t.n - 1].toPrecision(4)} < 0)`);
  }
  const m = matmul(matmul(t.r0, sigma), t.r0);
  const { values, vectors } = symmetricEigen(m);
  return { sigma, mu: values.map((x) => Math.max(x, 0)), Q: vectors };
}

export function bures2(t: TargetFactors, pt: SigmaPoint): number {
  let s = 0;
  for (let i = pt.mu.length - 1; i >= 0; i--) s += Math.sqrt(pt.mu[i]);
  return trace(pt.sigma) + t.traceSigma0 - 2 * s;
}

function requirePositive(t: TargetFactors, pt: SigmaPoint): void {
  const tol = psdTolerance(t.n, pt.mu[0]);
  if (!(pt.mu[t.n - 1] > tol)) {
    throw new NotDifferentiableError(
      "Sigma",
      `B² is not differentiable here: R0 Σ R0 is singular (smallest eigenvalue ${pt.mu[t.n - 1].toPrecision(3)}); Σ and Σ0 must be positive definite`,
    );
  }
}

/** T = R0 M^{-1/2} R0. */
export function transportMap(t: TargetFactors, pt: SigmaPoint): Matrix {
  requirePositive(t, pt);
  const inner = spectralMatrix(pt.Q, pt.mu.map((x) => 1 / Math.sqrt(x)));
  const tm = matmul(matmul(t.r0, inner), t.r0);
  return symmetrize(tm);
}

/** ∇_Σ B² = I − T. */
export function sigmaGrad(t: TargetFactors, pt: SigmaPoint): Matrix {
  return sub(identity(t.n), transportMap(t, pt));
}

/** D²B²(Σ)[E] = R0 Q (K ∘ Fᵀ) Qᵀ R0,  K_ij = 1/(√μ_i √μ_j (√μ_i + √μ_j)). */
export function sigmaHvp(t: TargetFactors, pt: SigmaPoint, e: Matrix): Matrix {
  requirePositive(t, pt);
  const n = t.n;
  const F = matmulAtB(pt.Q, matmul(matmul(matmul(t.r0, e), t.r0), pt.Q));
  const r = pt.mu.map(Math.sqrt);
  const G = transpose(F);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) G.data[i * n + j] /= r[i] * r[j] * (r[i] + r[j]);
  }
  const inner = matmul(matmul(pt.Q, G), transpose(pt.Q));
  return matmul(matmul(t.r0, inner), t.r0);
}

/** The n²×n² Hessian on row-major vec(Σ). */
export function sigmaHessian(t: TargetFactors, pt: SigmaPoint): Matrix {
  return operatorMatrix(t.n * t.n, (k) => sigmaHvp(t, pt, unitMatrix(t.n, t.n, k)).data, true);
}
