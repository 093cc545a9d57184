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
 * rank). So a value is ≥ 0 by construction, and near a minimum (on the SVD
 * path, which the path choice takes there) it keeps its relative accuracy instead of cancelling ‖W‖² + nτ + tr Σ0 against 2‖Y‖_*
 * (which gave −1.4e-9 at W = R0, cond Σ0 = 1e12).
 *
 * Two evaluation paths, chosen per point from the spectrum of
 * A = X Xᵀ + τ Σ0 (X = R0 W), whose eigen-decomposition both paths use:
 * - fast: the eigen-decomposition A = Q diag(μ) Qᵀ,
 *   T = R0 A^{-1/2} R0 = Z Zᵀ with Z = R0 Q diag(μ^{-1/4}); then R0 P = T X,
 *   so L_τ = ‖(I − T) W‖² + τ ‖I − T‖² and ∇L_τ = 2 (I − T) W. Its absolute
 *   error is about c ε cond A (‖W‖² + nτ + tr Σ0) (eigenPathError, measured
 *   against the 50-digit references), so it is used only where that is within
 *   a quarter of the 1e-12 target relative to the value itself, and the
 *   gradient's error within a quarter of it relative to the gradient: never
 *   beyond cond A ≈ 4.5e3, not near a minimum, where the value is small, and
 *   not near a saddle of L_τ, where the gradient is;
 * - accurate: the SVD of Y = [X, √τ R0] (or Y = X at τ = 0), the
 *   nuclear-norm form (see nuclear.ts), by one-sided Jacobi started from the
 *   eigenvectors of the same A (so that decomposition is never thrown away,
 *   and Jacobi needs one rotating sweep instead of about twelve); in a
 *   descent loop (SvdWarmStart) from the previous step's singular vectors,
 *   without A's decomposition where the singular values already settle the
 *   path. Used otherwise, and always for Hessians;
 * - polar: where Y has full row rank, the accurate path's R0 P without the
 *   Jacobi sweeps, from the same eigenvectors Q of A: with B = Qᵀ Y, the
 *   first-order (Daleckii–Krein) expansion M of (B Bᵀ)^{-1/2} about its
 *   diagonal gives P = Q M B, and the truncation has a bound that needs no
 *   condition number (linalg/polar.ts). Taken in place of the Jacobi sweeps
 *   where that bound is below ε/4 and the rank rule surely counts full rank
 *   (polarPath), so the value, the gradient and the rank decision are the
 *   accurate path's; not in a descent loop's warm-started calls, which keep
 *   U for the next step.
 */
import { type StagedEigen, symmetricEigenStaged, symmetricEigenUnsorted } from "../linalg/eigen.js";
import { fullSvd, svd, svdFromBasis, svdFromBasisStacked, svdFromGramEigen, type ThinSvd } from "../linalg/svd.js";
import { orthonormalComplement } from "../linalg/qr.js";
import { polarInBasis } from "../linalg/polar.js";
import { scratchSet } from "../linalg/scratch.js";
import { hconcat, identity, type Matrix, sliceCols, sliceRows, transpose, zeros } from "../linalg/matrix.js";
import { frobeniusNorm, inner, scale } from "../linalg/ops.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { gram, matmul, matmulABt, matmulAtB, scaleColumns } from "../linalg/products.js";
import { factorDistance } from "./cancellation-free.js";
import { NotDifferentiableError } from "./errors.js";
import { hessianFromSvd } from "./hessian-direct.js";
import type { TargetFactors } from "./factors.js";
import { type NuclearPoint, nuclearHvp, nuclearPoint, nuclearPointFrom, numericalRank, polarFactor, productRounding, rankTolerance, type RoundingModel, surelyFullRank } from "./nuclear.js";

/** Scratch buffers (see linalg/scratch.ts): ids 1 and 4 (n×m), 2 and 3 (n×n) for the eigen path; 5 and 6 (n×(m+n)) for Y and F, 7 (n×n) and 8 (n×q) for R0 U and R0 P on the SVD path of lossGrad, 9 (1×n) for σ² in warmSvdStep, 10 (two n×n) for reorthonormalize, 11 (two n×n) for R0 Q and R0 Q M on the polar path, 13 (n×q) and 14 (two n×n) for its B, G and M. */
const SCRATCH_ID = 1;

/**
 * The eigen path's error model: absolute error of the loss (and of the
 * gradient, in the matching norm) ≈ c ε cond A · s, with s = ‖W‖² + nτ + tr Σ0
 * the size of the terms the value is made of. The first-order perturbation of
 * A^{-1/2} X by a backward error ε‖A‖ is at most ε‖A‖/(2 μ_min) = ε cond A / 2
 * (divided differences of x^{-1/2} reach 1/(2 μ_min^{3/2}), against the √μ_min
 * that Qᵀ X carries in that direction); the backward error spreads over all n²
 * entries, so the measured constant is smaller: against the 50-digit
 * references (test/fixtures/bw-scaling-cases.json, cond A 1e2…1e12, checked
 * in test/path-choice.test.ts) error/(ε cond A · s) reaches 0.17 (a 3×3 point
 * at cond A 7.2e3 found by an independent review). An adversarial search
 * (test/fixtures/accuracy-adversarial.json, docs/accuracy-adversarial.md)
 * reached 0.51 (n = 8, τ = 0, W small against R0 and half of A's spectrum at
 * μ_min, so that T is made of its smallest eigenvalues) and 0.48 (τ = 1, T ≈
 * 100 I off one direction): c = 0.25 is a typical, not an upper, value. The
 * budget's factor 4 (EIGEN_PATH_MAX_ERROR) covers it: at the acceptance
 * boundary the value is then within 5.1e-13 of itself, inside the 1e-12
 * target. The gradient has its own test (eigenPathMeetsBudget).
 */
export const EIGEN_ERROR_CONSTANT = 0.25;

/** Error budget of the eigen path, relative to the value: a quarter of the 1e-12 accuracy target (docs/accuracy.md). */
export const EIGEN_PATH_MAX_ERROR = 2.5e-13;

/** Estimated error of the eigen path's loss and gradient at cond A = κ, relative to s = ‖W‖² + nτ + tr Σ0. */
export function eigenPathError(kappa: number): number {
  return EIGEN_ERROR_CONSTANT * 2 ** -52 * kappa;
}

/**
 * The cond A beyond which the eigen path is never used (≈ 4.5e3): there even a
 * loss as large as its bound s would miss the budget. Below it the path is
 * still refused where the value is small against s (near a minimum), see
 * eigenPathMeetsBudget.
 */
export const FAST_PATH_MAX_CONDITION = EIGEN_PATH_MAX_ERROR / (EIGEN_ERROR_CONSTANT * 2 ** -52);

