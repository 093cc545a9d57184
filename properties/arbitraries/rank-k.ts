/**
 * Rank-k n×m matrices U diag(σ) Vᵀ with Haar-random U, V and singular values
 * in [sigmaMin, sigmaMax], the smallest exactly sigmaMin — the near-low-rank
 * points where the Hessian of L blows up (C7): the point at ε = sigmaMin of a
 * near-low-rank family (same draws, same shrinking).
 */
import type fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { nearLowRankFamily } from "./near-low-rank.js";

export function rankKMatrix(n: number, m: number, k: number, sigmaMin: number, sigmaMax = 3): fc.Arbitrary<Matrix> {
  return nearLowRankFamily(n, m, k, sigmaMin, sigmaMax).map((family) => family.at(sigmaMin));
}
