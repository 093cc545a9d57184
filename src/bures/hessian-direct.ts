/**
 * The full Hessian of L_τ on row-major vec(W) assembled directly from one SVD
 * (docs/PAPER.md §3, the divided-difference form of the nuclear-norm
 * Hessian), instead of one Hessian-vector product per coordinate.
 *
 * With Y = [R0 W, √τ R0] (or R0 W at τ = 0) = U diag(σ) Vᵀ of full row rank
 * r = n (U square; always so at τ > 0 when Σ0 ≻ 0), write A = Uᵀ R0 (n×n), B = the first
 * m rows of V (m×n) and Π = I_m − B Bᵀ. In the bases U and [V, V⊥] the
 * derivative of the polar factor is the divided-difference map
 *   Z ↦ (Z_ij − Z_ji)/(σ_i + σ_j) on the V block, Z_ij/σ_i on the V⊥ block,
 * and Z = Uᵀ [R0 E, 0] [V, V⊥] = A E [B, B⊥]. Composing,
 *   D²L_τ(W)[E] = 2E − 2 Aᵀ D(A E [B, B⊥]) [B, B⊥]ᵀ, whose matrix is
 *   H_(ab),(cd) = 2 δ_ac δ_bd − 2 Σ_i A_ia A_ic C_i[b, d]
 *                 + 2 Σ_ij A_ia B_di A_jc B_bj / (σ_i + σ_j),
 *   C_i = Σ_j B_j B_jᵀ/(σ_i + σ_j) + Π/σ_i   (B_j = column j of B).
 * Both sums are matrix products: (n² × n)(n × m²) for the first with rows
 * A_ia A_ic, and P S Pᵀ with P_(a,d),i = A_ia B_di, S_ij = 1/(σ_i + σ_j) for
 * the second: 4 n³ m² flops in the blocked gemm, against n m Hessian-vector
 * products of about 20 n² (m + n) flops each.
 */
import { type Matrix, zeros } from "../linalg/matrix.js";
import { matmul, matmulABt, matmulAtB } from "../linalg/products.js";
import type { TargetFactors } from "./factors.js";
import type { NuclearPoint } from "./nuclear.js";

/**
 * The (nm)×(nm) Hessian at a nuclear-norm point of full row rank, or null when rank < n (the caller then uses
 * Hessian-vector products). `pi`: Π = I_m − B Bᵀ where the caller has it without that cancellation, whose
 * absolute error ε the 1/σ_i of C_i turns into ε/σ_i (w-space.ts, hessianPi: τ (WᵀW + τI)^{-1} at τ > 0).
 */