/** s = ‖W‖² + nτ + tr Σ0 (w2 = ‖W‖²): the size of the terms an L_τ value is made of, the scale of the eigen path's error. */
function valueScale(t: TargetFactors, tau: number, w2: number): number {
  return t.traceSigma0 + t.n * tau + w2;
}

/**
 * Does the eigen path's answer meet the budget relative to itself? Its
 * absolute errors come from T = R0 A^{-1/2} R0, which carries a relative error
 * ≈ eigenPathError(κ) whatever the size of the answer, so near a critical
 * point it loses relative accuracy that the SVD path keeps. Two tests:
 * - the value: its error is ≈ eigenPathError(κ) · s whatever the size of the
 *   loss, so near a minimum, where L ≪ s, accept only where
 *   eigenPathError(κ) · s ≤ budget · L. Since L = B² ≤ tr(WWᵀ + τI) + tr Σ0 = s,
 *   this implies eigenPathError(κ) ≤ budget;
 * - the gradient 2 (W − T W): its error ‖2 δT W‖ is ≈ eigenPathError(κ) ·
 *   g(n) · 2 max(‖W‖, ‖T W‖) (the terms it is the difference of, g(n) =
 *   gradientErrorGrowth), so accept only where
 *   eigenPathError(κ) · g(n) · max(‖W‖, ‖T W‖) ≤ budget · ‖(I − T) W‖. At
 *   τ = 0 and n ≤ 4 the value's test implies it (‖∇L‖² = 4L, and ‖W‖², ‖T W‖² ≤ s); at τ > 0
 *   L = ‖(I − T) W‖² + τ ‖I − T‖² stays large near a saddle of L_τ where the
 *   gradient vanishes, and there the value's test alone let gradients 40× the
 *   SVD path's error through (4× the 1e-12 target beyond the inputs' own rounding).
 */
function eigenPathMeetsBudget(errorEstimate: number, r: EigenPathResult, t: TargetFactors, tau: number, budget: number): boolean {
  if (budget === Infinity) return true; // no budget (a test measuring the path beyond its range): ∞ · 0 below would read NaN
  if (!(errorEstimate * valueScale(t, tau, r.w2) <= budget * r.loss)) return false;
  const g = errorEstimate * gradientErrorGrowth(t.n);
  return g * g * Math.max(r.w2, r.tw2) <= budget * budget * r.residual2;
}

/**
 * max(1, √(n/4)): the growth with n of the eigen path's gradient error beyond
 * eigenPathError(κ) · 2 max(‖W‖, ‖T W‖). The eigenvalues μ_i of A carry a
 * backward error that grows with n (forming A sums m products per entry, the
 * eigensolver's is normwise), and the gradient, unlike the value, sees it:
 * at τ = 0 and cond A = 4.4e3, where the value's test passes, the measured
 * error / (ε κ · 2 max(‖W‖, ‖T W‖)) reached 0.39 (n = 4), 0.74 (8),
 * 0.85 (16), 0.79 (32) and 1.28 (64: a gradient 1.25e-12 off, the SVD
 * path's 6e-15; test/fixtures/accuracy-adversarial.json), within 2.1 ×
 * 0.25 · max(1, √(n/4)) at every n, while the value's constant did not grow
 * (0.51 at n = 8, 0.19 at n = 64).
 */
function gradientErrorGrowth(n: number): number {
  return Math.max(1, Math.sqrt(n / 4));
}

/** The eigen path's answer with the norms its gradient test needs: ‖(I − T) W‖², ‖W‖², ‖T W‖². */
type EigenPathResult = LossAndGrad & { residual2: number; w2: number; tw2: number };

/**
 * Smallest μ_min the fast path accepts: below it the entries of A = X Xᵀ may
 * be subnormal (no longer relatively accurate), while the SVD path rescales Y.
 */
const FAST_PATH_MIN_EIGENVALUE = 1e-290;

export type LossAndGrad = { loss: number; grad: Matrix | null; path: "eigen" | "svd" | "polar" };

/** Y = R0 W (τ = 0) or [R0 W, √τ R0] (τ > 0): Y Yᵀ = R0 (W Wᵀ + τI) R0. */
export function stackedFactor(t: TargetFactors, w: Matrix, tau: number): Matrix {
  const x = matmul(t.r0, w);
  return tau > 0 ? hconcat(x, scale(t.r0, Math.sqrt(tau))) : x;
}

/** X = W (τ = 0) or [W, √τ I] (τ > 0): X Xᵀ = W Wᵀ + τI and Y = R0 X. */
export function wFactor(w: Matrix, tau: number): Matrix {
  return tau > 0 ? hconcat(w, scale(identity(w.rows), Math.sqrt(tau))) : w;
}

/**
 * Throws where L (τ = 0) is not differentiable: rank(R0 W) < min(rank Σ0, m).
 * With R0 = Ω_k D Ω_kᵀ of rank k, ‖R0 W‖_* = ‖Z‖_* for Z = D Ω_kᵀ W (k×m), and
 * W ↦ Z is linear and onto, so L = ‖W‖² + tr Σ0 − 2‖Z‖_* is differentiable at
 * W iff ‖·‖_* is at Z, i.e. iff rank Z = rank(R0 W) = min(k, m) (PAPER.md §2
 * states the case k = n). There ∇L = 2 (W − R0 U_r V_rᵀ) with the thin SVD of
 * R0 W (U_r = Ω_k U_Z), and the Hessian-vector product of nuclear.ts holds
 * (R0 E stays in range U_r when r = k; Y has full column rank when r = m).
 */
export function requireDifferentiable(pt: NuclearPoint, tau: number): void {
  if (tau === 0 && pt.rank < pt.maxRank && pt.unresolved > 0) {
    throw new NotDifferentiableError(
      "W",
      `cannot tell whether L is differentiable here: ${pt.unresolved} singular value(s) of R0 W lie above the inputs' rounding but below what the SVD resolves in double precision (64·max(n, q)·ε·σ_1; docs/accuracy.md, "Rank decisions"); use tau > 0 for the smooth loss L_τ`,
    );
  }
  if (tau === 0 && pt.rank < pt.maxRank) {
    const bound = pt.maxRank < pt.fullRank ? "min(rank Σ0, m)" : "min(n, m)";
    throw new NotDifferentiableError(
      "W",
      `L is not differentiable here: rank(R0 W) = ${pt.rank} < ${bound} = ${pt.maxRank} (τ = 0); use tau > 0 for the smooth loss L_τ`,
    );
  }
}

/**
 * The rounding model of Y = R0 X (nuclear.ts, productRounding): W is an input
 * known to one rounding per entry, √τ to one more, and rank Y ≤ min(rank R0, q).
 */
