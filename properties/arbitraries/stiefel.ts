/**
 * Haar-random n×k matrices with orthonormal columns (k = n: orthogonal),
 * from a seed: one integer shrinks, the matrix stays exactly orthonormal.
 */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { randomStiefel, rng } from "../../src/linalg/random.js";

export function stiefelMatrix(n: number, k = n): fc.Arbitrary<Matrix> {
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => randomStiefel(n, k, rng(seed)));
}
