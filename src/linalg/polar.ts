/**
 * The polar factor P = (Y Yᵀ)^{-1/2} Y of a full-row-rank Y (p×q, p ≤ q)
 * from an approximate eigenbasis Q of Y Yᵀ, by matrix products alone.
 *
 * With B = Qᵀ Y and G = B Bᵀ = D + E (D = diag(g), g_i = ‖b_i‖², E the
 * off-diagonal), P = Q G^{-1/2} B, and the first-order (Daleckii–Krein)
 * expansion of G^{-1/2} about D is
 *   M = D^{-1/2} + L,   L_ij = E_ij f[g_i, g_j] = −E_ij / (√g_i √g_j (√g_i + √g_j)),
 * whose divided differences stay bounded however close g_i and g_j are
 * (unlike the rotation angles E_ij / (g_j − g_i) of a Jacobi step).
 *
 * The remainder. From f(x) = x^{-1/2} = (2/π) ∫₀^∞ (x + t²)^{-1} dt, the
 * second-order term of G^{-1/2} B has rows Σ_{k,j} E_ik E_kj f[g_i, g_k, g_j] b_j
 * with f[a, b, c] = (2/π) ∫ dt / ((a+t²)(b+t²)(c+t²)); writing E_ik =
 * F_ik √(g_i g_k) and b_j = √g_j c_j (c_j unit rows), the coefficient of c_j is
 * Σ_k F_ik F_kj √g_i g_k g_j f[g_i, g_k, g_j] ≤ Σ_k |F_ik| |F_kj|, since
 * g/(g + t²) ≤ 1 and (2/π) ∫ √g_i dt/(g_i + t²) = 1. So the remainder is at
 * most ‖F‖_F² ‖C‖₂ in the Frobenius norm, and the terms of higher order add a
 * geometric series: the k-th has coefficients bounded entrywise by |F|^k
 * (the same two facts), so its norm is at most ‖|F|^k‖_F ≤ ‖F‖_F^k (‖|F|‖₂,
 * not ‖F‖₂, is what the entrywise bound controls; both are ≤ ‖F‖_F, which
 * also makes the Neumann series converge for every t). With ‖C‖₂ =
 * ‖I + F‖₂^{1/2} ≤ √(1 + φ), φ = ‖F‖_F (F the relative off-diagonal
 * E_ij/√(g_i g_j)): ‖M B − G^{-1/2} B‖_F ≤ φ² √(1 + φ) / (1 − φ). Re-derived
 * and measured in docs/polar-path.md: the error at most 0.32 of it in 300 exact
 * trials (equal, graded and alternating g).
 * No condition number enters: the bound is small when Q makes the rows of B
 * orthogonal to about √ε relative to their own lengths, which the
 * eigenvectors of Y Yᵀ do up to cond(Y Yᵀ) ≈ 1e7 (measured on the benchmark
 * family; polarInBasis returns null beyond `maxRemainder`).
 *
 * The rounding is that of one-sided Jacobi started from the same Q
 * (linalg/svd.ts, svdFromGramEigen): both begin from the computed B = Qᵀ Y,
 * whose rows carry a normwise error ε ‖Y‖, and both measure the off-diagonal
 * from the rows of B; Jacobi then rotates to 4ε, this takes the first-order
 * step at once. The result is P = (Q M) B (issue 13; docs/performance.md).
 * The bound is for the exact Gram matrix of the computed B; G formed in
 * floating point moves F by ≤ γ_q entrywise (φ by ≤ p γ_q ≈ 1e-12 at
 * p = q = 64, against φ ≤ 2^-27 where w-space.ts accepts). What separates
 * Q · polar(B) from the polar factor of Y — the rounding of B and the
 * departure of Q from orthogonality — is the same for both paths
 * (docs/polar-path.md).
 */
import { type Matrix, zeros } from "./matrix.js";
import { scale } from "./ops.js";
import { gram, matmul, matmulAtB } from "./products.js";
import { powerOfTwoAtLeast, scaleOf } from "./scaling.js";