export function wRounding(t: TargetFactors, w: Matrix, tau: number): RoundingModel {
  const w2 = inner(w, w);
  const q = tau > 0 ? w.cols + t.n : w.cols;
  // ‖[|W|, √τ I]‖_F = √(‖W‖² + nτ); or the scaled norm where those squares overflow
  const xNorm = Math.sqrt(w2 + t.n * tau);
  // the lazy bound by bind, not an arrow function: no closure to name on every call of a descent loop
  const absX = absFactor.bind(null, w, tau);
  return productRounding(t.r0Magnitude, absX, Number.isFinite(xNorm) ? xNorm : frobeniusNorm(absX()), tau > 0 ? 2 : 1, Math.min(t.rank, q));
}

/**
 * The thin SVD of Y = R0 [W, √τ I] (τ > 0, W n×m with m < n) through its
 * structure, or null where W has a zero singular value. With
 * W = U_W diag(ω) V_Wᵀ, U = [U_W, U_⊥] (n×n) and d = (√(ω_i² + τ), …, √τ, …),
 * X = [W, √τ I] = U diag(d) O, where O = diag(d)^{-1} Uᵀ X has orthonormal
 * rows (row i ≤ m: [ω_i v_iᵀ, √τ u_iᵀ] / d_i; row i > m: [0, u_iᵀ]). So
 * Y = B O with B = R0 U diag(d), whose columns are scaled by d: one-sided
 * Jacobi on Bᵀ (orthogonalising the columns of B) resolves its singular
 * values to relative accuracy when R0 is well conditioned (Demmel–Veselić),
 * however small √τ is against ‖W‖. With Bᵀ = U' Σ V'ᵀ, Y = V' Σ (Oᵀ U')ᵀ.
 * The plain SVD of Y resolves σ_i ≈ √(τ λ_i) only to ε σ_1, and the
 * Hessian's 1/(σ_i + σ_j) terms took that error (with the cancellation that
 * hessianPi removes): 1.9e-9 at τ = 1e-14 up to 2.9e-4 at τ = 1e-24 (n = 4, 6;
 * m = 1, 2), where one rounding of every input moves the Hessian by 4e-16
 * (test/accuracy-adversarial.test.ts).
 */
function stackedSvd(t: TargetFactors, w: Matrix, tau: number): ThinSvd | null {
  const n = t.n, m = w.cols, q = m + n, c = Math.sqrt(tau);
  const sw = svd(w); // W n×m tall: U n×m, ω (m), V m×m
  if (!(sw.s[m - 1] > 0)) return null;
  const u = hconcat(sw.U, orthonormalComplement(sw.U));
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = i < m ? Math.hypot(sw.s[i], c) : c;
  const o = zeros(n, q);
  for (let i = 0; i < n; i++) {
    if (i < m) for (let j = 0; j < m; j++) o.data[i * q + j] = (sw.s[i] / d[i]) * sw.V.data[j * m + i];
    const f = i < m ? c / d[i] : 1;
    for (let j = 0; j < n; j++) o.data[i * q + m + j] = f * u.data[j * n + i];
  }
  const sb = svd(transpose(scaleColumns(matmul(t.r0, u), d)));
  return { U: sb.V, s: sb.s, V: matmulAtB(o, sb.U) };
}

/**
 * Π = I_m − B Bᵀ (B the first m rows of Y's V) at τ > 0, without that
 * cancellation. With R0 = Ω_k D Ω_kᵀ of rank k (Ω_k the range of Σ0; k = n
 * and Ω = I when Σ0 ≻ 0), Y = Ω_k D X̃ with X̃ = [W̃, √τ Ω_kᵀ], W̃ = Ω_kᵀ W, so
 * the rows of Y span those of X̃, whose projector has the top-left block
 * W̃ᵀ (W̃ W̃ᵀ + τI)^{-1} W̃, and Π = τ (W̃ᵀ W̃ + τI)^{-1} = V diag(τ / (ω_i² + τ)) Vᵀ
 * (ω_i = 0 beyond the rank of W̃). hessianFromSvd and hvpFullRowRank divide Π
 * by σ_i; formed as I − B Bᵀ its absolute error ε became ε/σ_i. At τ = 0
 * (hvpAt at a singular Σ0 with r = rank(R0 W) = k) the rows of Y = Ω_k D W̃
 * span those of W̃ and Π is the projector onto the null space of W̃: zero when
 * r = m (V square), else V diag(0 (i ≤ r), 1 (i > r)) Vᵀ.
 */
function hessianPi(t: TargetFactors, w: Matrix, tau: number, r: number): Matrix {
  const m = w.cols, k = t.rank;
  if (tau === 0 && r === m) return zeros(m, m); // V square: Π = 0 exactly
  const wt = k === t.n ? w : matmulAtB(sliceCols(t.eigenvectors, 0, k), w); // W̃ = Ω_kᵀ W (k×m)
  // V (m×m) complete: every direction has its ω, zero where W̃ has none (no I − … left to cancel)
  const sw = fullSvd(wt), pi = zeros(m, m);
  for (let b = 0; b < m; b++) {
    for (let e = 0; e < m; e++) {
      let x = 0;
      for (let i = 0; i < m; i++) {
        const omega = i < sw.s.length ? sw.s[i] : 0;
        // at τ = 0 the limit: 1 on the null space of W̃ (beyond its rank r = rank(R0 W)), 0 on its row space
        x += sw.V.data[b * m + i] * (tau > 0 ? tau / (omega * omega + tau) : i < r ? 0 : 1) * sw.V.data[e * m + i];
      }
      pi.data[b * m + e] = x;
    }
  }
  return pi;
}

/** hessianPi at a point, remembered per point: hessianByHvp makes n·m products at one point, each needing it. */
const piCache = new WeakMap<NuclearPoint, Matrix>();
function piAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  let pi = piCache.get(pt);
  if (pi === undefined) piCache.set(pt, (pi = hessianPi(t, w, tau, pt.rank)));
  return pi;
}

/** [|W|, √τ I] (or |W| at τ = 0). */
function absFactor(w: Matrix, tau: number): Matrix {
  return wFactor({ rows: w.rows, cols: w.cols, data: w.data.map(Math.abs) }, tau);
}

/**
 * The nuclear-norm point of Y, checking differentiability when asked. At
 * τ > 0 with m < n from the structured SVD of Y (stackedSvd), whose small
 * singular values √(τ λ_i) keep their relative accuracy; with Σ0 ≻ 0 (where
 * stackedSvd's Jacobi acts on R0 U diag(d), column-scaled with R0 invertible)
 * they are taken as resolved. Truncating the point at the normwise cutoff
 * 64·max(n, q)·ε·σ_1 there split the cluster of √(τ λ_i) (a review found
 * Hessians 3.3e-5 and a gradient 2.3× its bound off at τ ≈ 1e-24;
 * test/fixtures/accuracy-adversarial.json, family "split-cluster").
 */
