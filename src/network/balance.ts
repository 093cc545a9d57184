/**
 * Balancedness of a layer list (PAPER.md claim C8):
 *   D_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ  (d_j × d_j),  j = 1 … N−1,
 * and the measure max_j ‖D_j‖_F used by the authors' code. Gradient flow keeps
 * every D_j constant; a balanced network has D_j = 0.
 */
import type { Matrix } from "../linalg/matrix.js";
import { frobeniusNorm, sub } from "../linalg/ops.js";
import { gram, matmulAtB } from "../linalg/products.js";

export function balanceDefects(layers: readonly Matrix[]): Matrix[] {
  const out: Matrix[] = [];
  for (let j = 0; j + 1 < layers.length; j++) out.push(sub(matmulAtB(layers[j + 1], layers[j + 1]), gram(layers[j])));
  return out;
}

/** max_j ‖W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ‖_F (0 for a single layer). */
export function balancedness(layers: readonly Matrix[]): number {
  return balanceDefects(layers).reduce((m, d) => Math.max(m, frobeniusNorm(d)), 0);
}
