/**
 * Starting points for training (PAPER.md §1, C8–C12).
 *
 * balancedFactorization(W, widths): with the SVD W = U diag(s) Vᵀ truncated to
 * k = min(rank W, bottleneck) terms, W_j = Q_j diag(s)^{1/N} Q_{j−1}ᵀ where
 * Q_0 = V, Q_N = U and the inner Q_j are the first k coordinate vectors of
 * R^{d_j} (the zero padding when widths differ). Then W_N ⋯ W_1 = U_k S_k V_kᵀ
 * and W_{j+1}ᵀ W_{j+1} = Q_j S^{2/N} Q_jᵀ = W_j W_jᵀ: exactly balanced.
 */
import { BwInputError } from "../bures/errors.js";
import { type Matrix, sliceCols, zeros } from "../linalg/matrix.js";
import { scale } from "../linalg/ops.js";
import { matmulABt, scaleColumns } from "../linalg/products.js";
import { randomNormal, randomWithSpectrum, type Rng } from "../linalg/random.js";
import { svd } from "../linalg/svd.js";
import { symmetricEigen } from "../linalg/eigen.js";

/** widths [d_0, d_1, …, d_N]: N layers, W_j of shape d_j × d_{j−1}. */
export function checkWidths(widths: readonly number[], n: number, field = "widths"): void {
  if (!Array.isArray(widths) || widths.length < 2) throw new BwInputError(field, "must list at least two widths [d_0, …, d_N]");
  widths.forEach((d, j) => {
    if (!Number.isInteger(d) || d < 1) throw new BwInputError(field, `entry ${j} must be a positive integer, got ${JSON.stringify(d)}`);
  });
  if (widths[widths.length - 1] !== n) throw new BwInputError(field, `the last width d_N must be n = ${n} (the size of sigma0), got ${widths[widths.length - 1]}`);
}

/** First k coordinate vectors of R^d as a d×k matrix. */
function coordinates(d: number, k: number): Matrix {
  const q = zeros(d, k);
  for (let i = 0; i < k; i++) q.data[i * k + i] = 1;
  return q;
}

export function balancedFactorization(w: Matrix, widths: readonly number[]): Matrix[] {
  const N = widths.length - 1;
  if (w.rows !== widths[N] || w.cols !== widths[0]) throw new RangeError(`balancedFactorization: W is ${w.rows}×${w.cols}, widths need ${widths[N]}×${widths[0]}`);
  const { U, s, V } = svd(w);
  const k = Math.min(s.length, ...widths);
  const root = Array.from(s.slice(0, k), (x) => x ** (1 / N));
  const basis = (j: number): Matrix => (j === 0 ? sliceCols(V, 0, k) : j === N ? sliceCols(U, 0, k) : coordinates(widths[j], k));
  const layers: Matrix[] = [];
  for (let j = 1; j <= N; j++) layers.push(matmulABt(scaleColumns(basis(j), root), basis(j - 1)));
  return layers;
}

/** A balanced start from a random end-to-end matrix with entries of standard deviation `std`. */
export function balancedRandom(widths: readonly number[], r: Rng, std = 0.5): Matrix[] {
  return balancedFactorization(scale(randomNormal(widths[widths.length - 1], widths[0], r), std), widths);
}

/**
 * A balanced start close to the target, as the authors' code does: the
 * end-to-end covariance Σ0 − τI plus a small symmetric perturbation of size
 * `eps` (eigenvalues clipped at 0), W = its square root restricted to m
 * columns, then factored.
 */
export function balancedClose(sigma0: Matrix, widths: readonly number[], tau: number, r: Rng, eps = 0.05): Matrix[] {
  const n = sigma0.rows, m = widths[0];
  const pert = randomWithSpectrum(Array.from({ length: n }, () => eps * r.normal()), r);
  const target = zeros(n, n);
  for (let i = 0; i < n * n; i++) target.data[i] = sigma0.data[i] + pert.data[i];
  for (let i = 0; i < n; i++) target.data[i * n + i] -= tau;
  const { values, vectors } = symmetricEigen(target);
  // W = Q_k diag(√λ_k) [I_k 0] with k = min(n, m): W Wᵀ = Σ_{i≤k} λ_i q_i q_iᵀ
  const k = Math.min(n, m);
  const w = zeros(n, m);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) w.data[i * m + j] = vectors.data[i * n + j] * Math.sqrt(Math.max(values[j], 0));
  return balancedFactorization(w, widths);
}