export function wNuclearPoint(t: TargetFactors, w: Matrix, tau: number, needDerivative: boolean): NuclearPoint {
  const y = stackedFactor(t, w, tau), model = wRounding(t, w, tau);
  const structured = tau > 0 && w.cols < t.n ? stackedSvd(t, w, tau) : null;
  const pt = structured ? nuclearPointFrom(y, structured, model, t.rank === t.n) : nuclearPoint(y, model);
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
  return { loss: withUnresolved(value, pt, tau), grad: withGrad ? gradFrom(w, r0p) : null, path: "svd", point: pt };
}

/**
 * The value with the singular values that resolvedRank (nuclear.ts) left
 * unresolved taken back, at τ > 0. Those σ_i lie above the inputs' rounding
 * (features of the input: at τ > 0 with m < n, σ_i ≈ √(τ λ_i) along the
 * complement of R0 W) but below 64·max(n, q)·ε·σ_1, where the SVD resolves
 * them only to its normwise accuracy p ε σ_1. The cancellation-free form of
 * the point truncated before them exceeds L_τ by 2 Σ σ_i (cancellation-free.ts);
 * subtracting the computed σ_i leaves an error of 2 Σ |σ̂_i − σ_i| ≤ 2 p ε σ_1
 * per value instead of 2 σ_i ≤ 128 max(n, q) ε σ_1: at τ = 1e-26, Σ0 with a
 * 1e-2 tail and m < n the value was 1.7e-11 off relative, 16× the target beyond the
 * inputs' rounding (test/accuracy-adversarial.test.ts). The gradient keeps the
 * truncated point: a direction of a barely resolved σ_i may be off by O(1)
 * (ε σ_1 / σ_i), while its exact contribution to ∇L_τ is O(√τ). Where the
 * difference would be negative (σ_i at the value's own rounding level) the
 * truncated form's value stands.
 */
function withUnresolved(value: number, pt: NuclearPoint, tau: number): number {
  if (tau === 0 || pt.unresolved === 0) return value;
  let dropped = 0;
  for (let i = pt.rank; i < pt.rank + pt.unresolved; i++) dropped += pt.allSingularValues[i];
  const corrected = value - 2 * dropped;
  return corrected >= 0 ? corrected : value;
}

