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
import { frobeniusNorm } from "../linalg/ops.js";
import { matmul, matmulABt, matmulAtB, spectralMatrix } from "../linalg/products.js";
import { orthonormalComplement } from "../linalg/qr.js";
import { svd, svdPreconditioned, type ThinSvd } from "../linalg/svd.js";

export type NuclearPoint = {
  /** n×r */
  readonly U: Matrix;
  /** σ_1 ≥ … ≥ σ_r > 0 */
  readonly s: Float64Array;
  /** q×r */
  readonly V: Matrix;
  /** numerical rank r: the σ_i above their rounding level (numericalRank) and resolved by the SVD (resolvedRank) */
  readonly rank: number;
  /** how many σ_i above their rounding level were counted as zero because the SVD cannot resolve them (resolvedRank) */
  readonly unresolved: number;
  /** min(n, q) */
  readonly fullRank: number;
  /** the largest rank Y can have: min(n, q), or min(rank R0, q) for Y = R0 X with a singular R0 */
  readonly maxRank: number;
  /** all singular values, including those read as rounding */
  readonly allSingularValues: Float64Array;
  /** ‖Y‖_* */
  readonly norm: number;
};

/**
 * What is known about the rounding in a computed Y: |Ŷ − Y| ≤ ε · N entrywise
 * to first order, Y being the exact matrix of the inputs (see
 * productRounding), and the largest rank the exact Y can have. N is formed
 * only when some σ_i is small enough to need it; boundNorm ≥ ‖N‖_F decides that.
 */
export type RoundingModel = { readonly boundNorm: number; bound(): Matrix; readonly maxRank: number };

/**
 * The rank rule (docs/accuracy.md, "Rank decisions"). With |Ŷ − Y| ≤ ε N
 * entrywise (RoundingModel.bound) and M = |U|ᵀ N |V| (p×p), a computed
 * singular value σ_i of Ŷ counts as zero iff
 *   σ_i ≤ RANK_SAFETY · ε (M_ii + ε Σ_{j<i} M_ij M_ji / σ_j).
 * Why: in the singular bases, Uᵀ Ŷ V = S + F with F = Uᵀ (Ŷ − Y) V, and
 * |F_ij| ≤ ε M_ij. If the exact Y has a zero singular value in direction i,
 * the computed one is the Schur complement of the larger ones,
 * σ_i = |F_ii − Σ_{j<i} F_ij F_ji / σ_j| + higher order — at most the bound
 * above. A σ_i above it cannot be rounding of a zero, so it is a feature of
 * the input, and it is kept where the SVD resolves it (resolvedRank below:
 * the SVDs here are accurate in norm, not relatively, except on orthogonal
 * rows). The old cutoff
 * 64·max(n, q)·ε·σ_1 ignored that: R0 W = diag(1, 1e-14) from exact inputs
 * lost its σ_2 and the loss came out 2 % off. The bound follows the
 * directions: for diagonal inputs M is diagonal and M_22 ≈ σ_2 itself (kept
 * down to the underflow), while for a rank-1 W formed in floating point
 * (σ_2(W) ≈ ε‖W‖ along a generic direction) M_22 ≈ ‖W‖ and σ_2 reads as 0.
 * RANK_SAFETY = 2 covers the neglected higher-order terms and inputs
 * computed with a little more than one rounding per entry.
 */
export const RANK_SAFETY = 2;

const EPS = 2 ** -52;

/**
 * The rounding bound of Ŷ = fl(A B) where A = fl(Q_A f(Λ_A) Q_Aᵀ) is formed
 * from an eigen-decomposition with Ā = |Q_A| f(Λ_A) |Q_A|ᵀ ≥ |A| (k×k), and B
 * is an input known to `bUnits` roundings entrywise with B̄ ≥ |B| (Σ^{1/2}
 * formed likewise gives B̄ = |Q| √Λ |Q|ᵀ): forming A costs γ_{k+1} Ā, the
 * product γ_k |A| |B|, the input B bUnits·ε |A||B|, so
 *   |Ŷ − A_exact B_exact| ≤ ε (2k + 1 + bUnits) Ā B̄   (first order).
 * Ā has the exact zeros of f(Λ_A), so the exact A = Q_A f(Λ_A) Q_Aᵀ has the
 * rank of its spectrum whatever the rounding of Q_A. B̄ is given lazily with
 * ‖B̄‖_F (‖Ā B̄‖_F ≤ ‖Ā‖_F ‖B̄‖_F bounds ‖N‖_F without forming it).
 */
