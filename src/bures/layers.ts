/**
 * Deep linear networks in parameter space (PAPER.md §1, §3):
 * layers W_1 … W_N with W_j ∈ R^{d_j × d_{j−1}}, W = W_N ⋯ W_1 ∈ R^{n×m},
 *   L^N(W_1, …, W_N) = L_τ(W_N ⋯ W_1),
 *   ∇_{W_j} L^N = A_jᵀ ∇L(W) B_jᵀ,  A_j = W_N ⋯ W_{j+1},  B_j = W_{j−1} ⋯ W_1
 * (empty products are identities), and by the product rule along Δ = (Δ_1 … Δ_N)
 *   Ẇ = Σ_i A_i Δ_i B_i,
 *   d(∇_{W_j})[Δ] = Ȧ_jᵀ G B_jᵀ + A_jᵀ D²L(W)[Ẇ] B_jᵀ + A_jᵀ G Ḃ_jᵀ,
 * where Ȧ_j, Ḃ_j replace one factor W_i of A_j, B_j by Δ_i.
 */
import { identity, type Matrix } from "../linalg/matrix.js";
import { operatorMatrix } from "../linalg/operator.js";
import { add } from "../linalg/ops.js";
import { matmul, matmulAtB, matmulABt } from "../linalg/products.js";
import { BwInputError } from "./errors.js";
import { readMatrix } from "./validate.js";

/** Validates a layer list against the output dimension n (widths must chain). */
export function readLayers(x: unknown, n: number, field = "layers"): Matrix[] {
  if (!Array.isArray(x) || x.length === 0) throw new BwInputError(field, "must be a non-empty array of matrices [W_1, …, W_N]");
  const layers = x.map((l, j) => readMatrix(l, `${field}[${j}]`));
  for (let j = 1; j < layers.length; j++) {
    if (layers[j].cols !== layers[j - 1].rows) {
      throw new BwInputError(
        `${field}[${j}]`,
        `has ${layers[j].cols} columns but ${field}[${j - 1}] has ${layers[j - 1].rows} rows (W = W_N ⋯ W_1 needs d_j to chain)`,
      );
    }
  }
  const last = layers[layers.length - 1];
  if (last.rows !== n) throw new BwInputError(`${field}[${layers.length - 1}]`, `has ${last.rows} rows, the output dimension n of sigma0 is ${n}`);
  return layers;
}

/** W_b ⋯ W_a for 0-based a ≤ b (inclusive); identity of size layers[a].cols when a > b. */
export function partialProduct(layers: readonly Matrix[], a: number, b: number): Matrix {
  if (a > b) return identity(a < layers.length ? layers[a].cols : layers[layers.length - 1].rows);
  let acc = layers[a];
  for (let j = a + 1; j <= b; j++) acc = matmul(layers[j], acc);
  return acc;
}

/** W = W_N ⋯ W_1. */
export function endToEnd(layers: readonly Matrix[]): Matrix {
  return partialProduct(layers, 0, layers.length - 1);
}

/** Layer gradients A_jᵀ G B_jᵀ from the end-to-end gradient G. */
export function layerGradsFrom(layers: readonly Matrix[], g: Matrix): Matrix[] {
  const N = layers.length;
  return layers.map((_, j) => matmulABt(matmulAtB(partialProduct(layers, j + 1, N - 1), g), partialProduct(layers, 0, j - 1)));
}

/** Ẇ = Σ_i A_i Δ_i B_i. */
export function endToEndVelocity(layers: readonly Matrix[], delta: readonly Matrix[]): Matrix {
  const N = layers.length;
  let w: Matrix | null = null;
  for (let i = 0; i < N; i++) {
    const term = matmul(matmul(partialProduct(layers, i + 1, N - 1), delta[i]), partialProduct(layers, 0, i - 1));
    w = w ? add(w, term) : term;
  }
  return w as Matrix;
}

/** W_b ⋯ W_a with factor i replaced by Δ_i, summed over i ∈ [a, b]; zero when a > b. */
function productDerivative(layers: readonly Matrix[], delta: readonly Matrix[], a: number, b: number): Matrix | null {
  let sum: Matrix | null = null;
  for (let i = a; i <= b; i++) {
    const term = matmul(matmul(partialProduct(layers, i + 1, b), delta[i]), partialProduct(layers, a, i - 1));
    sum = sum ? add(sum, term) : term;
  }
  return sum;
}

/**
 * Parameter-space Hessian-vector product, given the end-to-end gradient G and
 * the end-to-end Hessian-vector product `hvpW`.
 */
export function layerHvpFrom(
  layers: readonly Matrix[],
  delta: readonly Matrix[],
  g: Matrix,
  hvpW: (e: Matrix) => Matrix,
): Matrix[] {
  const N = layers.length;
  const gdot = hvpW(endToEndVelocity(layers, delta));
  return layers.map((_, j) => {
    const A = partialProduct(layers, j + 1, N - 1), B = partialProduct(layers, 0, j - 1);
    let out = matmulABt(matmulAtB(A, gdot), B);
    const Adot = productDerivative(layers, delta, j + 1, N - 1);
    if (Adot) out = add(out, matmulABt(matmulAtB(Adot, g), B));
    const Bdot = productDerivative(layers, delta, 0, j - 1);
    if (Bdot) out = add(out, matmulABt(matmulAtB(A, g), Bdot));
    return out;
  });
}

/** Total number of parameters Σ_j d_j d_{j−1}. */
export function parameterCount(layers: readonly Matrix[]): number {
  return layers.reduce((s, l) => s + l.rows * l.cols, 0);
}

/** Concatenation of the row-major vec(W_j), j = 1 … N. */
export function flattenLayers(ms: readonly Matrix[]): Float64Array {
  const out = new Float64Array(parameterCount(ms));
  let off = 0;
  for (const m of ms) {
    out.set(m.data, off);
    off += m.data.length;
  }
  return out;
}

/** The parameter-space Hessian on the concatenation of the row-major vec(W_j), j = 1 … N. */
export function layerHessianFrom(layers: readonly Matrix[], g: Matrix, hvpW: (e: Matrix) => Matrix): Matrix {
  const d = parameterCount(layers);
  return operatorMatrix(d, (k) => {
    const unit = new Float64Array(d);
    unit[k] = 1;
    return flattenLayers(layerHvpFrom(layers, splitLayers(unit, layers), g, hvpW));
  }, true);
}

/** A parameter vector as a 1×d row matrix (so a layer list fits single-matrix interfaces such as the derivative checker's). */
export function asRow(data: Float64Array): Matrix {
  return { rows: 1, cols: data.length, data };
}

/** Inverse of flattenLayers, shaped like `like`. */
export function splitLayers(flat: Float64Array, like: readonly Matrix[]): Matrix[] {
  let off = 0;
  return like.map((l) => {
    const m = { rows: l.rows, cols: l.cols, data: flat.slice(off, off + l.rows * l.cols) };
    off += l.rows * l.cols;
    return m;
  });
}
