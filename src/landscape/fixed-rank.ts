/**
 * Riemannian geometry of M_k, the n×m matrices of rank exactly k (PAPER.md §3;
 * Vandereycken, "Low-rank matrix completion by Riemannian optimization",
 * SIAM J. Optim. 2013, §2). At X = U S Vᵀ (thin SVD, rank k):
 *   tangent projection  P_X(Z) = P_U Z + Z P_V − P_U Z P_V,
 *   Riemannian gradient P_X(∇f̄(X)) for a smooth extension f̄,
 *   Riemannian Hessian  Hess f(X)[ξ] = P_X(∇²f̄(X)[ξ]) + P_U^⊥ Z V_p S⁻¹ Vᵀ + U S⁻¹ U_pᵀ Z P_V^⊥,
 *     with Z = ∇f̄(X) and ξ = U M Vᵀ + U_p Vᵀ + U V_pᵀ (U_p ⊥ U, V_p ⊥ V).
 * The curvature terms carry S⁻¹, but for the BW loss they vanish identically:
 * there Z = 2 (X − R0 U_r V_rᵀ) with R0 X = U_r S_r V_rᵀ, and for Σ0 ≻ 0 the
 * rows of R0 X span those of X, so Z P_V^⊥ = 0 and Z V_p = 0. The C7 blow-up
 * of the Riemannian Hessian of L|M_k is carried by the 1/σ terms of the
 * Euclidean Hessian (nuclear.ts) that P_X(∇²f̄[ξ]) passes on. The terms are
 * kept for other f̄ (a linear f̄ has them and nothing else).
 */
import { symmetricEigen } from "../linalg/eigen.js";
import { type Matrix, sliceCols, zeros } from "../linalg/matrix.js";
import { add, inner, sub } from "../linalg/ops.js";
import { matmul, matmulABt, matmulAtB, scaleColumns } from "../linalg/products.js";
import { operatorMatrix, unitMatrix } from "../linalg/operator.js";
import { svd } from "../linalg/svd.js";

export type FixedRankPoint = { X: Matrix; U: Matrix; s: Float64Array; V: Matrix; k: number };

export function fixedRankPoint(x: Matrix, k: number): FixedRankPoint {
  const f = svd(x);
  return { X: x, U: sliceCols(f.U, 0, k), s: f.s.slice(0, k), V: sliceCols(f.V, 0, k), k };
}

/** The metric-projection retraction onto M_k: the rank-k truncated SVD (second order: Absil & Malick 2012). */
export function retractToRank(x: Matrix, k: number): Matrix {
  const p = fixedRankPoint(x, k);
  return matmulABt(scaleColumns(p.U, p.s), p.V);
}

/** P_U Z, Z P_V as helpers. */
function leftProject(U: Matrix, z: Matrix): Matrix {
  return matmul(U, matmulAtB(U, z));
}
function rightProject(z: Matrix, V: Matrix): Matrix {
  return matmulABt(matmul(z, V), V);
}

/** P_X(Z) = P_U Z + Z P_V − P_U Z P_V. */
export function tangentProject(p: FixedRankPoint, z: Matrix): Matrix {
  const uz = leftProject(p.U, z);
  return sub(add(uz, rightProject(z, p.V)), rightProject(uz, p.V));
}

/** The Riemannian Hessian applied to a tangent vector ξ, given ∇f̄(X) and ξ ↦ ∇²f̄(X)[ξ]. */
export function riemannianHessian(p: FixedRankPoint, egrad: Matrix, ehess: (xi: Matrix) => Matrix, xi: Matrix): Matrix {
  const { U, s, V } = p;
  const inv = s.map((x) => 1 / x);
  // U_p Vᵀ = P_U^⊥ ξ P_V and U V_pᵀ = P_U ξ P_V^⊥, so U_p = P_U^⊥ ξ V and V_p = P_V^⊥ ξᵀ U
  const xiV = matmul(xi, V);
  const Up = sub(xiV, matmul(U, matmulAtB(U, xiV)));
  const xitU = matmulAtB(xi, U);
  const Vp = sub(xitU, matmul(V, matmulAtB(V, xitU)));
  const zPerpLeft = sub(egrad, leftProject(U, egrad)); // P_U^⊥ Z
  const zPerpRight = sub(egrad, rightProject(egrad, V)); // Z P_V^⊥
  const term1 = matmulABt(scaleColumns(matmul(zPerpLeft, Vp), inv), V); // P_U^⊥ Z V_p S⁻¹ Vᵀ
  const term2 = matmul(scaleColumns(U, inv), matmulAtB(Up, zPerpRight)); // U S⁻¹ U_pᵀ Z P_V^⊥
  return add(tangentProject(p, ehess(xi)), add(term1, term2));
}

/**
 * An orthonormal basis of the tangent space T_X M_k (dimension k(n+m−k)), as
 * the eigenvectors of the projector P_X with eigenvalue 1.
 */
export function tangentBasis(p: FixedRankPoint): Matrix[] {
  const n = p.X.rows, m = p.X.cols, d = n * m;
  const proj = operatorMatrix(d, (j) => tangentProject(p, unitMatrix(n, m, j)).data, true);
  const { values, vectors } = symmetricEigen(proj);
  const dim = p.k * (n + m - p.k);
  const basis: Matrix[] = [];
  for (let c = 0; c < dim; c++) {
    if (!(values[c] > 0.5)) throw new Error(`tangentBasis: the projector has ${c} unit eigenvalues, expected ${dim}`);
    const b = zeros(n, m);
    for (let i = 0; i < d; i++) b.data[i] = vectors.data[i * d + c];
    basis.push(b);
  }
  return basis;
}

/** The Riemannian Hessian in an orthonormal tangent basis: a symmetric k(n+m−k) square matrix. */
export function riemannianHessianMatrix(p: FixedRankPoint, egrad: Matrix, ehess: (xi: Matrix) => Matrix, basis: Matrix[]): Matrix {
  const images = basis.map((b) => riemannianHessian(p, egrad, ehess, b));
  const dim = basis.length;
  return operatorMatrix(dim, (j) => basis.map((b) => inner(b, images[j])), true);
}