export function productRounding(aBar: Matrix, bBar: () => Matrix, bBarNorm: number, bUnits: number, maxRank: number): RoundingModel {
  const c = 2 * aBar.cols + 1 + bUnits;
  return {
    boundNorm: c * magnitudeNorm(aBar) * bBarNorm,
    bound() {
      const n = matmul(aBar, bBar());
      for (let i = 0; i < n.data.length; i++) n.data[i] *= c;
      return n;
    },
    maxRank,
  };
}

/**
 * ‖Ā‖_F, remembered per matrix: Ā is a target's fixed |R0| bound
 * (factors.ts, r0Magnitude), asked for at every loss evaluation of a descent
 * loop, where its n² multiply-adds were about 2 % of a step at n = 32.
 * Matrices are never mutated after factorTarget builds them.
 */
const magnitudeNorms = new WeakMap<Matrix, number>();
function magnitudeNorm(aBar: Matrix): number {
  let norm = magnitudeNorms.get(aBar);
  if (norm === undefined) magnitudeNorms.set(aBar, (norm = frobeniusNorm(aBar)));
  return norm;
}

/** |Q| diag(f) |Q|ᵀ ≥ |Q diag(f) Qᵀ| entrywise (f ≥ 0): the magnitude bound of a spectral matrix. */
export function spectralMagnitude(q: Matrix, f: ArrayLike<number>): Matrix {
  return spectralMatrix({ rows: q.rows, cols: q.cols, data: q.data.map(Math.abs) }, f);
}

/** Y taken as an input known to one rounding per entry: N = |Y|. */
function inputRounding(y: Matrix): RoundingModel {
  return { boundNorm: frobeniusNorm(y), bound: () => ({ rows: y.rows, cols: y.cols, data: y.data.map(Math.abs) }), maxRank: Math.min(y.rows, y.cols) };
}

/**
 * The rank of a thin SVD under a rounding model: the number of leading σ_i
 * that are not rounding noise (the rule in RANK_SAFETY's comment). Since
 * M_ij ≤ ‖N‖_2 ≤ ‖N‖_F ≤ β = boundNorm, a σ_i above RANK_SAFETY · ε β (1 + ε β i/σ_{i−1})
 * passes without N and M, which are formed (about 2 n q (n + p) flops) only
 * when some σ_i is that small: at a rank-deficient point, or at a tiny σ.
 */
export function numericalRank({ U, s, V }: ThinSvd, model: RoundingModel): number {
  const p = s.length;
  const limit = Math.min(p, model.maxRank);
  if (!(s[0] > 0)) return 0;
  const eNorm = EPS * model.boundNorm;
  let M: Matrix | null = null;
  for (let i = 0; i < limit; i++) {
    const sigma = s[i];
    if (i === 0 ? sigma > RANK_SAFETY * eNorm : sigma > RANK_SAFETY * eNorm * (1 + (eNorm / s[i - 1]) * i)) continue;
    M ??= directionalBounds(U, V, model.bound());
    const mp = M.cols;
    let second = 0;
    // (M_ij / σ_j) M_ji, not (M_ij M_ji) / σ_j: the product overflows from ‖Y‖ ≈ 1e154 on and the rule must
    // not depend on the scale (L(cW; c²Σ0) = c² L(W; Σ0)); a zero factor skips the term (no 0 · ∞)
    for (let j = 0; j < i; j++) {
      const mij = M.data[i * mp + j], mji = M.data[j * mp + i];
      if (mij > 0 && mji > 0) second += (mij / s[j]) * mji;
    }
    if (!(sigma > RANK_SAFETY * EPS * (M.data[i * mp + i] + EPS * second))) return i;
  }
  return limit;
}