/** 2 (W − (R0 P)_{:, 1..m}) for R0 P given as n×q (q ≥ m). */
function gradFrom(w: Matrix, r0p: Matrix, out?: Matrix): Matrix {
  const m = w.cols, q = r0p.cols;
  const grad = out ?? zeros(w.rows, m);
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
 * The eigen stage of lossGradEigen: A = X Xᵀ + τ Σ0 (X = R0 W) and its
 * eigenvalues, with the eigenvectors still to be formed (linalg/eigen.ts,
 * symmetricEigenStaged), and the eigen path's error estimate from them; null
 * when A is singular (τ = 0, m < n) or so small that its entries may be
 * subnormal (μ_min ≤ 1e-290, where the SVD path rescales and this one cannot).
 */
function eigenStage(t: TargetFactors, w: Matrix, tau: number): { eig: StagedEigen; errorEstimate: number } | null {
  const a = gramA(t, w, tau);
  if (!a) return null;
  const eig = symmetricEigenStaged(a);
  const errorEstimate = errorFromSpectrum(eig.values);
  return errorEstimate === null ? null : { eig, errorEstimate };
}

/** A = X Xᵀ + τ Σ0 (X = R0 W) in a scratch buffer, or null when it is singular (τ = 0, m < n) or overflows. */
function gramA(t: TargetFactors, w: Matrix, tau: number): Matrix | null {
  const n = t.n, m = w.cols;
  if (tau === 0 && m < n) return null; // A = X Xᵀ is singular
  const [x] = scratchSet(SCRATCH_ID, n, m, 1);
  const [a] = scratchSet(SCRATCH_ID + 1, n, n, 1);
  matmul(t.r0, w, x);
  gram(x, a);
  if (tau > 0) for (let i = 0; i < a.data.length; i++) a.data[i] += tau * t.sigma0.data[i];
  // beyond ‖R0 W‖ ≈ 1e154 the entries of A overflow; the SVD path rescales Y and still answers
  for (let i = 0; i < a.data.length; i++) if (!Number.isFinite(a.data[i])) return null;
  return a;
}

/** The eigen path's error estimate from A's spectrum, or null when μ_min ≤ 1e-290 (see FAST_PATH_MIN_EIGENVALUE). */
function errorFromSpectrum(values: Float64Array): number | null {
  let muMax = -Infinity, muMin = Infinity;
  for (const mu of values) {
    muMax = Math.max(muMax, mu);
    muMin = Math.min(muMin, mu);
  }
  return muMin > FAST_PATH_MIN_EIGENVALUE ? eigenPathError(muMax / muMin) : null;
}

/**
 * The eigen path from a completed decomposition A = Q diag(μ) Qᵀ. With
 * T = R0 A^{-1/2} R0 = Z Zᵀ, Z = R0 Q diag(μ^{-1/4}), the polar factor of
 * Y = R0 [W, √τ I] satisfies R0 P = T [W, √τ I], so
 *   L_τ = ‖(I − T) W‖² + τ ‖I − T‖²,   ∇L_τ = 2 (I − T) W.
 */
function eigenPath(t: TargetFactors, w: Matrix, tau: number, values: Float64Array, vectors: Matrix, gradOut?: Matrix): EigenPathResult {
  const n = t.n, m = w.cols;
  const [tw] = scratchSet(SCRATCH_ID + 3, n, m, 1);
  const [z, tm] = scratchSet(SCRATCH_ID + 2, n, n, 2);
  // Z = R0 Q diag(μ^{-1/4}), T = Z Zᵀ (exactly symmetric)
  matmul(t.r0, vectors, z);
  for (let j = 0; j < n; j++) {
    const f = 1 / Math.sqrt(Math.sqrt(values[j]));
    for (let i = 0; i < n; i++) z.data[i * n + j] *= f;
  }
  gram(z, tm);
  matmul(tm, w, tw);
  // ∇ = 2 (W − T W); L_τ = ‖W − T W‖² + τ ‖I − T‖², a sum of squares
  const grad = gradOut ?? zeros(n, m);
  let loss = 0, w2 = 0, tw2 = 0;
  for (let i = 0; i < grad.data.length; i++) {
    const d = w.data[i] - tw.data[i];
    grad.data[i] = 2 * d;
    loss += d * d;
    w2 += w.data[i] * w.data[i];
    tw2 += tw.data[i] * tw.data[i];
  }
  const residual2 = loss;
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
  return { loss, grad, path: "eigen", residual2, w2, tw2 };
}

/**
 * Loss and gradient by the eigen path, or null where its error estimate
 * exceeds `budget` (or A is singular); a test passes budget = Infinity to
 * measure the path beyond its range.
 */
export function lossGradEigen(t: TargetFactors, w: Matrix, tau: number, budget = EIGEN_PATH_MAX_ERROR): LossAndGrad | null {
  const stage = eigenStage(t, w, tau);
  if (!stage || stage.errorEstimate > budget) return null;
  const { values, vectors } = stage.eig.vectors();
  const r = eigenPath(t, w, tau, values, vectors);
  return eigenPathMeetsBudget(stage.errorEstimate, r, t, tau, budget) ? { loss: r.loss, grad: r.grad, path: r.path } : null;
}

/**
 * Largest n for which lossGrad warm-starts Jacobi. A warm start (the previous
 * step's U, off by the step) needs 3–5 sweeps where the eigenvectors of A
 * (off by rounding) need 2–3, so it pays while one eigen-decomposition costs
 * more than two sweeps. Measured per gradient-descent step at widths [n, n, n],
 * τ = 0.1, warm/cold in one process: 0.63 (n = 4), 0.60 (16), 0.86 (32),
 * 1.03 (40), 1.16 (48), 1.19 (64) with the tridiagonal reduction and QL
 * steps of the eigen-solver in WebAssembly; 0.77, 0.70, 0.73, 0.85 (48),
 * 0.99 (64) with them in TypeScript.
 */
export const WARM_START_MAX_N = 32;

/**
 * State carried from one lossGrad call to the next in a descent loop
 * (network/objective.ts, one per LayerObjective, never shared between targets
 * or shapes): the left singular vectors U (n×n, decreasing σ) of the last Y
 * when that call took the SVD path, else null.
 */
export type SvdWarmStart = {
  basis: Matrix | null;
  /** buffers for σ and V (q×n) of the warm-started SVD, whose U overwrites `basis` (allocated on first use) */
  buffers?: { s: Float64Array; V: Matrix };
  /** warm steps since the basis was last orthonormal (a cold SVD's U, or reorthonormalize) */
  sinceOrthonormal?: number;
};

/**
 * Loss and gradient: the eigen path when its error estimate is within the
 * budget relative to the value it computed (eigenPathMeetsBudget); otherwise the SVD path, whose one-sided Jacobi starts from the
 * eigenvectors of the same A (linalg/svd.ts, svdFromGramEigen; Y Yᵀ = A up to
 * the rounding of R0² against Σ0). Both paths need the vectors, so the
 * decomposition is formed at once, not in stages. (At τ = 0 the SVD path
 * checks the rank of R0 W itself.)
 *
 * With `warm` (a descent loop), n ≤ WARM_START_MAX_N and a basis from the
 * previous step, Jacobi starts from that basis instead (warmSvdStep) and the eigen-decomposition is
 * skipped whenever the singular values show that the path choice above would
 * take the SVD path; otherwise the call proceeds as without `warm`. With
 * `gradOut` (n×m) the gradient is written there and returned (a training
 * loop's buffer) instead of a new matrix.
 */
export function lossGrad(t: TargetFactors, w: Matrix, tau: number, warm?: SvdWarmStart, gradOut?: Matrix): LossAndGrad {
  if (gradOut && (gradOut.rows !== w.rows || gradOut.cols !== w.cols)) throw new RangeError(`lossGrad: gradOut must be ${w.rows}×${w.cols}`);
  if (warm?.basis && t.n <= WARM_START_MAX_N) {
    const r = warmSvdStep(t, w, tau, warm, gradOut);
    if (r) return r;
  }
  const a = gramA(t, w, tau);
  if (warm) warm.basis = null;
  if (!a) {
    const r = lossGradSvd(t, w, tau, true);
    if (gradOut && r.grad) gradOut.data.set(r.grad.data);
    return { loss: r.loss, grad: gradOut ?? r.grad, path: "svd" };
  }
  const { values, vectors } = symmetricEigenUnsorted(a);
  const errorEstimate = errorFromSpectrum(values);
  if (errorEstimate !== null && errorEstimate <= EIGEN_PATH_MAX_ERROR && !surelyOverBudget(errorEstimate, values, t, w, tau)) {
    const r = eigenPath(t, w, tau, values, vectors, gradOut);
    if (eigenPathMeetsBudget(errorEstimate, r, t, tau, EIGEN_PATH_MAX_ERROR)) return { loss: r.loss, grad: r.grad, path: r.path };
  }
  // X = R0 W is still in its scratch buffer (gramA)
  const [x] = scratchSet(SCRATCH_ID, t.n, w.cols, 1);
  const y = stackedInto(x, t, tau);
  // a descent loop's warm start needs U, which the polar path does not form
  if (!(warm && t.n <= WARM_START_MAX_N)) {
    const r = polarPath(t, w, tau, y, vectors, gradOut);
    if (r) return r;
  }
  const svdY = svdFromGramEigen(y, values, vectors);
  const r = svdPath(t, w, tau, y, svdY, gradOut);
  if (warm && t.n <= WARM_START_MAX_N) {
    warm.basis = svdY.U;
    warm.sinceOrthonormal = 0;
  }
  return r;
}

/** Y = X (τ = 0) or [X, √τ R0] in scratch buffer 5, for X = R0 W. */
function stackedInto(x: Matrix, t: TargetFactors, tau: number): Matrix {
  return tau > 0 ? stackInto(SCRATCH_ID + 4, x, t.r0, Math.sqrt(tau)) : x;
}

/**
 * The SVD path's loss and gradient from a thin SVD of Y (the cancellation-free
 * form). At full row rank (r = n as nuclearPointFrom decides it, U square: the usual case at τ > 0)
 * R0 P = (R0 U) Vᵀ in two products (n³ + n² q multiply-adds, not
 * 2 n² q for P and then R0 P), the range term ‖(I − U Uᵀ) R0‖² is zero, and
 * L = ‖F − R0 P‖² (F = [W, √τ I]) and ∇ = 2 (W − (R0 P)_{:, 1..m}) come from
 * one pass without forming F. Otherwise the general form of
 * cancellation-free.ts (F in scratch buffer 6).
 */
function svdPath(t: TargetFactors, w: Matrix, tau: number, y: Matrix | (() => Matrix), svdY: ThinSvd, gradOut?: Matrix): LossAndGrad {
  const model = wRounding(t, w, tau);
  const n = t.n, m = w.cols, q = svdY.V.rows; // the columns of Y
  // full rank as nuclearPointFrom decides it (resolvedRank): σ_n above what the SVD resolves, and above the inputs' rounding
  if (svdY.U.cols === n && svdY.s[n - 1] > rankTolerance(n, q, svdY.s[0]) && numericalRank(svdY, model) === n) {
    const [r0u] = scratchSet(SCRATCH_ID + 6, n, n, 1);
    const [r0p] = scratchSet(SCRATCH_ID + 7, n, q, 1);
    if (tau > 0 && Math.sqrt(tau) * Math.sqrt(t.eigenvalues[0]) >= R0U_FROM_V_MIN) r0uFromV(svdY, m, Math.sqrt(tau), r0u);
    else matmul(t.r0, svdY.U, r0u);
    matmulABt(r0u, svdY.V, r0p);
    return { ...fullRankLoss(w, r0p, tau, gradOut), path: "svd" };
  }
  // not of full rank by the fast test: at τ > 0, m < n, Σ0 ≻ 0 (Y has rank n exactly) the structured SVD,
  // which resolves the small σ_i (wNuclearPoint); otherwise the point of this SVD under the rank rule
  const pt = tau > 0 && m < n && t.rank === n ? wNuclearPoint(t, w, tau, false) : nuclearPointFrom(typeof y === "function" ? y() : y, svdY, model);
  requireDifferentiable(pt, tau);
  const f = tau > 0 ? stackInto(SCRATCH_ID + 5, w, null, Math.sqrt(tau)) : w;
  const { value, r0p } = factorDistance(t.r0, f, pt);
  return { loss: withUnresolved(value, pt, tau), grad: gradFrom(w, r0p, gradOut), path: "svd" };
}

/**
 * At full row rank (the range term of the cancellation-free form is zero,
 * R0 P n×q from the polar factor P of Y): L = ‖F − R0 P‖² with F = [W, √τ I]
 * (F = W at τ = 0) and ∇ = 2 (W − (R0 P)_{:, 1..m}), in one pass without
 * forming F. The gradient goes to gradOut, else to a new matrix.
 */
function fullRankLoss(w: Matrix, r0p: Matrix, tau: number, gradOut?: Matrix): { loss: number; grad: Matrix } {
  const n = w.rows, m = w.cols, q = r0p.cols;
  const grad = gradOut ?? zeros(n, m), W = w.data, G = grad.data, R = r0p.data, c = Math.sqrt(tau);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const d = W[i * m + j] - R[i * q + j];
      G[i * m + j] = 2 * d;
      loss += d * d;
    }
    for (let j = m; j < q; j++) {
      const d = (j - m === i ? c : 0) - R[i * q + j];
      loss += d * d;
    }
  }
  return { loss, grad };
}

