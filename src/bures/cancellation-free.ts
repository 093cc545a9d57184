/**
 * The cancellation-free form of the Bures–Wasserstein value (PAPER.md §2,
 * "Cancellation-free forms"): for any factor F with F Fᵀ = S (S = W Wᵀ + τI
 * with F = [W, √τ I] in W-space, S = Σ with F = Σ^{1/2} in Σ-space) and the
 * thin SVD R0 F = U diag(σ) Vᵀ of rank r with polar factor P = U_r V_rᵀ,
 *   B²(S, Σ0) = ‖F − R0 P‖² + tr(R0 (I − U_r U_rᵀ) R0)
 *             = ‖F − R0 P‖² + ‖(I − U_r U_rᵀ) R0‖².
 * (Expanding: ‖F‖² = tr S, ⟨F, R0 P⟩ = tr(Pᵀ R0 F) = Σ σ_i, ‖R0 P‖² =
 * tr(U_rᵀ Σ0 U_r), and the second term adds tr Σ0 − tr(U_rᵀ Σ0 U_r).)
 * Both terms are sums of squares, so the value is ≥ 0 by construction and,
 * near a minimum, small with the residual instead of being the difference of
 * two O(tr Σ0) numbers. Singular values that the rank rule of nuclear.ts
 * reads as rounding count as zero: the value then exceeds the trace form by
 * 2 Σ_{i>r} σ_i, an amount below the rounding of Y in the directions u_i, v_i
 * (so within the value's own error). A tiny σ_i that is a feature of exact
 * inputs is kept: with Σ0 = diag(1, 1e-12) and W = diag(1, 1e-8), dropping
 * σ_2(R0 W) = 1e-14 put the value 2 % off (docs/accuracy.md, "Rank decisions").
 */
import type { Matrix } from "../linalg/matrix.js";
import { matmul, matmulAtB } from "../linalg/products.js";
import { type NuclearPoint, polarFactor } from "./nuclear.js";

/** ‖A − B‖² (Frobenius) for matrices of one shape. */
export function squaredDistance(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = a.data[i] - b.data[i];
    s += d * d;
  }
  return s;
}

/** ‖(I − U Uᵀ) R0‖² = tr(R0 (I − U Uᵀ) R0) for U with orthonormal columns: 0 when U is square. */
export function rangeDefect(r0: Matrix, u: Matrix): number {
  if (u.cols >= u.rows) return 0;
  return squaredDistance(r0, matmul(u, matmulAtB(u, r0)));
}

/**
 * B²(F Fᵀ, Σ0) = ‖F − R0 P‖² + ‖(I − U_r U_rᵀ) R0‖² from the nuclear-norm point
 * of Y = R0 F; also returns R0 P (n×q), from which the gradients follow.
 */
export function factorDistance(r0: Matrix, f: Matrix, pt: NuclearPoint): { value: number; r0p: Matrix } {
  const r0p = matmul(r0, polarFactor(pt));
  return { value: squaredDistance(f, r0p) + rangeDefect(r0, pt.U), r0p };
}