/**
 * Would numericalRank count all p singular values of a spectrum whose
 * smallest is at least sMin > 0, by its first test alone (no directions
 * needed)? Yes when sMin > RANK_SAFETY ε β (1 + ε β p / sMin), which bounds
 * that test's threshold at every i < p, and the model allows rank p.
 */
export function surelyFullRank(p: number, sMin: number, model: RoundingModel): boolean {
  const eNorm = EPS * model.boundNorm;
  return model.maxRank >= p && sMin > RANK_SAFETY * eNorm * (1 + (eNorm * p) / sMin);
}

/** M = |U|ᵀ N |V| (p×p) for U n×p, V q×p. */
function directionalBounds(U: Matrix, V: Matrix, N: Matrix): Matrix {
  const abs = (x: Matrix): Matrix => ({ rows: x.rows, cols: x.cols, data: x.data.map(Math.abs) });
  return matmulAtB(abs(U), matmul(N, abs(V)));
}

/**
 * The old absolute cutoff 64·max(n, q)·ε·σ_1: what a normwise backward-stable
 * SVD resolves (resolvedRank), and the cutoff of the Gram powers of a layer
 * product in network/end-to-end.ts (a question about W itself, not R0 W).
 */
export function rankTolerance(n: number, q: number, sigmaMax: number): number {
  return 64 * Math.max(n, q) * EPS * sigmaMax;
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

/** The nuclear-norm point of Y; without a model Y is taken as an input known to one rounding per entry. */
export function nuclearPoint(y: Matrix, model?: RoundingModel): NuclearPoint {
  return nuclearPointFrom(y, kernelSvd(y), model);
}

/**
 * Are the rows of Y (of Yᵀ when Y is tall: the side one-sided Jacobi
 * orthogonalises) mutually orthogonal to Jacobi's own convergence test
 * |y_i · y_j| ≤ 4ε ‖y_i‖ ‖y_j‖? Then plain Jacobi rotates nothing (or by
 * angles of order ε‖y_i‖/‖y_j‖), and σ_i = ‖y_i‖ to a few ulps however small
 * it is against σ_1: the one case where a tiny σ is certainly resolved.
 */
function rowsOrthogonal(y: Matrix): boolean {
  const wide = y.rows <= y.cols;
  const p = wide ? y.rows : y.cols, q = wide ? y.cols : y.rows;
  const at = (i: number, k: number): number => (wide ? y.data[i * y.cols + k] : y.data[k * y.cols + i]);
  const norms = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let k = 0; k < q; k++) norms[i] += at(i, k) ** 2;
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      let d = 0;
      for (let k = 0; k < q; k++) d += at(i, k) * at(j, k);
      if (Math.abs(d) > 4 * EPS * Math.sqrt(norms[i]) * Math.sqrt(norms[j])) return false;
    }
  }
  return true;
}

/**
 * The rank under the rounding model, limited by what the SVD itself resolves.
 * numericalRank keeps a σ_i that the inputs' rounding cannot explain, but it
 * trusts σ_i to be computed accurately. The SVDs here are backward stable in
 * norm (|σ̂_i − σ_i| ≲ p ε σ_1; the eigen-preconditioned Jacobi forms Qᵀ Y,
 * mixing rows), not relatively accurate in general: on W = D_1 H D_2 (H a
 * Hadamard matrix, D_i graded powers of two) σ's far below 64·max(n, q)·ε·σ_1
 * came out with no correct digit, and gradients 50 % off were returned
 * (test/rank-adversarial.test.ts). So a σ below that old cutoff is kept only
 * when it is certainly resolved: the rows of Y are orthogonal (rowsOrthogonal)
 * and the plain Jacobi SVD, which then rotates nothing, is used. Otherwise it
 * is unresolved: counted as zero, and `unresolved` says how many were, so
 * that differentiability is not claimed either way (w-space.ts).
 */
