/**
 * Σ-space: the Bures–Wasserstein distance and its derivatives (PAPER.md §2–3).
 *   B²(Σ, Σ0) = tr Σ + tr Σ0 − 2 tr M^{1/2},   M = R0 Σ R0 = Q diag(μ) Qᵀ,
 *   ∇_Σ B² = I − T,   T = R0 M^{+1/2} R0  (the transport map: T Σ T = Σ0),
 *   D²B²(Σ)[E, E] = Σ_ij F_ij F_ji / (√μ_i √μ_j (√μ_i + √μ_j)),  F = Qᵀ R0 E R0 Q
 * (Daleckii–Krein: K_ij is minus the divided difference of x ↦ x^{-1/2} at μ_i, μ_j). The Hessian
 * acts on all n² entries of Σ (row-major vec), as the second derivative of
 * the analytic extension of B² to nearby non-symmetric Σ; on symmetric E it is
 * the usual one, and the gradient I − T is the same in both readings. At a
 * singular target (rank Σ0 = k < n) M^{+1/2} is the inverse square root on
 * range M, and Q, μ run over its k nonzero eigenvalues: the derivatives hold
 * wherever rank M = k (requireDifferentiable).
 *
 * Computed through the SVD, never through the formed product M: with
 * Σ^{1/2} = V diag(√λ) Vᵀ from Σ's eigen-decomposition (eigenvalues at or
 * below n ε ‖Σ‖ read as 0, linalg/psd-functions.ts; the rank of Y then follows
 * the rounding rule of nuclear.ts, with both factors formed from their
 * eigen-decompositions) and the one-sided Jacobi
 * SVD Y = R0 Σ^{1/2} = Q diag(σ) Pᵀ, the σ_i are √μ_i without squaring (M = Y Yᵀ
 * would resolve μ only to ε‖M‖, i.e. √μ to √(ε‖M‖), half the digits), and Q
 * are M's eigenvectors. The value takes the cancellation-free form of
 * PAPER.md §2 (cancellation-free.ts):
 *   B² = ‖Σ^{1/2} − R0 Q_r P_rᵀ‖² + ‖(I − Q_r Q_rᵀ) R0‖²,
 * a sum of squares: never negative, and B²(Σ, Σ) stays at rounding level.
 * T, ∇ and the Hessian use Q and σ_i = √μ_i in the formulas above.
 */
import { symmetricEigen } from "../linalg/eigen.js";
import { identity, type Matrix, transpose } from "../linalg/matrix.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { sub, symmetrize } from "../linalg/ops.js";
import { matmul, matmulAtB, scaleColumns, spectralMatrix } from "../linalg/products.js";
import { psdEigenvalues } from "../linalg/psd-functions.js";
import { factorDistance } from "./cancellation-free.js";
import { BwInputError, NotDifferentiableError } from "./errors.js";
import { psdTolerance, type TargetFactors } from "./factors.js";
import { type NuclearPoint, nuclearPoint, productRounding, spectralMagnitude } from "./nuclear.js";
import { readSymmetric } from "./validate.js";

type SigmaPoint = {
  sigma: Matrix;
  /** Σ^{1/2} */
  root: Matrix;
  /** the SVD of Y = R0 Σ^{1/2}: U = Q (n×r), s = √μ (the r not read as rounding, nuclear.ts) */
  svd: NuclearPoint;
};

/** Validates Σ (same size as Σ0, symmetric PSD), takes Σ^{1/2} and the SVD of R0 Σ^{1/2}. */
export function sigmaPoint(t: TargetFactors, sigmaInput: unknown): SigmaPoint {
  const sigma = readSymmetric(sigmaInput, "Sigma");
  if (sigma.rows !== t.n) throw new BwInputError("Sigma", `must be ${t.n}×${t.n} like sigma0, got ${sigma.rows}×${sigma.cols}`);
  const se = symmetricEigen(sigma);
  if (se.values[t.n - 1] < -psdTolerance(t.n, se.values[0])) {
    throw new BwInputError("Sigma", `is not positive semidefinite (smallest eigenvalue ${se.values[t.n - 1].toPrecision(4)} < 0)`);
  }
  const roots = psdEigenvalues(se.values).map(Math.sqrt);
  const root = spectralMatrix(se.vectors, roots);
  // rounding of Y = R0 Σ^{1/2}: both factors formed from eigen-decompositions (nuclear.ts, productRounding)
  const rankSigma = roots.filter((x) => x > 0).length;
  // ‖|V| √Λ |V|ᵀ‖_F ≤ Σ √λ_i ‖|v_i|‖² = Σ √λ_i (|v_i| |v_i|ᵀ has Frobenius norm ‖v_i‖² = 1)
  let rootSum = 0;
  for (const x of roots) rootSum += x;
  const model = productRounding(t.r0Magnitude, () => spectralMagnitude(se.vectors, roots), rootSum, t.n + 1, Math.min(t.rank, rankSigma));
  return { sigma, root, svd: nuclearPoint(matmul(t.r0, root), model) };
}

