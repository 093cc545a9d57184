/**
 * Near-low-rank families W_ε = U diag(s_1, …, s_{k−1}, ε) Vᵀ (n×m, rank k
 * for ε > 0, rank k − 1 at ε = 0) with Haar-random U, V and s_i in
 * [sMin, sMax]: the curves along which C7's Hessians blow up. The family is a
 * function of ε, so a property can walk ε → 0 on one draw; the draw shrinks
 * as its singular values and one seed.
 */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { matmulABt, scaleColumns } from "../../src/linalg/products.js";
import { randomStiefel, rng } from "../../src/linalg/random.js";

export type NearLowRankFamily = {
  /** W_ε */
  at(epsilon: number): Matrix;
  /** the fixed singular values s_1 ≥ … ≥ s_{k−1} */
  singularValues: number[];
  seed: number;
};

export function nearLowRankFamily(n: number, m: number, k: number, sMin = 0.5, sMax = 3): fc.Arbitrary<NearLowRankFamily> {
  if (!(k >= 1 && k <= Math.min(n, m))) throw new RangeError(`k must be in 1…min(n, m) = ${Math.min(n, m)}, got ${k}`);
  return fc
    .record({
      larger: fc.array(fc.double({ min: sMin, max: sMax, noNaN: true, noDefaultInfinity: true }), { minLength: k - 1, maxLength: k - 1 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ larger, seed }) => {
      const r = rng(seed);
      const U = randomStiefel(n, k, r), V = randomStiefel(m, k, r);
      const s = [...larger].sort((a, b) => b - a);
      return { singularValues: s, seed, at: (epsilon: number) => matmulABt(scaleColumns(U, [...s, epsilon]), V) };
    });
}