/**
 * The largest bound on ‖M B − P‖_F (linalg/polar.ts) the polar path accepts:
 * a quarter of ε, so that the truncation stays below the rounding of the
 * products that form R0 P (each entry a sum of n products, error ≳ ε).
 */
export const POLAR_MAX_REMAINDER = 2 ** -54;

/**
 * The accurate path without Jacobi sweeps: the polar factor P of Y to first
 * order from the eigenvectors Q of A = Y Yᵀ (linalg/polar.ts, polarInBasis),
 * R0 P = (R0 Q M) B, then the loss and gradient as on the SVD path at full
 * rank. null (the SVD path then runs) unless the truncation bound is within
 * POLAR_MAX_REMAINDER and Y has full row rank as svdPath would decide it, by
 * margins that cover the first-order σ_i = ‖b_i‖: those lie within a factor
 * √(1 ± φ) of the singular values (G = D^{1/2} (I + F) D^{1/2} is similar to
 * (I + F)^{1/2} D (I + F)^{1/2}, and Ostrowski's theorem for that congruence
 * puts σ_k² within [1 − ‖F‖₂, 1 + ‖F‖₂] g_(k)), φ² ≤ remainder. Where this
 * answers, svdPath's fast full-rank test passes (docs/polar-path.md, "The
 * rank decision"; test/polar-path.test.ts scans graded Hadamard W, where
 * without the rank test it answered what the SVD path refuses).
 */
function polarPath(t: TargetFactors, w: Matrix, tau: number, y: Matrix, q: Matrix, gradOut?: Matrix): LossAndGrad | null {
  const n = t.n;
  if (y.cols < n) return null;
  const [b] = scratchSet(SCRATCH_ID + 12, n, y.cols, 1), [g, mm] = scratchSet(SCRATCH_ID + 13, n, n, 2);
  const r = polarInBasis(y, q, POLAR_MAX_REMAINDER, { b, g, m: mm });
  if (!r) return null;
  let sMax = 0, sMin = Infinity;
  for (const s of r.sigma) {
    sMax = Math.max(sMax, s);
    sMin = Math.min(sMin, s);
  }
  const phi = Math.sqrt(r.remainder);
  const lo = sMin * Math.sqrt(1 - phi), hi = sMax * Math.sqrt(1 + phi);
  if (!(lo > rankTolerance(n, y.cols, hi)) || !surelyFullRank(n, lo, wRounding(t, w, tau))) return null;
  const [r0q, r0qm] = scratchSet(SCRATCH_ID + 10, n, n, 2);
  const [r0p] = scratchSet(SCRATCH_ID + 7, n, y.cols, 1);
  matmul(t.r0, q, r0q);
  matmul(r0q, r.m, r0qm);
  matmul(r0qm, r.b, r0p);
  return { ...fullRankLoss(w, r0p, tau, gradOut), path: "polar" };
}

/**
 * r0uFromV needs √τ R0 in normal numbers: where √τ √λ_1 (≥ max |√τ R0_ij|)
 * falls towards the subnormals, the block's absolute rounding (2^-1075 an
 * entry) divided by √τ is no longer small against R0 (at τ = 2^-1074 and
 * Σ0 ≈ 1e-304 the loss was 3e-10 off, the gradient up to 5e-9; test/review-day6.test.ts). Below
 * this, R0 · U.
 */
const R0U_FROM_V_MIN = 2 ** -900;

/**
 * R0 U at τ > 0 without a product: Y = [X, c R0] (c = √τ, R0 symmetric)
 * gives Vᵀ = Σ^{-1} Uᵀ Y, whose last n columns are c Σ^{-1} Uᵀ R0, so
 * R0 U = V_{m+1..m+n, :} Σ / c. Jacobi rotates each column of Y's rows on its
 * own, so the bottom block of V carries the rounding of c Uᵀ R0 entry by
 * entry (a few ε per rotation, as the rotated U itself), not that of the unit
 * columns of V: dividing by c costs no accuracy however small τ is, as long
 * as √τ R0 is a normal number (svdPath forms R0 · U below R0U_FROM_V_MIN). (One n³
 * product fewer per descent step; the equality with R0 · U is checked in
 * test/svd-path-r0u.test.ts.)
 */
function r0uFromV(svdY: ThinSvd, m: number, c: number, out: Matrix): void {
  const n = out.rows, V = svdY.V.data, s = svdY.s, o = out.data;
  for (let i = 0; i < n; i++) {
    const row = (m + i) * n;
    for (let r = 0; r < n; r++) o[i * n + r] = (V[row + r] * s[r]) / c;
  }
}