/** B²(Σ, Σ0) = ‖Σ^{1/2} − R0 P‖² + ‖(I − Q_r Q_rᵀ) R0‖² (cancellation-free form, PAPER.md §2). */
export function bures2(t: TargetFactors, pt: SigmaPoint): number {
  return factorDistance(t.r0, pt.root, pt.svd).value;
}

/**
 * B² is differentiable at Σ iff rank M = rank Σ0 (= k), M = R0 Σ R0: range M ⊆
 * range R0 always, so at equal rank range M = range R0 for every Σ nearby,
 * M restricted to it stays positive definite and tr M^{1/2} is smooth; where
 * rank M < k a √ of a zero eigenvalue on range R0 is not (PAPER.md §2; for
 * k = n: Σ and Σ0 positive definite). The ranks follow the rule of nuclear.ts.
 */
function requireDifferentiable(t: TargetFactors, pt: SigmaPoint): void {
  const k = t.rank, r = pt.svd.rank;
  if (r < k && r + pt.svd.unresolved >= k) {
    throw new NotDifferentiableError(
      "Sigma",
      `cannot tell whether B² is differentiable here: ${pt.svd.unresolved} singular value(s) of R0 Σ^{1/2} lie above the inputs' rounding but below what the SVD resolves in double precision (docs/accuracy.md, "Rank decisions")`,
    );
  }
  if (r < k && k === t.n) {
    const sv = pt.svd.allSingularValues;
    const muMin = sv[t.n - 1] * sv[t.n - 1];
    throw new NotDifferentiableError(
      "Sigma",
      `B² is not differentiable here: R0 Σ R0 is singular (smallest eigenvalue ${muMin.toPrecision(3)}); Σ and Σ0 must be positive definite`,
    );
  }
  if (r < k) {
    throw new NotDifferentiableError("Sigma", `B² is not differentiable here: rank(R0 Σ R0) = ${r} < rank Σ0 = ${k}`);
  }
}

/**
 * T = R0 M^{+1/2} R0 = Z Zᵀ with Z = R0 Q diag(σ^{-1/2}) (exactly symmetric),
 * Q (n×k) and σ_i = √μ_i for M's nonzero eigenvalues (M^{+1/2}: the inverse
 * square root on range M; M^{-1/2} when Σ0 ≻ 0). T Σ T = R0 P_M R0 = Σ0.
 */
export function transportMap(t: TargetFactors, pt: SigmaPoint): Matrix {
  requireDifferentiable(t, pt);
  const z = scaleColumns(matmul(t.r0, pt.svd.U), pt.svd.s.map((x) => 1 / Math.sqrt(x)));
  return symmetrize(matmul(z, transpose(z)));
}

/** ∇_Σ B² = I − T. */
export function sigmaGrad(t: TargetFactors, pt: SigmaPoint): Matrix {
  return sub(identity(t.n), transportMap(t, pt));
}

/**
 * D²B²(Σ)[E] = R0 Q (K ∘ Fᵀ) Qᵀ R0,  F = Qᵀ R0 E R0 Q,  K_ij = 1/(√μ_i √μ_j (√μ_i + √μ_j)),  √μ_i = σ_i,
 * over M's k nonzero eigenvalues (R0 E R0 stays in range R0 = range M, see requireDifferentiable).
 */
export function sigmaHvp(t: TargetFactors, pt: SigmaPoint, e: Matrix): Matrix {
  requireDifferentiable(t, pt);
  const Q = pt.svd.U;
  const F = matmulAtB(Q, matmul(matmul(matmul(t.r0, e), t.r0), Q));
  const r = pt.svd.s, k = r.length;
  const G = transpose(F);
  for (let i = 0; i < k; i++) {
    // divided one factor at a time: the product σ_i σ_j (σ_i + σ_j) over- or underflows beyond Σ ~ 1e±103
    for (let j = 0; j < k; j++) G.data[i * k + j] = G.data[i * k + j] / r[i] / r[j] / (r[i] + r[j]);
  }
  const inner = matmul(matmul(Q, G), transpose(Q));
  return matmul(matmul(t.r0, inner), t.r0);
}

/** The n²×n² Hessian on row-major vec(Σ). */
export function sigmaHessian(t: TargetFactors, pt: SigmaPoint): Matrix {
  return operatorMatrix(t.n * t.n, (k) => sigmaHvp(t, pt, unitMatrix(t.n, t.n, k)).data, true);
}
