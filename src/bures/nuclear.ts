/**
 * The nuclear norm ‖Y‖_* = Σ σ_i(Y) and its first two derivatives, the
 * accurate kernel behind the W-space losses (PAPER.md §2–3):
 *   L(W)   = ‖W‖² + tr Σ0 − 2 ‖R0 W‖_*                       (τ = 0)
 *   L_τ(W) = ‖W‖² + nτ + tr Σ0 − 2 ‖[R0 W, √τ R0]‖_*        (τ > 0),
 * the second because Y Yᵀ = R0 (W Wᵀ + τ I) R0, whose trace square root is
 * ‖Y‖_*. Working with singular values of Y instead of eigenvalues of Y Yᵀ
 * keeps the digits of small σ that the Gram matrix loses.
 *
 * At Y = U diag(σ) Vᵀ (thin, r = rank Y) the gradient is the polar factor
 * P = U Vᵀ, and its derivative along Ẏ, with Ẽ = Uᵀ Ẏ V, is
 *   dP[Ẏ] = U K Vᵀ + U S⁻¹ (Uᵀ Ẏ − Ẽ Vᵀ) + (Ẏ V − U Ẽ) S⁻¹ Vᵀ,
 *   K_ij = (Ẽ_ij − Ẽ_ji) / (σ_i + σ_j),
 * so ⟨Ẏ, dP[Ẏ]⟩ = Σ_{i<j} (Ẽ_ij − Ẽ_ji)²/(σ_i+σ_j) + Σ_i ‖(Uᵀ Ẏ (I − VVᵀ))_i‖²/σ_i
 * + Σ_i ‖((I − UUᵀ) Ẏ V)_i‖²/σ_i — PAPER.md §3's nuclear-norm form, whose
 * 1/σ terms are the blow-up of C7. Valid where the rank is locally constant
 * along Ẏ (full rank p = min(n, q), or Ẏ inside the range of U, as for τ > 0).
 */
import { type Matrix, sliceCols, zeros } from "../linalg/matrix.js";
import { matmul, matmulABt, matmulAtB } from "../linalg/products.js";
import { svd, svdPreconditioned, type ThinSvd } from "../linalg/svd.js";

export type NuclearPoint = {
  /** n×r */
  readonly U: Matrix;
  /** σ_1 ≥ … ≥ σ_r > 0 */
  readonly s: Float64Array;
  /** q×r */
  readonly V: Matrix;
  /** numerical rank r */
  readonly rank: number;
  /** min(n, q) */
  readonly fullRank: number;
  /** all singular values, including those below the rank threshold */
  readonly allSingularValues: Float64Array;
  /** ‖Y‖_* */
  readonly norm: number;
};

/**
 * Singular values at or below 64·max(n, q)·ε·σ_1 count as zero: a product
 * such as R0 W_2 W_1 of rank r in exact arithmetic carries rounding of a few
 * ε‖W_2‖‖W_1‖ in its remaining singular values, above the bare max(n, q)·ε·σ_1.
 */
export function rankTolerance(n: number, q: number, sigmaMax: number): number {
  return 64 * Math.max(n, q) * 2 ** -52 * sigmaMax;
}

/**
 * min(n, q) from which the eigen-preconditioned Jacobi SVD (linalg/svd.ts) is
 * the faster one (measured: about par at 8, 2–5× faster from 16 to 256).
 */
export const PRECONDITIONED_SVD_FROM = 12;

/** The thin SVD the nuclear-norm kernel uses: plain Jacobi for small matrices, eigen-preconditioned Jacobi above. */
export function kernelSvd(y: Matrix): ThinSvd {
  return Math.min(y.rows, y.cols) >= PRECONDITIONED_SVD_FROM ? svdPreconditioned(y) : svd(y);
}

export function nuclearPoint(y: Matrix): NuclearPoint {
  return nuclearPointFrom(y.rows, y.cols, kernelSvd(y));
}

/** The point from a thin SVD of the n×q matrix Y (computed any way that meets the Jacobi standard). */
export function nuclearPointFrom(n: number, q: number, { U, s, V }: ThinSvd): NuclearPoint {
  const p = s.length;
  const tol = rankTolerance(n, q, s[0] ?? 0);
  let r = 0;
  while (r < p && s[r] > tol) r++;
  let norm = 0;
  for (let i = p - 1; i >= 0; i--) norm += s[i];
  return {
    U: sliceCols(U, 0, r),
    s: s.slice(0, r),
    V: sliceCols(V, 0, r),
    rank: r,
    fullRank: p,
    allSingularValues: s,
    norm,
  };
}

/**
 * The point restricted to its k largest singular triplets: the smooth
 * extension 2 Σ_{i≤k} σ_i(Y) of 2‖Y‖_* on M_{≤k} (PAPER.md §3), whose
 * gradient U_k V_kᵀ and Hessian nuclearHvp computes from this point.
 */
export function truncatePoint(pt: NuclearPoint, k: number): NuclearPoint {
  if (k >= pt.rank) return pt;
  return { ...pt, U: sliceCols(pt.U, 0, k), s: pt.s.slice(0, k), V: sliceCols(pt.V, 0, k), rank: k };
}

/** The polar factor P = U Vᵀ (n×q), the gradient of ‖Y‖_* where it exists. */
export function polarFactor(pt: NuclearPoint): Matrix {
  return matmulABt(pt.U, pt.V);
}

/** dP[Ẏ] (n×q): the Hessian of ‖·‖_* at the point applied to Ẏ (formula in the header). */
export function nuclearHvp(pt: NuclearPoint, ydot: Matrix): Matrix {
  const { U, s, V, rank: r } = pt;
  const UtY = matmulAtB(U, ydot); // r×q
  const YV = matmul(ydot, V); // n×r
  const Et = matmul(UtY, V); // r×r, Ẽ
  // inner = K Vᵀ + S⁻¹ (Uᵀ Ẏ − Ẽ Vᵀ)   (r×q)
  const K = zeros(r, r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      K.data[i * r + j] = (Et.data[i * r + j] - Et.data[j * r + i]) / (s[i] + s[j]);
    }
  }
  const EtVt = matmulABt(Et, V); // r×q
  const inner = matmulABt(K, V);
  const q = ydot.cols;
  for (let i = 0; i < r; i++) {
    const inv = 1 / s[i];
    for (let j = 0; j < q; j++) inner.data[i * q + j] += inv * (UtY.data[i * q + j] - EtVt.data[i * q + j]);
  }
  const out = matmul(U, inner);
  // + (Ẏ V − U Ẽ) S⁻¹ Vᵀ
  const UEt = matmul(U, Et); // n×r
  const n = ydot.rows;
  const left = zeros(n, r);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) left.data[i * r + j] = (YV.data[i * r + j] - UEt.data[i * r + j]) / s[j];
  }
  const extra = matmulABt(left, V);
  for (let i = 0; i < out.data.length; i++) out.data[i] += extra.data[i];
  return out;
}