/**
 * Safety factor of warmSvdStep's path decision: the eigenvalues μ_i of A that
 * lossGrad decides from and the squares σ_i² of the singular values of Y
 * differ by rounding (|δμ_i| ≤ n ε μ_max, which surelyOverBudget's bound
 * already covers, and σ_i² ≈ μ_i to relative ε cond A in its estimate), far
 * less than a factor 4.
 */
const WARM_DECISION_MARGIN = 4;

/**
 * The SVD path started from the previous step's left singular vectors
 * (linalg/svd.ts, svdFromBasis), or null when lossGrad must decide as
 * without a warm start. The path choice is made from μ_i = σ_i² (Y Yᵀ = A):
 * the SVD answer is returned only when lossGrad would surely take the SVD
 * path — μ_min ≤ 1e-290 (errorFromSpectrum), or the eigen path's error
 * estimate or surelyOverBudget's test fails by more than WARM_DECISION_MARGIN.
 * Otherwise (near the path boundary, or where the eigen path may be taken)
 * null: lossGrad then forms A's eigen-decomposition and decides exactly as
 * without `warm`, so the chosen path is the same. The result equals the cold
 * path's within Jacobi's accuracy: both stop at the same test (every pair of
 * rows orthogonal to 4ε), only the orthogonal start differs.
 */
function warmSvdStep(t: TargetFactors, w: Matrix, tau: number, warm: SvdWarmStart, gradOut?: Matrix): LossAndGrad | null {
  const n = t.n, m = w.cols, basis = warm.basis;
  if ((tau === 0 && m < n) || !basis || basis.rows !== n) return null;
  // Y = R0 W (τ = 0) or [R0 W, √τ R0], formed when needed
  const formY = (): Matrix => {
    const [x] = scratchSet(SCRATCH_ID, n, m, 1);
    matmul(t.r0, w, x);
    return stackedInto(x, t, tau);
  };
  const q = tau > 0 ? m + n : m;
  warm.sinceOrthonormal = (warm.sinceOrthonormal ?? 0) + 1;
  if (warm.sinceOrthonormal >= REORTHONORMALIZE_EVERY) {
    reorthonormalize(basis);
    warm.sinceOrthonormal = 0;
  }
  let buffers = warm.buffers;
  if (!buffers || buffers.s.length !== n || buffers.V.rows !== q) buffers = warm.buffers = { s: new Float64Array(n), V: zeros(q, n) };
  // U overwrites the basis (read first); σ and V go to the state's buffers. At τ > 0 Jacobi starts
  // from Bᵀ Y = [(Bᵀ R0) W, √τ Bᵀ R0] without forming Y (one n×n×m product fewer)
  let svdY: ThinSvd | null, y: Matrix | (() => Matrix);
  if (tau > 0) {
    svdY = svdFromBasisStacked(t.r0, w, Math.sqrt(tau), basis, { U: basis, s: buffers.s, V: buffers.V });
    if (!svdY) return null;
    y = formY;
  } else {
    y = formY();
    for (let i = 0; i < y.data.length; i++) if (!Number.isFinite(y.data[i])) return null;
    svdY = svdFromBasis(y, basis, { U: basis, s: buffers.s, V: buffers.V });
  }
  const [muM] = scratchSet(SCRATCH_ID + 8, 1, n, 1), mu = muM.data;
  for (let i = 0; i < n; i++) mu[i] = svdY.s[i] * svdY.s[i];
  const estimate = errorFromSpectrum(mu);
  const surelySvd =
    estimate === null ||
    estimate > WARM_DECISION_MARGIN * EIGEN_PATH_MAX_ERROR ||
    surelyOverBudget(estimate / WARM_DECISION_MARGIN, mu, t, w, tau);
  if (!surelySvd) return null;
  return svdPath(t, w, tau, y, svdY, gradOut);
}

/**
 * Every how many warm steps the basis is made orthonormal again
 * (reorthonormalize). Measured on two n = 8 descent trajectories next to the
 * minimum (L ≈ 1e-19 … 1e-29), error / (1e-12 |value| + 2n · floor): 1.8–3.5
 * never, 0.08–0.16 every step, 0.10–0.19 every 8, 0.15–0.23 every 16; the
 * cost at [32, 32, 32], τ = 0.1: 68 µs per descent step without, 77 every
 * step, 67–72 every 8 (within the machine's noise).
 */
const REORTHONORMALIZE_EVERY = 8;

/**
 * B ← B + B (I − Bᵀ B) / 2 (one Newton–Schulz step towards the orthogonal
 * polar factor of B): the warm basis is the previous call's U, which Jacobi
 * only rotates, so its departure from orthogonality δ = ‖Bᵀ B − I‖ carries
 * over from one call to the next and grows (18ε after 10 descent steps at
 * n = 8, 100–165ε after 100–30000), and P = U Vᵀ inherits it: near a minimum
 * the warm-started loss and gradient were 10–40× less accurate than the cold
 * path's, up to 3.5× the 1e-12 target beyond the inputs' rounding (a 1.3e-21
 * value 1.9e-3 off, where the cold path is 5e-5 off). One step takes δ to
 * O(δ²) plus the rounding of two n³ products; Jacobi then starts from an
 * orthonormal basis, as the cold path does (every REORTHONORMALIZE_EVERY steps).
 */
function reorthonormalize(b: Matrix): void {
  const n = b.rows;
  const [btb, corr] = scratchSet(SCRATCH_ID + 9, n, n, 2);
  matmulAtB(b, b, btb);
  // E = (I − Bᵀ B) / 2, in place
  const e = btb.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) e[i * n + j] = ((i === j ? 1 : 0) - e[i * n + j]) / 2;
  }
  matmul(b, btb, corr);
  for (let i = 0; i < b.data.length; i++) b.data[i] += corr.data[i];
}

/**
 * [L, c R] (n×(m+n)) written into the scratch buffer `id`, R = I when null:
 * Y = [R0 W, √τ R0] or F = [W, √τ I] without allocating.
 */
function stackInto(id: number, left: Matrix, right: Matrix | null, c: number): Matrix {
  const n = left.rows, m = left.cols, q = m + n;
  const [out] = scratchSet(id, n, q, 1);
  const L = left.data, O = out.data;
  for (let i = 0; i < n; i++) {
    O.set(L.subarray(i * m, i * m + m), i * q);
    const o = i * q + m;
    if (right) {
      const R = right.data;
      for (let j = 0; j < n; j++) O[o + j] = c * R[i * n + j];
    } else {
      O.fill(0, o, o + n);
      O[o + i] = c;
    }
  }
  return out;
}

