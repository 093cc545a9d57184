/**
 * One Newton step for the square root of a positive definite Σ, from R ≈ Σ^{1/2}
 * computed as Q √Λ Qᵀ by the eigen-decomposition Σ = Q Λ Qᵀ.
 *
 * Q √Λ Qᵀ carries the eigen-solver's normwise error: about n ε ‖Σ^{1/2}‖ in
 * every direction, which in the directions of small eigenvalues is many times
 * the rounding of the entries of Σ^{1/2} itself. The Newton step solves
 * R Δ + Δ R = Σ − R² in the eigenbasis (Δ = Q (C ∘ Qᵀ (Σ − R²) Q) Qᵀ,
 * C_ij = 1/(√λ_i + √λ_j)) and returns R + Δ. The residual Σ − R² is the
 * difference of two nearly equal matrices, so it is formed as if in twice
 * the precision: every product r_ik r_kj split into two doubles (Dekker's
 * TwoProduct with Veltkamp's split; no fused multiply-add is needed), summed
 * with Knuth's TwoSum and the errors accumulated (Dot2), rounded once. The step's own error is then second order
 * in R's error plus the rounding of the correction, which is small against R.
 *
 * Found by an independent review of the polar path (docs/polar-path.md): with
 * Σ0 spectra reaching 1e-5 of λ_1, Q √Λ Qᵀ was 9× its rounding floor away
 * from the correctly rounded Σ0^{1/2}, and gradients next to a minimum missed
 * their target (1.5× and 1.1× the bound) on every path; one step brings R0 to
 * about one rounding of Σ0^{1/2} (test/sqrt-refinement.test.ts).
 */
import { type Matrix, zeros } from "./matrix.js";
import { matmul, matmulAtB, matmulABt } from "./products.js";

/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * Σ − R² for exactly symmetric Σ and R (n×n), each entry as if summed in
 * twice the working precision and rounded once: the products r_ik r_kj
 * exactly as hi + lo, their sum compensated (Ogita–Rump–Oishi Dot2: error ≤
 * u |res| + γ_n² (|σ_ij| + Σ_k |r_ik r_kj|), the second term ε² small). Only
 * the upper triangle is summed, then mirrored (for symmetric R entry (j, i)
 * has the same products in the same order).
 */
export function exactResidual(sigma: Matrix, r: Matrix): Matrix {
  const n = r.rows, R = r.data, out = zeros(n, n), O = out.data;
  // split every entry once: r = hi + lo with hi holding 26 bits
  const hi = new Float64Array(n * n), lo = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    const x = R[i], t = SPLITTER * x, h = t - (t - x);
    hi[i] = h;
    lo[i] = x - h;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      // s + e = Σ_ij − Σ_k r_ik r_kj, in double-double
      let s = sigma.data[i * n + j], e = 0;
      for (let k = 0; k < n; k++) {
        const a = i * n + k, b = k * n + j;
        const p = R[a] * R[b];
        // TwoProduct: p + q = r_ik r_kj exactly
        const q = hi[a] * hi[b] - p + hi[a] * lo[b] + lo[a] * hi[b] + lo[a] * lo[b];
        // TwoSum of s and −p, then the small parts
        const t = s - p, z = t - s;
        e += s - (t - z) + (-p - z) - q;
        s = t;
      }
      O[i * n + j] = O[j * n + i] = s + e;
    }
  }
  return out;
}

/**
 * R + Δ with R Δ + Δ R = Σ − R² (one Newton step for Σ^{1/2}), for Σ ≻ 0 with
 * eigenvectors q (columns) and square roots of its eigenvalues `roots` (all > 0).
 */
export function refinedSqrt(sigma: Matrix, q: Matrix, roots: ArrayLike<number>, r0: Matrix): Matrix {
  const n = r0.rows;
  // R made exactly symmetric (Q √Λ Qᵀ is only up to rounding), then the residual in the eigenbasis, divided by √λ_i + √λ_j
  const r = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r.data[i * n + j] = 0.5 * (r0.data[i * n + j] + r0.data[j * n + i]);
  const e = matmul(matmulAtB(q, exactResidual(sigma, r)), q);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) e.data[i * n + j] /= roots[i] + roots[j];
  const delta = matmulABt(matmul(q, e), q);
  const out = zeros(n, n);
  // R + Δ, symmetrised (Δ is symmetric up to the rounding of the products)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] = r.data[i * n + j] + 0.5 * (delta.data[i * n + j] + delta.data[j * n + i]);
  }
  return out;
}