export type PolarInBasis = {
  /** M ≈ (B Bᵀ)^{-1/2} (p×p, symmetric), so that P = Q M B */
  readonly m: Matrix;
  /** B = Qᵀ Y (p×q), or Qᵀ Y / 2^e where Y's largest entry lies outside 2^±200 (2^e the power of two at or above it) */
  readonly b: Matrix;
  /** √g_i = ‖b_i‖: the singular values of Y to first order (unsorted) */
  readonly sigma: Float64Array;
  /** the bound φ² √(1 + φ) / (1 − φ) on ‖M B − P‖_F, φ = ‖F‖_F */
  readonly remainder: number;
};

/** Buffers for polarInBasis's B (p×q), G (p×p) and M (p×p), which it then returns in place of new matrices. */
export type PolarBuffers = { readonly b: Matrix; readonly g: Matrix; readonly m: Matrix };

/**
 * The range of max |y_ij| left unscaled (2^-200 … 2^200). M's off-diagonal
 * entries divide by σ_i σ_j (σ_i + σ_j), a cube of Y's scale, and the σ_i
 * reach down to about 2^-52 / (64 max(p, q)) of the largest before the rank
 * test refuses: in this range the cube and the squares g_i stay normal (with
 * 2^±500 the cube under- or overflowed from about 2^±340: M = ∓∞ and a NaN
 * loss below, M's first-order terms silently 0 above; test/review-day6.test.ts).
 * Outside it Y is scaled by a power of two, which changes no bit of P (every
 * step is equivariant under exact scalings).
 */
const SAFE_MIN = 2 ** -200, SAFE_MAX = 2 ** 200;

/**
 * M, B and σ as above, or null when the remainder bound exceeds
 * `maxRemainder` or a row of B is zero (Y is not of full row rank in the
 * basis Q). `q` (p×p, orthonormal columns) is read, not kept.
 */
export function polarInBasis(y: Matrix, q: Matrix, maxRemainder: number, into?: PolarBuffers): PolarInBasis | null {
  const p = y.rows, cols = y.cols;
  if (cols < p) throw new RangeError(`polarInBasis: Y is ${p}×${cols}, expected p ≤ q (wide)`);
  if (q.rows !== p || q.cols !== p) throw new RangeError(`polarInBasis: the basis must be ${p}×${p}`);
  if (into && (into.b.rows !== p || into.b.cols !== cols || into.g.rows !== p || into.g.cols !== p || into.m.rows !== p || into.m.cols !== p)) {
    throw new RangeError(`polarInBasis: the buffers must be ${p}×${cols}, ${p}×${p} and ${p}×${p}`);
  }
  // P is the same for Y / 2^e (exact, bit for bit): scaled where a square could under- or overflow; σ scaled back
  const big = scaleOf(y), factor = big >= SAFE_MIN && big <= SAFE_MAX ? 1 : powerOfTwoAtLeast(big);
  const b = matmulAtB(q, factor === 1 ? y : scale(y, 1 / factor), into?.b);
  const g = gram(b, into?.g).data;
  const sigma = new Float64Array(p), scaled = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const gi = g[i * p + i];
    if (!(gi > 0) || !Number.isFinite(gi)) return null;
    scaled[i] = Math.sqrt(gi);
    sigma[i] = scaled[i] * factor;
  }
  // φ² = Σ_{i≠j} F_ij², F_ij = E_ij / (σ_i σ_j)
  let phi2 = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const f = g[i * p + j] / scaled[i] / scaled[j];
      phi2 += 2 * f * f;
    }
  }
  const phi = Math.sqrt(phi2);
  const remainder = phi < 1 ? (phi2 * Math.sqrt(1 + phi)) / (1 - phi) : Infinity;
  if (!(remainder <= maxRemainder)) return null;
  const m = into?.m ?? zeros(p, p), M = m.data;
  for (let i = 0; i < p; i++) {
    M[i * p + i] = 1 / scaled[i];
    for (let j = i + 1; j < p; j++) {
      const l = -g[i * p + j] / (scaled[i] * scaled[j] * (scaled[i] + scaled[j]));
      M[i * p + j] = l;
      M[j * p + i] = l;
    }
  }
  return { m, b, sigma, remainder };
}

/** P = Q M B (p×q), the polar factor from polarInBasis's answer. */
export function polarFromBasis(q: Matrix, r: PolarInBasis): Matrix {
  return matmul(matmul(q, r.m), r.b);
}
