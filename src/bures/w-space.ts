/**
 * The W-space losses and their derivatives (PAPER.md §2–3):
 *   L_τ(W) = ‖W‖² + nτ + tr Σ0 − 2 tr (R0 (W Wᵀ + τI) R0)^{1/2},   L = L_0,
 *   ∇L_τ(W) = 2 (W − R0 A^{-1/2} R0 W),  A = R0 (W Wᵀ + τI) R0,
 *   ∇L(W)   = 2 (W − R0 U Vᵀ)  with R0 W = U S Vᵀ (thin, full rank).
 *
 * Two evaluation paths, chosen per point:
 * - fast: eigen-decomposition of the n×n matrix A = X Xᵀ + τ Σ0 (X = R0 W),
 *   tr A^{1/2} = Σ √μ_i and A^{-1/2} X = Q diag(μ^{-1/2}) Qᵀ X. Used when A is
 *   well conditioned (μ_min ≥ 1e-3 μ_max), where its error (≈ ε cond A) stays
 *   far inside the accuracy targets;
 * - accurate: singular values of Y = [X, √τ R0] (or Y = X at τ = 0) by
 *   one-sided Jacobi, the nuclear-norm form (see nuclear.ts). Used otherwise,
 *   and always for Hessians.
 */
import { symmetricEigenUnsorted } from "../linalg/eigen.js";
import { scratchSet } from "../linalg/scratch.js";
import { hconcat, type Matrix, sliceCols, zeros } from "../linalg/matrix.js";
import { scale } from "../linalg/ops.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { gram, matmul, matmulAtB } from "../linalg/products.js";
import { NotDifferentiableError } from "./errors.js";
import { hessianFromSvd } from "./hessian-direct.js";
import type { TargetFactors } from "./factors.js";
import { type NuclearPoint, nuclearHvp, nuclearPoint, polarFactor } from "./nuclear.js";

/** Scratch buffers of the fast path (see linalg/scratch.ts): ids 1 (n×m) and 2 (n×n). */
const SCRATCH_ID = 1;

/** cond(A) above which the fast path hands over to the SVD path. */
export const FAST_PATH_MAX_CONDITION = 1e3;

export type LossAndGrad = { loss: number; grad: Matrix | null; path: "eigen" | "svd" };

function sumSquares(w: Matrix): number {
  let s = 0;
  for (let i = 0; i < w.data.length; i++) s += w.data[i] * w.data[i];
  return s;
}

/** Y = R0 W (τ = 0) or [R0 W, √τ R0] (τ > 0): Y Yᵀ = R0 (W Wᵀ + τI) R0. */
export function stackedFactor(t: TargetFactors, w: Matrix, tau: number): Matrix {
  const x = matmul(t.r0, w);
  return tau > 0 ? hconcat(x, scale(t.r0, Math.sqrt(tau))) : x;
}

/** Throws where L (τ = 0) is not differentiable: rank(R0 W) < min(n, m) (PAPER.md §2). */
export function requireDifferentiable(pt: NuclearPoint, tau: number): void {
  if (tau === 0 && pt.rank < pt.fullRank) {
    throw new NotDifferentiableError(
      "W",
      `L is not differentiable here: rank(R0 W) = ${pt.rank} < min(n, m) = ${pt.fullRank} (τ = 0); use tau > 0 for the smooth loss L_τ`,
    );
  }
}

/** The nuclear-norm point of Y, checking differentiability when asked. */
export function wNuclearPoint(t: TargetFactors, w: Matrix, tau: number, needDerivative: boolean): NuclearPoint {
  const pt = nuclearPoint(stackedFactor(t, w, tau));
  if (needDerivative) requireDifferentiable(pt, tau);
  return pt;
}

function constantPart(t: TargetFactors, w: Matrix, tau: number): number {
  return sumSquares(w) + t.n * tau + t.traceSigma0;
}

/** Loss (and gradient when asked) by the nuclear-norm form. */
export function lossGradSvd(t: TargetFactors, w: Matrix, tau: number, withGrad: boolean): LossAndGrad & { point: NuclearPoint } {
  const pt = wNuclearPoint(t, w, tau, withGrad);
  const loss = constantPart(t, w, tau) - 2 * pt.norm;
  return { loss, grad: withGrad ? gradAt(t, pt, w) : null, path: "svd", point: pt };
}

