/**
 * The W-space losses and their derivatives (PAPER.md §2–3):
 *   L_τ(W) = ‖W‖² + nτ + tr Σ0 − 2 tr (R0 (W Wᵀ + τI) R0)^{1/2},   L = L_0,
 *   ∇L_τ(W) = 2 (W − R0 A^{-1/2} R0 W),  A = R0 (W Wᵀ + τI) R0,
 *   ∇L(W)   = 2 (W − R0 U Vᵀ)  with R0 W = U S Vᵀ (thin, full rank).
 *
 * Values are computed in the cancellation-free form of PAPER.md §2, as a sum
 * of non-negative terms: with X = W (τ = 0) or X = [W, √τ I] (τ > 0),
 * Y = R0 X = U S Vᵀ of rank r and P = U_r V_rᵀ,
 *   L_τ(W) = ‖X − R0 P‖² + ‖(I − U_r U_rᵀ) R0‖²
 * (the second term is tr(R0 (I − U_r U_rᵀ) R0), zero when Y has full row
 * rank). So a value is ≥ 0 by construction, and near a minimum it keeps its
 * relative accuracy instead of cancelling ‖W‖² + nτ + tr Σ0 against 2‖Y‖_*
 * (which gave −1.4e-9 at W = R0, cond Σ0 = 1e12).
 *
 * Two evaluation paths, chosen per point:
 * - fast: eigen-decomposition of the n×n matrix A = X Xᵀ + τ Σ0 (X = R0 W),
 *   T = R0 A^{-1/2} R0 = Z Zᵀ with Z = R0 Q diag(μ^{-1/4}); then R0 P = T X,
 *   so L_τ = ‖(I − T) W‖² + τ ‖I − T‖² and ∇L_τ = 2 (I − T) W. Used when A is
 *   well conditioned (μ_min ≥ 1e-3 μ_max), where its error (≈ ε cond A) stays
 *   far inside the accuracy targets;
 * - accurate: singular values of Y = [X, √τ R0] (or Y = X at τ = 0) by
 *   one-sided Jacobi, the nuclear-norm form (see nuclear.ts). Used otherwise,
 *   and always for Hessians.
 */
import { symmetricEigenUnsorted } from "../linalg/eigen.js";
import { scratchSet } from "../linalg/scratch.js";
import { hconcat, identity, type Matrix, sliceCols, zeros } from "../linalg/matrix.js";
import { scale } from "../linalg/ops.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { gram, matmul } from "../linalg/products.js";
import { factorDistance } from "./cancellation-free.js";
import { NotDifferentiableError } from "./errors.js";
import type { TargetFactors } from "./factors.js";
import { type NuclearPoint, nuclearHvp, nuclearPoint, polarFactor } from "./nuclear.js";

/** Scratch buffers of the fast path (see linalg/scratch.ts): ids 1 (n×m) and 2 (n×n). */
const SCRATCH_ID = 1;

/** cond(A) above which the fast path hands over to the SVD path. */
export const FAST_PATH_MAX_CONDITION = 1e3;

/**
 * Smallest μ_min the fast path accepts: below it the entries of A = X Xᵀ may
 * be subnormal (no longer relatively accurate), while the SVD path rescales Y.
 */
const FAST_PATH_MIN_EIGENVALUE = 1e-290;

export type LossAndGrad = { loss: number; grad: Matrix | null; path: "eigen" | "svd" };

/** Y = R0 W (τ = 0) or [R0 W, √τ R0] (τ > 0): Y Yᵀ = R0 (W Wᵀ + τI) R0. */
export function stackedFactor(t: TargetFactors, w: Matrix, tau: number): Matrix {
  const x = matmul(t.r0, w);
  return tau > 0 ? hconcat(x, scale(t.r0, Math.sqrt(tau))) : x;
}