export function hessianFromSvd(t: TargetFactors, pt: NuclearPoint, m: number, pi?: Matrix): Matrix | null {
  const n = t.n;
  if (pt.rank !== n) return null;
  // Every σ-dependent term is A_ia A_jc / (σ or σ_i + σ_j): invariant under A → A/√c, σ → σ/c. With c = σ_1 the
  // reciprocals stay finite where σ_n is tiny or subnormal: at Σ0 = 1e-300 I, W = diag(1e-150, 1e-160), 1/σ_2 = 1/1e-310
  // overflowed and the Hessian (entries ≈ 1e10) came out all NaN
  const c = pt.s[0] > 0 && Number.isFinite(pt.s[0]) ? pt.s[0] : 1;
  const s = pt.s.map((x) => x / c), V = pt.V; // V: q×n
  const A = matmulAtB(pt.U, t.r0).data.map((x) => x / Math.sqrt(c)); // n×n, A_ia = (Uᵀ R0)_ia / √c
  const B = V.data; // first m rows of V: B_bj = V[b, j]
  // C_i (m×m) for every i, as the rows of Cmat (n × m²): C_i[b,d] = Σ_j w_ij B_bj B_dj + δ_bd/σ_i with
  // w_ij = 1/(σ_i+σ_j) − 1/σ_i = −σ_j/(σ_i (σ_i+σ_j)) (the −(B Bᵀ)/σ_i of Π folded in), one product Wmat · BB where
  // BB[j, (b,d)] = B_bj B_dj (exactly symmetric in b, d, so every C_i is too)
  const mm = m * m;
  const BB = zeros(n, mm), Wmat = zeros(n, n);
  for (let j = 0; j < n; j++) for (let b = 0; b < m; b++) for (let d = 0; d < m; d++) BB.data[j * mm + b * m + d] = B[b * n + j] * B[d * n + j];
  // with Π given: w_ij = 1/(σ_i+σ_j) and C_i += Π/σ_i (no cancellation of 1/σ_i against Σ_j B_j B_jᵀ/σ_i)
  // j = i: the term A_ia A_ic B_bi B_di/(2σ_i) of X1 cancels exactly against the i = j term of N (2N − 2X1 below),
  // so both are left out (S_ii = 0, and of w_ii only the −1/σ_i of Π): formed and subtracted they left ε/σ_i,
  // 1.3e-8 … 1.6e-3 relative at τ = 0, Σ0 = I, W = diag(1, η) Qᵀ (2×2), η = 1e-8 … 1e-13, where the inputs'
  // rounding moves the Hessian by 1e-16 (test/fixtures/accuracy-adversarial.json, "tau0-square")
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const wij = i === j ? (pi ? 0 : -1 / s[i]) : pi ? 1 / (s[i] + s[j]) : -(s[j] / s[i]) / (s[i] + s[j]); // not s_i (s_i + s_j): that product overflows beyond σ ≈ 1e154
      Wmat.data[i * n + j] = wij;
    }
  }
  const Cmat = matmul(Wmat, BB), C = Cmat.data;
  for (let i = 0; i < n; i++) for (let b = 0; b < m; b++) for (let d = 0; d < m; d++) C[i * mm + b * m + d] += pi ? pi.data[b * m + d] / s[i] : b === d ? 1 / s[i] : 0;
  // first sum: X1[(a,c), (b,d)] = Σ_i A_ia A_ic C_i[b,d]
  const K = zeros(n * n, n);
  for (let a = 0; a < n; a++) for (let c = 0; c < n; c++) for (let i = 0; i < n; i++) K.data[(a * n + c) * n + i] = A[i * n + a] * A[i * n + c];
  const X1 = matmul(K, Cmat).data;
  // second sum: N[(a,d), (c,b)] = Σ_ij P_(a,d),i S_ij P_(c,b),j,  P_(a,d),i = A_ia B_di
  const nm = n * m;
  const P = zeros(nm, n);
  for (let a = 0; a < n; a++) for (let d = 0; d < m; d++) for (let i = 0; i < n; i++) P.data[(a * m + d) * n + i] = A[i * n + a] * B[d * n + i];
  const S = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.data[i * n + j] = i === j ? 0 : 1 / (s[i] + s[j]); // S_ii: see Wmat
  const N = matmulABt(matmul(P, S), P).data;
  // H_(ab),(cd) = 2 δ − 2 X1[(a,c), (b,d)] + 2 N[(a,d), (c,b)]: block (a, c) of H is m×m,
  // filled from row (a,c) of X1 and the transpose of block (a, c) of N (cache-sized blocks)
  const h = zeros(nm, nm), H = h.data;
  for (let a = 0; a < n; a++) {
    for (let c = 0; c < n; c++) {
      const x1 = (a * n + c) * mm, nBlock = a * m * nm + c * m;
      for (let b = 0; b < m; b++) {
        const row = (a * m + b) * nm + c * m, xb = x1 + b * m;
        for (let d = 0; d < m; d++) H[row + d] = 2 * N[nBlock + d * nm + b] - 2 * X1[xb + d];
      }
    }
    for (let b = 0; b < m; b++) H[(a * m + b) * nm + a * m + b] += 2;
  }
  // exactly symmetric, as operatorMatrix makes the HVP-assembled one (block by block, for the cache)
  for (let bi = 0; bi < nm; bi += m) {
    for (let bj = bi; bj < nm; bj += m) {
      for (let i = bi; i < bi + m; i++) {
        for (let j = bj === bi ? i + 1 : bj; j < bj + m; j++) {
          const v = 0.5 * (H[i * nm + j] + H[j * nm + i]);
          H[i * nm + j] = v;
          H[j * nm + i] = v;
        }
      }
    }
  }
  return h;
}
