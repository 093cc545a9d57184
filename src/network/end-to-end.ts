/**
 * End-to-end dynamics (claim C9): under balanced gradient flow of N layers,
 *   Ẇ = −Σ_{j=1}^N (W Wᵀ)^{(N−j)/N} ∇L(W) (Wᵀ W)^{(j−1)/N},
 * against the velocity the layers imply, Ẇ = Σ_j A_j Ẇ_j B_j with
 * Ẇ_j = −∇_{W_j} L^N (A_j = W_N ⋯ W_{j+1}, B_j = W_{j−1} ⋯ W_1).
 */
import { endToEnd, endToEndVelocity, layerGradsFrom } from "../bures/layers.js";
import type { Target } from "../bures/target.js";
import { rankTolerance } from "../bures/nuclear.js";
import { identity, type Matrix, zeros } from "../linalg/matrix.js";
import { add, scale } from "../linalg/ops.js";
import { matmul, spectralMatrix } from "../linalg/products.js";
import { svd } from "../linalg/svd.js";

/**
 * (W Wᵀ)^p and (Wᵀ W)^p from the SVD of W: U diag(σ^{2p}) Uᵀ, with singular
 * values below the rank tolerance set to exactly 0 — the eigenvalues of a
 * singular Gram matrix carry rounding of ε‖W‖², which a fractional power
 * would lift to (ε‖W‖²)^p. p = 0 gives the identity.
 */
function gramPowers(w: Matrix): { left: (p: number) => Matrix; right: (p: number) => Matrix } {
  const { U, s, V } = svd(w);
  const tol = rankTolerance(w.rows, w.cols, s[0] ?? 0);
  const pow = (q: Matrix, p: number): Matrix => (p === 0 ? identity(q.rows) : spectralMatrix(q, Array.from(s, (x) => (x > tol ? x ** (2 * p) : 0))));
  return { left: (p) => pow(U, p), right: (p) => pow(V, p) };
}

/** C9's formula for Ẇ at the end-to-end W of N balanced layers. */
export function endToEndVelocityFormula(target: Target, w: Matrix, N: number, tau: number, grad?: Matrix): Matrix {
  const g = grad ?? target.grad(w, { tau });
  const { left, right } = gramPowers(w);
  let v = zeros(w.rows, w.cols);
  for (let j = 1; j <= N; j++) v = add(v, matmul(matmul(left((N - j) / N), g), right((j - 1) / N)));
  return scale(v, -1);
}

/** The velocity of W = W_N ⋯ W_1 implied by the layers' gradient flow. */
export function layerImpliedVelocity(target: Target, layers: Matrix[], tau: number): { velocity: Matrix; grad: Matrix } {
  const w = endToEnd(layers);
  const g = target.endToEndGrad(layers, w, tau);
  const dots = layerGradsFrom(layers, g).map((d) => scale(d, -1));
  return { velocity: endToEndVelocity(layers, dots), grad: g };
}
