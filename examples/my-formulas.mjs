// A module for `bwcheck derivcheck --module examples/my-formulas.mjs`:
// the smoothed BW loss L_τ(W) = B²(WWᵀ + τI, Σ0) and a gradient derived by hand,
// ∇L_τ(W) = 2 (W − R0 A^{-1/2} R0 W) with A = R0 (WWᵀ + τI) R0 (PAPER.md §3).
import { bwTarget, fromRows, matmul, matmulABt, psdInvSqrt, scale, sub } from "bwcheck";

const tau = 0.1;
const sigma0 = fromRows([[2, 0.3, 0], [0.3, 1, 0.1], [0, 0.1, 0.5]]);
const target = bwTarget(sigma0);
const R0 = target.r0;

export const x = fromRows([[1, 0.2], [0.4, -0.7], [0.1, 0.3]]);

export function f(W) {
  return target.loss(W, { tau });
}

export function grad(W) {
  const S = matmulABt(W, W);
  for (let i = 0; i < S.rows; i++) S.data[i * S.cols + i] += tau;
  const A = matmul(matmul(R0, S), R0);
  const T = matmul(matmul(R0, psdInvSqrt(A)), R0);
  return scale(sub(W, matmul(T, W)), 2);
}

export function hvp(W, V) {
  return target.hvp(W, V, { tau });
}

// Σ-space formulas would restrict the random directions to symmetric matrices:
// export const options = { project: symmetrize };