/** ∇ = 2 (W − R0 (U Vᵀ)_{:, 1..m}) from a nuclear-norm point of Y (possibly truncated). */
export function gradAt(t: TargetFactors, pt: NuclearPoint, w: Matrix): Matrix {
  const r0p = matmul(t.r0, sliceCols(polarFactor(pt), 0, w.cols));
  const grad = zeros(w.rows, w.cols);
  for (let i = 0; i < grad.data.length; i++) grad.data[i] = 2 * (w.data[i] - r0p.data[i]);
  return grad;
}

/**
 * Loss and gradient by the eigen-decomposition of A = X Xᵀ + τ Σ0, or null
 * when A is too ill-conditioned for it (the caller then takes the SVD path).
 */
export function lossGradEigen(t: TargetFactors, w: Matrix, tau: number): LossAndGrad | null {
  const n = t.n, m = w.cols;
  if (tau === 0 && m < n) return null; // A = X Xᵀ is singular
  const [x, qtx, ax, r0ax] = scratchSet(SCRATCH_ID, n, m, 4);
  const [a] = scratchSet(SCRATCH_ID + 1, n, n, 1);
  matmul(t.r0, w, x);
  gram(x, a);
  if (tau > 0) for (let i = 0; i < a.data.length; i++) a.data[i] += tau * t.sigma0.data[i];
  const { values, vectors } = symmetricEigenUnsorted(a);
  let muMax = -Infinity, muMin = Infinity;
  for (let i = 0; i < n; i++) {
    muMax = Math.max(muMax, values[i]);
    muMin = Math.min(muMin, values[i]);
  }
  if (!(muMin > 0) || muMin < muMax / FAST_PATH_MAX_CONDITION) return null;
  // tr A^{1/2} = Σ √μ_i; all μ_i lie within a factor 1e3, so the order of summation does not matter
  let trSqrt = 0;
  for (let i = 0; i < n; i++) trSqrt += Math.sqrt(values[i]);
  const loss = constantPart(t, w, tau) - 2 * trSqrt;
  // ∇ = 2 (W − R0 Q diag(μ^{-1/2}) Qᵀ X), Q = vectors
  matmulAtB(vectors, x, qtx);
  for (let i = 0; i < n; i++) {
    const f = 1 / Math.sqrt(values[i]);
    for (let j = 0; j < m; j++) qtx.data[i * m + j] *= f;
  }
  matmul(vectors, qtx, ax);
  matmul(t.r0, ax, r0ax);
  const grad = zeros(n, m);
  for (let i = 0; i < grad.data.length; i++) grad.data[i] = 2 * (w.data[i] - r0ax.data[i]);
  return { loss, grad, path: "eigen" };
}

/**
 * Loss and gradient, fast path when it is accurate, SVD path otherwise. (At
 * τ = 0 a well-conditioned A means R0 W has full row rank, so L is
 * differentiable there; the SVD path checks the rank itself.)
 */
export function lossGrad(t: TargetFactors, w: Matrix, tau: number): LossAndGrad {
  return lossGradEigen(t, w, tau) ?? lossGradSvd(t, w, tau, true);
}

/**
 * Hessian-vector product (PAPER.md §3):
 *   D²L_τ(W)[E] = 2E − 2 R0 (dP[[R0 E, 0]])_{:, 1..m},
 * the derivative of ∇L_τ = 2 (W − R0 P_{:,1..m}) along E.
 */
export function hvpAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, e: Matrix, tau: number): Matrix {
  const r0e = matmul(t.r0, e);
  const ydot = tau > 0 ? hconcat(r0e, zeros(t.n, t.n)) : r0e;
  const dp = sliceCols(nuclearHvp(pt, ydot), 0, w.cols);
  const r0dp = matmul(t.r0, dp);
  const out = zeros(w.rows, w.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 2 * (e.data[i] - r0dp.data[i]);
  return out;
}

/**
 * The (nm)×(nm) Hessian on row-major vec(W): assembled directly from the SVD
 * when R0 W (τ = 0) or Y (τ > 0) has full row rank (hessian-direct.ts), else
 * one Hessian-vector product per coordinate.
 */
export function hessianAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  return hessianFromSvd(t, pt, w.cols) ?? hessianByHvp(t, pt, w, tau);
}

/** The Hessian column by column, one Hessian-vector product per coordinate (the check on hessianFromSvd). */
export function hessianByHvp(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  return operatorMatrix(w.rows * w.cols, (k) => hvpAt(t, pt, w, unitMatrix(w.rows, w.cols, k), tau).data, true);
}