/** X = W (τ = 0) or [W, √τ I] (τ > 0): X Xᵀ = W Wᵀ + τI and Y = R0 X. */
export function wFactor(w: Matrix, tau: number): Matrix {
  return tau > 0 ? hconcat(w, scale(identity(w.rows), Math.sqrt(tau))) : w;
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

/**
 * Loss (and gradient when asked) from the SVD of Y: the value in the
 * cancellation-free form ‖X − R0 P‖² + ‖(I − U_r U_rᵀ) R0‖² (see the header),
 * the gradient 2 (W − (R0 P)_{:, 1..m}) from the same R0 P.
 */
export function lossGradSvd(t: TargetFactors, w: Matrix, tau: number, withGrad: boolean): LossAndGrad & { point: NuclearPoint } {
  const pt = wNuclearPoint(t, w, tau, withGrad);
  const { value, r0p } = factorDistance(t.r0, wFactor(w, tau), pt);
  return { loss: value, grad: withGrad ? gradFrom(w, r0p) : null, path: "svd", point: pt };
}

/** 2 (W − (R0 P)_{:, 1..m}) for R0 P given as n×q (q ≥ m). */
function gradFrom(w: Matrix, r0p: Matrix): Matrix {
  const m = w.cols, q = r0p.cols;
  const grad = zeros(w.rows, m);
  for (let i = 0; i < w.rows; i++) {
    for (let j = 0; j < m; j++) grad.data[i * m + j] = 2 * (w.data[i * m + j] - r0p.data[i * q + j]);
  }
  return grad;
}

/** ∇ = 2 (W − R0 (U Vᵀ)_{:, 1..m}) from a nuclear-norm point of Y (possibly truncated). */
export function gradAt(t: TargetFactors, pt: NuclearPoint, w: Matrix): Matrix {
  return gradFrom(w, matmul(t.r0, sliceCols(polarFactor(pt), 0, w.cols)));
}

/**
 * Loss and gradient by the eigen-decomposition of A = X Xᵀ + τ Σ0 = Q diag(μ) Qᵀ,
 * or null when A is too ill-conditioned for it (the caller then takes the SVD
 * path). With T = R0 A^{-1/2} R0 = Z Zᵀ, Z = R0 Q diag(μ^{-1/4}), the polar
 * factor of Y = R0 [W, √τ I] satisfies R0 P = T [W, √τ I], so
 *   L_τ = ‖(I − T) W‖² + τ ‖I − T‖²,   ∇L_τ = 2 (I − T) W.
 */
export function lossGradEigen(t: TargetFactors, w: Matrix, tau: number): LossAndGrad | null {
  const n = t.n, m = w.cols;
  if (tau === 0 && m < n) return null; // A = X Xᵀ is singular
  const [x, tw] = scratchSet(SCRATCH_ID, n, m, 2);
  const [a, z, tm] = scratchSet(SCRATCH_ID + 1, n, n, 3);
  matmul(t.r0, w, x);
  gram(x, a);
  if (tau > 0) for (let i = 0; i < a.data.length; i++) a.data[i] += tau * t.sigma0.data[i];
  const { values, vectors } = symmetricEigenUnsorted(a);
  let muMax = -Infinity, muMin = Infinity;
  for (let i = 0; i < n; i++) {
    muMax = Math.max(muMax, values[i]);
    muMin = Math.min(muMin, values[i]);
  }
  if (!(muMin > FAST_PATH_MIN_EIGENVALUE) || muMin < muMax / FAST_PATH_MAX_CONDITION) return null;
  // Z = R0 Q diag(μ^{-1/4}), T = Z Zᵀ (exactly symmetric)
  matmul(t.r0, vectors, z);
  for (let j = 0; j < n; j++) {
    const f = 1 / Math.sqrt(Math.sqrt(values[j]));
    for (let i = 0; i < n; i++) z.data[i * n + j] *= f;
  }
  gram(z, tm);
  matmul(tm, w, tw);
  // ∇ = 2 (W − T W); L_τ = ‖W − T W‖² + τ ‖I − T‖², a sum of squares
  const grad = zeros(n, m);
  let loss = 0;
  for (let i = 0; i < grad.data.length; i++) {
    const d = w.data[i] - tw.data[i];
    grad.data[i] = 2 * d;
    loss += d * d;
  }
  if (tau > 0) {
    let defect = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d = (i === j ? 1 : 0) - tm.data[i * n + j];
        defect += d * d;
      }
    }
    loss += tau * defect;
  }
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

/** The (nm)×(nm) Hessian on row-major vec(W), one Hessian-vector product per coordinate. */
export function hessianAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  return operatorMatrix(w.rows * w.cols, (k) => hvpAt(t, pt, w, unitMatrix(w.rows, w.cols, k), tau).data, true);
}
