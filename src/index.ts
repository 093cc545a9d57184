/**
 * bwcheck's public API (docs/library.md is the guide; `npm run docs` renders
 * the TSDoc into docs/api/). Every function that takes a matrix takes any `MatrixLike`: a
 * `Matrix`, nested arrays, an ml-matrix `Matrix` or a mathjs matrix — the
 * functions below that are wrapped with `acceptMatrixLike` convert their
 * matrix arguments once on entry; `Target`'s methods and `checkGradient` /
 * `checkHessian` read them through the same conversion.
 */
import { acceptMatrixLike, toRows as toRows0, transpose as transpose0 } from "./linalg/matrix.js";
import * as ops from "./linalg/ops.js";
import * as products from "./linalg/products.js";
import * as eigen from "./linalg/eigen.js";
import * as svds from "./linalg/svd.js";
import { qr as qr0 } from "./linalg/qr.js";
import * as psd from "./linalg/psd-functions.js";
import * as layers from "./bures/layers.js";
import * as balance from "./network/balance.js";
import * as init from "./network/init.js";
import * as train from "./network/train.js";
import * as e2e from "./network/end-to-end.js";
import * as fixedRank from "./landscape/fixed-rank.js";

export {
  type Matrix,
  type MatrixLike,
  asMatrix,
  fromRows,
  zeros,
  identity,
  fromDiagonal,
} from "./linalg/matrix.js";
export { toMlMatrix, fromMlMatrix, type MlMatrixLike, type MathjsMatrixLike } from "./linalg/interop.js";
/** Nested arrays (rows) of a matrix. */
export const toRows = acceptMatrixLike(toRows0);
/** Aᵀ. */
export const transpose = acceptMatrixLike(transpose0);
/** A + B. */
export const add = acceptMatrixLike(ops.add);
/** A − B. */
export const sub = acceptMatrixLike(ops.sub);
/** s A. */
export const scale = acceptMatrixLike(ops.scale);
/** Frobenius inner product ⟨A, B⟩ = tr(AᵀB). */
export const inner = acceptMatrixLike(ops.inner);
/** ‖A‖_F. */
export const frobeniusNorm = acceptMatrixLike(ops.frobeniusNorm);
/** tr A. */
export const trace = acceptMatrixLike(ops.trace);
/** ‖A − B‖_F / max(‖B‖_F, floor): the normwise relative error of A against a reference B. */
export const relativeError = acceptMatrixLike(ops.relativeError);
/** (A + Aᵀ)/2. */
export const symmetrize = acceptMatrixLike(ops.symmetrize);
/** C = A B (into `out` when given; `out` must not alias A or B). */
export const matmul = acceptMatrixLike(products.matmul);
/** C = Aᵀ B. */
export const matmulAtB = acceptMatrixLike(products.matmulAtB);
/** C = A Bᵀ. */
export const matmulABt = acceptMatrixLike(products.matmulABt);
/** G = A Aᵀ, exactly symmetric. */
export const gram = acceptMatrixLike(products.gram);
/** Eigenvalues (decreasing) and orthonormal eigenvectors of a symmetric matrix (only its upper triangle is read). */
export const symmetricEigen = acceptMatrixLike(eigen.symmetricEigen);
/** Eigenvalues of a symmetric matrix, decreasing. */
export const symmetricEigenvalues = acceptMatrixLike(eigen.symmetricEigenvalues);
export type { SymmetricEigen } from "./linalg/eigen.js";
/** Thin SVD by one-sided Jacobi: X (n×m) = U diag(s) Vᵀ with U n×p, V m×p, p = min(n, m). */
export const svd = acceptMatrixLike(svds.svd);
/** Full SVD: U n×n and V m×m orthogonal, s of length min(n, m). */
export const fullSvd = acceptMatrixLike(svds.fullSvd);
/** Singular values, decreasing. */
export const singularValues = acceptMatrixLike(svds.singularValues);
export type { ThinSvd } from "./linalg/svd.js";
/** Thin QR of A (n×k, n ≥ k) by Householder reflections: A = Q R with diag(R) ≥ 0. */
export const qr = acceptMatrixLike(qr0);
/** A^p for positive semi-definite A and real p (p < 0 needs A ≻ 0). */
export const psdPower = acceptMatrixLike(psd.psdPower);
/** A^{1/2} for positive semi-definite A. */
export const psdSqrt = acceptMatrixLike(psd.psdSqrt);
/** A^{-1/2} for positive definite A. */
export const psdInvSqrt = acceptMatrixLike(psd.psdInvSqrt);
/** Which kernels the matrix products and Jacobi sweeps run on: "wasm" (f64x2 SIMD, the default) or "ts" (BWCHECK_WASM=0, or no WebAssembly SIMD); docs/wasm.md. */
export { kernelBackend } from "./linalg/wasm/kernels.js";
export { rng, type Rng, randomNormal, randomOrthogonal, randomStiefel, randomWithSpectrum } from "./linalg/random.js";
export { bwTarget, type Target, type LossOptions } from "./bures/target.js";
export { BwInputError, NotDifferentiableError } from "./bures/errors.js";
/** W = W_N ⋯ W_1 of the layers [W_1, …, W_N]. */
export const endToEnd = acceptMatrixLike(layers.endToEnd);
/** Ẇ = Σ_i A_i Δ_i B_i: the velocity of W = W_N ⋯ W_1 when the layers move by Δ_i. */
export const endToEndVelocity = acceptMatrixLike(layers.endToEndVelocity);
export { directionalDerivative, directionalDerivativeMatrix } from "./derivcheck/finite-difference.js";
export { taylorRemainders, slopeAboveFloor, type Remainders } from "./derivcheck/taylor.js";
export { CannotJudgeError, checkGradient } from "./derivcheck/check-gradient.js";
export { checkHessian } from "./derivcheck/check-hessian.js";
export type { CheckOptions, CheckResult, DirectionReport } from "./derivcheck/types.js";
export { taylorFigureSpec, taylorFigureSvg } from "./report/taylor-figure.js";
/** max_j ‖W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ‖_F (0 for a single layer; claim C8). */
export const balancedness = acceptMatrixLike(balance.balancedness);
/** The matrices W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ, j = 1 … N − 1. */
export const balanceDefects = acceptMatrixLike(balance.balanceDefects);
/** The authors' balanced start: Σ0 − τI plus a small symmetric perturbation, its square root factored evenly over `widths` [d_0, …, d_N]. */
export const balancedClose = acceptMatrixLike(init.balancedClose);
/** Layers of the given widths whose product is W, splitting its SVD evenly (balanced: claim C8). */
export const balancedFactorization = acceptMatrixLike(init.balancedFactorization);
export { balancedRandom } from "./network/init.js";
/** Gradient descent on the layers for `steps` steps of size `lr`, recording loss and balancedness. */
export const gradientDescent = acceptMatrixLike(train.gradientDescent);
/** Gradient flow of the layers up to time `time` (adaptive Dormand–Prince 5(4)), recording loss and balancedness. */
export const gradientFlow = acceptMatrixLike(train.gradientFlow);
export type { TracePoint, TrainResult } from "./network/train.js";
/** Claim C9's formula for Ẇ at the end-to-end W of N balanced layers. */
export const endToEndVelocityFormula = acceptMatrixLike(e2e.endToEndVelocityFormula);
/** The velocity of W = W_N ⋯ W_1 implied by the layers' gradient flow. */
export const layerImpliedVelocity = acceptMatrixLike(e2e.layerImpliedVelocity);
export { minimumOverRank, theoryConstants, type TheoryConstants } from "./network/constants.js";
export { LayerObjective } from "./network/objective.js";
export { dopri5 } from "./network/ode.js";
export { criticalPoints, type CriticalPoint, type CriticalSet } from "./landscape/critical-points.js";
/** A point of the manifold M_k of rank-k matrices, with its thin SVD. */
export const fixedRankPoint = acceptMatrixLike(fixedRank.fixedRankPoint);
/** Projection onto the tangent space of M_k: P_X(Z) = P_U Z + Z P_V − P_U Z P_V. */
export const tangentProject = acceptMatrixLike(fixedRank.tangentProject);
/** The Riemannian Hessian on M_k applied to a tangent vector ξ, from the Euclidean gradient and Hessian. */
export const riemannianHessian = acceptMatrixLike(fixedRank.riemannianHessian);
