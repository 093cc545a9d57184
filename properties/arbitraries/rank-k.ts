/**
 * Rank-k n×m matrices U diag(σ) Vᵀ with Haar-random U, V and singular values
 * in [sigmaMin, sigmaMax], the smallest exactly sigmaMin — the near-low-rank
 * points where the Hessian of L blows up (C7).
 */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { matmulABt, scaleColumns } from "../../src/linalg/products.js";
import { randomStiefel, rng } from "../../src/linalg/random.js";

export function rankKMatrix(n: number, m: number, k: number, sigmaMin: number, sigmaMax = 3): fc.Arbitrary<Matrix> {
  return fc
    .record({
      larger: fc.array(fc.double({ min: sigmaMin, max: sigmaMax, noNaN: true, noDefaultInfinity: true }), { minLength: k - 1, maxLength: k - 1 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ larger, seed }) => {
      const r = rng(seed);
      const s = [...larger, sigmaMin].sort((a, b) => b - a);
      return matmulABt(scaleColumns(randomStiefel(n, k, r), s), randomStiefel(m, k, r));
    });
}