function resolvedRank(y: Matrix, svdY: ThinSvd, model: RoundingModel): { svdY: ThinSvd; r: number; unresolved: number } {
  const r = numericalRank(svdY, model);
  const tol = rankTolerance(y.rows, y.cols, svdY.s[0] ?? 0);
  if (r === 0 || svdY.s[r - 1] > tol) return { svdY, r, unresolved: 0 };
  if (rowsOrthogonal(y)) {
    const plain = svd(y);
    return { svdY: plain, r: numericalRank(plain, model), unresolved: 0 };
  }
  let above = 0;
  while (above < r && svdY.s[above] > tol) above++;
  return { svdY, r: above, unresolved: r - above };
}

/**
 * The point from a thin SVD of the n×q matrix Y (computed any way that meets
 * the Jacobi standard). With `relativelyAccurate` the caller vouches that the
 * SVD resolves every σ_i to relative accuracy (w-space.ts, stackedSvd), so
 * only the rounding model decides the rank, not resolvedRank's cutoff.
 */
export function nuclearPointFrom(y: Matrix, svdIn: ThinSvd, model: RoundingModel = inputRounding(y), relativelyAccurate = false): NuclearPoint {
  const { svdY, r, unresolved } = relativelyAccurate ? { svdY: svdIn, r: numericalRank(svdIn, model), unresolved: 0 } : resolvedRank(y, svdIn, model);
  const { U, s, V } = svdY;
  const p = s.length;
  let norm = 0;
  for (let i = p - 1; i >= 0; i--) norm += s[i];
  return {
    U: sliceCols(U, 0, r),
    s: s.slice(0, r),
    V: sliceCols(V, 0, r),
    rank: r,
    unresolved,
    fullRank: p,
    maxRank: Math.min(p, model.maxRank),
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

/** U⊥ (n×(n−r)) of a point's U, remembered per matrix (a full Hessian makes n·m products at one point). */
const complements = new WeakMap<Matrix, Matrix>();
function complementOf(u: Matrix): Matrix {
  let c = complements.get(u);
  if (c === undefined) complements.set(u, (c = orthonormalComplement(u)));
  return c;
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
  const inner = matmulABt(K, V);
  const q = ydot.cols, n = ydot.rows;
  // Uᵀ Ẏ − Ẽ Vᵀ = Uᵀ Ẏ (I − V Vᵀ) is exactly zero when V is square (r = q: Y of full column rank, as R0 W at
  // τ = 0 with m ≤ n); formed as that difference its absolute error ε became ε/σ_i (6.6e-9 relative at τ = 0,
  // Σ0 = diag(1, 1, 1e-14), W 3×2 with σ 1 and 1e-8; test/fixtures/accuracy-adversarial.json, "tau0-thin")
  if (r < q) {
    const EtVt = matmulABt(Et, V); // r×q
    for (let i = 0; i < r; i++) {
      const inv = 1 / s[i];
      for (let j = 0; j < q; j++) inner.data[i * q + j] += inv * (UtY.data[i * q + j] - EtVt.data[i * q + j]);
    }
  }
  const out = matmul(U, inner);
  // + (I − U Uᵀ) Ẏ V S⁻¹ Vᵀ, exactly zero when U is square (r = n). Otherwise as U⊥ (U⊥ᵀ Ẏ V) S⁻¹ Vᵀ, not
  // (Ẏ V − U Ẽ) S⁻¹ Vᵀ: that difference has an absolute error ε ‖Ẏ‖ where the exact term is small (Ẏ = R0 E
  // nearly inside range U: 1.1e-8 off at τ = 0, Σ0 = diag(1, 1, 1e-14, 1e-14), W 4×2 with σ 1 and 1e-8;
  // "tau0-thin"), while U⊥ (linalg/qr.ts: projected coordinate vectors) keeps the exact zeros and small
  // entries of a graded U
  if (r === n) return out;
  const uc = complementOf(U);
  const left = matmul(uc, matmulAtB(uc, YV)); // n×r
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < r; j++) left.data[i * r + j] /= s[j];
  }
  const extra = matmulABt(left, V);
  for (let i = 0; i < out.data.length; i++) out.data[i] += extra.data[i];
  return out;
}