/**
 * Would the eigen path fail its budget whatever the rounding? Decided before
 * forming T, from the eigenvalues alone: L_τ = s − 2 Σ √μ_i with
 * s = ‖W‖² + nτ + tr Σ0 (PAPER.md §2, the trace form; it cancels near a
 * minimum, which is why values come from the other form). Its absolute error
 * is below 4ε(s + 2Σ√μ) for the sums plus Σ |δμ_i| / (2√μ_i) ≤ n²ε μ_max / √μ_min
 * for the square roots (each μ_i is within n ε μ_max, backward stability of
 * the eigen-decomposition), so L_τ ≤ that estimate + bound. If even that upper
 * bound fails eigenPathMeetsBudget's test, the eigen path (three n³ products)
 * is skipped: near a minimum, where gradient descent spends its steps, it
 * always fails. Otherwise the exact test is made on the computed value.
 */
export function surelyOverBudget(errorEstimate: number, mu: Float64Array, t: TargetFactors, w: Matrix, tau: number): boolean {
  const s = valueScale(t, tau, inner(w, w));
  let roots = 0, muMax = 0, muMin = Infinity;
  for (const m of mu) {
    roots += Math.sqrt(m);
    muMax = Math.max(muMax, m);
    muMin = Math.min(muMin, m);
  }
  const n = mu.length;
  const bound = 4 * 2 ** -52 * (s + 2 * roots) + n * n * 2 ** -52 * muMax / Math.sqrt(muMin);
  const upper = s - 2 * roots + bound;
  return errorEstimate * s > EIGEN_PATH_MAX_ERROR * upper;
}

/**
 * Hessian-vector product (PAPER.md §3):
 *   D²L_τ(W)[E] = 2E − 2 R0 (dP[[R0 E, 0]])_{:, 1..m},
 * the derivative of ∇L_τ = 2 (W − R0 P_{:,1..m}) along E. Where U spans the
 * range of R0 (rank Y = rank Σ0 = k) and τ > 0 with m < n, or τ = 0 with
 * k < n, the full-row-rank form with Π from hessianPi (at τ = 0 and k = m < n,
 * Σ0 = diag(1, 1, 0): 6.6e-9 off through nuclearHvp's (I − U Uᵀ) R0 E, exactly
 * zero there; test/fixtures/accuracy-adversarial.json, "tau0-thin"). Not at
 * τ > 0 with m ≥ n: there Π = τ (WᵀW + τI)^{-1} from W's SVD does not match
 * the plain SVD of Y, whose small σ_i it resolves only in norm (tried: 1e-9
 * became 7e-8 at ω ≈ √τ = 1e-8 in a rotated basis). Nor at τ = 0 with Σ0 ≻ 0
 * and m > n (no miss found; W's SVD per call made an HVP 2–3× slower at 16×24).
 */
export function hvpAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, e: Matrix, tau: number): Matrix {
  if ((tau > 0 ? w.cols < t.n : t.rank < t.n) && t.rank > 0 && pt.rank === t.rank) return hvpFullRowRank(t, pt, e, piAt(t, pt, w, tau));
  const r0e = matmul(t.r0, e);
  const ydot = tau > 0 ? hconcat(r0e, zeros(t.n, t.n)) : r0e;
  const dp = sliceCols(nuclearHvp(pt, ydot), 0, w.cols);
  const r0dp = matmul(t.r0, dp);
  const out = zeros(w.rows, w.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 2 * (e.data[i] - r0dp.data[i]);
  return out;
}

/**
 * hvpAt where Y has the largest rank it can, k = rank Σ0 (U n×k spans the
 * range of R0, so (I − U Uᵀ) R0 E = 0; U square when Σ0 ≻ 0), and
 * Π = I_m − B Bᵀ is known (hessianPi), B = the first m rows of V: with
 * Ẏ = [R0 E, 0], Ẽ = Uᵀ R0 E B and K_ij = (Ẽ_ij − Ẽ_ji)/(σ_i + σ_j),
 *   dP[Ẏ]_{:, 1..m} = U (K Bᵀ + S⁻¹ Uᵀ R0 E Π),
 * nuclearHvp's formula restricted to the first m columns, with its
 * Uᵀ Ẏ − Ẽ Vᵀ = Uᵀ Ẏ (I − V Vᵀ) taken as Uᵀ R0 E Π instead of a difference
 * whose absolute error ε became ε/σ_i (1.4e-4 off at τ = 1e-24, n = 6, m = 2;
 * 1.3e-8 at a singular Σ0 of rank 2 in 4 dimensions, τ = 1e-16).
 */
function hvpFullRowRank(t: TargetFactors, pt: NuclearPoint, e: Matrix, pi: Matrix): Matrix {
  const n = t.n, m = e.cols, s = pt.s, r = s.length;
  const b = sliceRows(pt.V, 0, m); // m×r
  const utr0e = matmulAtB(pt.U, matmul(t.r0, e)); // r×m
  const et = matmul(utr0e, b); // r×r, Ẽ
  const k = zeros(r, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) k.data[i * r + j] = (et.data[i * r + j] - et.data[j * r + i]) / (s[i] + s[j]);
  const inner = matmulABt(k, b); // r×m
  const proj = matmul(utr0e, pi);
  for (let i = 0; i < r; i++) for (let j = 0; j < m; j++) inner.data[i * m + j] += proj.data[i * m + j] / s[i];
  const r0dp = matmul(t.r0, matmul(pt.U, inner));
  const out = zeros(n, m);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 2 * (e.data[i] - r0dp.data[i]);
  return out;
}

/**
 * The (nm)×(nm) Hessian on row-major vec(W): assembled directly from the SVD
 * when R0 W (τ = 0) or Y (τ > 0) has full row rank (hessian-direct.ts), else
 * one Hessian-vector product per coordinate.
 */
export function hessianAt(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  // Π without the cancellation where hessianPi has it: τ > 0 with m < n, and τ = 0 (Π = 0 at m = n: folded into
  // the weights, δ_bd/σ_i − Σ_j B_bj B_dj/σ_i left ε/σ_i; with hessian-direct's cancelling i = j terms, 1.3e-8 …
  // 1.6e-3 off at τ = 0, Σ0 = I, W = diag(1, η) Qᵀ, η = 1e-8 … 1e-13, where the inputs' rounding moves the
  // Hessian by 1e-16; "tau0-square")
  const pi = (tau > 0 ? w.cols < t.n : true) && t.rank === t.n && pt.rank === t.n ? hessianPi(t, w, tau, pt.rank) : undefined;
  return hessianFromSvd(t, pt, w.cols, pi) ?? hessianByHvp(t, pt, w, tau);
}

/** The Hessian column by column, one Hessian-vector product per coordinate (the check on hessianFromSvd). */
export function hessianByHvp(t: TargetFactors, pt: NuclearPoint, w: Matrix, tau: number): Matrix {
  return operatorMatrix(w.rows * w.cols, (k) => hvpAt(t, pt, w, unitMatrix(w.rows, w.cols, k), tau).data, true);
}
