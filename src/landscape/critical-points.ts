/**
 * Critical points of L (or L_τ) restricted to M_k (PAPER.md claims C5, C6):
 * with distinct positive eigenvalues λ_1 > … > λ_n of Σ0 and eigenvectors ω_i,
 * the critical classes are the subsets J ⊂ {1..n} with |J| = k,
 *   W_J = Ω_J diag(λ_J − τ)^{1/2} Vᵀ  (any V with Vᵀ V = I_k; here the first k
 *   coordinate vectors of R^m), with value Σ_{i∉J} λ_i (τ = 0) or
 *   Σ_{i∉J} (√λ_i − √τ)² (τ > 0, λ_i > τ for i ∈ J).
 * Each class is classified from the Riemannian Hessian of L|M_k at W_J
 * (fixed-rank.ts): "saddle" when its most negative eigenvalue is below
 * −1e-8 · max|eigenvalue| — its eigenvector is then an explicit descent
 * direction — "minimum" otherwise. Not from the value alone.
 */
import { registerCriticalPoints, type Target } from "../bures/target.js";
import { BwInputError } from "../bures/errors.js";
import { symmetricEigen } from "../linalg/eigen.js";
import { type Matrix, zeros } from "../linalg/matrix.js";
import { frobeniusNorm } from "../linalg/ops.js";
import { fixedRankPoint, riemannianHessianMatrix, tangentBasis, tangentProject } from "./fixed-rank.js";

export type CriticalPoint = {
  /** 0-based indices into the decreasing eigenvalues */
  support: number[];
  W: Matrix;
  loss: number;
  kind: "minimum" | "saddle";
  /** most negative eigenvalue of the Riemannian Hessian (≥ −tolerance at a minimum) */
  hessianMinEigenvalue: number;
  /** unit tangent vector of that eigenvalue: a descent direction at a saddle */
  descentDirection: Matrix | null;
  /** ‖grad_R L(W_J)‖, which C5 says is 0 */
  riemannianGradNorm: number;
};

export type CriticalSet = {
  eigenvalues: number[];
  points: CriticalPoint[];
  minimum: number;
  /** classes left out: λ_i ≤ τ (or λ_i = 0) for some i ∈ J, so W_J would not have rank k */
  excluded: number[][];
  /** repeated eigenvalues: the critical set is then a continuum, and the classes are representatives */
  repeated: boolean;
  /** eigenvalues within 1e-6 (relative) of each other: the claims' "distinct" hypothesis is at its edge */
  nearRepeated: boolean;
  notes: string[];
};

/** All k-subsets of {0..n−1} in lexicographic order. */
export function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let i = start; i <= n - (k - acc.length); i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}

export function criticalPoints(target: Target, k: number, opts: { tau?: number; m?: number } = {}): CriticalSet {
  const tau = opts.tau ?? 0;
  const n = target.n, m = opts.m ?? n;
  if (!Number.isInteger(k) || k < 1 || k > Math.min(n, m)) throw new BwInputError("rank", `must be an integer between 1 and min(n, m) = ${Math.min(n, m)}, got ${JSON.stringify(k)}`);
  const lam = Array.from(target.eigenvalues);
  const omega = target.eigenvectors;
  const notes: string[] = [];
  let repeated = false, nearRepeated = false;
  for (let i = 0; i + 1 < n; i++) {
    const gap = lam[i] - lam[i + 1];
    if (gap <= 1e-10 * Math.max(lam[0], 1e-300)) repeated = true;
    else if (gap <= 1e-6 * lam[i]) nearRepeated = true;
  }
  if (nearRepeated) notes.push("Σ0 has nearly repeated eigenvalues (relative gap ≤ 1e-6): the classes are distinct but their values nearly coincide and the saddle curvature between them is tiny");
  if (repeated) notes.push("Σ0 has repeated eigenvalues: the critical set is a continuum (any orthonormal basis of a repeated eigenspace gives critical points); the classes below are representatives");
  const points: CriticalPoint[] = [];
  const excluded: number[][] = [];
  for (const J of subsets(n, k)) {
    if (J.some((i) => !(lam[i] - tau > 0))) {
      excluded.push(J);
      continue;
    }
    const w = zeros(n, m);
    J.forEach((i, c) => {
      const a = Math.sqrt(lam[i] - tau);
      for (let r = 0; r < n; r++) w.data[r * m + c] = omega.data[r * n + i] * a;
    });
    let loss = 0;
    for (let i = n - 1; i >= 0; i--) if (!J.includes(i)) loss += tau > 0 ? (Math.sqrt(lam[i]) - Math.sqrt(tau)) ** 2 : lam[i];
    const p = fixedRankPoint(w, k);
    const egrad = target.rankKGrad(w, k, { tau });
    const basis = tangentBasis(p);
    const H = riemannianHessianMatrix(p, egrad, (xi) => target.rankKHvp(w, xi, k, { tau }), basis);
    const { values, vectors } = symmetricEigen(H);
    const dim = values.length, lo = values[dim - 1];
    const scale = Math.max(...Array.from(values, Math.abs), 1e-300);
    const saddle = lo < -1e-8 * scale;
    let descent: Matrix | null = null;
    if (saddle) {
      descent = zeros(n, m);
      for (let b = 0; b < dim; b++) {
        const c = vectors.data[b * dim + (dim - 1)];
        for (let i = 0; i < descent.data.length; i++) descent.data[i] += c * basis[b].data[i];
      }
    }
    points.push({ support: J, W: w, loss, kind: saddle ? "saddle" : "minimum", hessianMinEigenvalue: lo, descentDirection: descent, riemannianGradNorm: frobeniusNorm(tangentProject(p, egrad)) });
  }
  if (excluded.length) notes.push(`${excluded.length} ${excluded.length === 1 ? "class needs" : "classes need"} λ_i > τ for every i in J and ${excluded.length === 1 ? "was" : "were"} left out`);
  const minimum = Math.min(...points.map((q) => q.loss));
  return { eigenvalues: lam, points, minimum, excluded, repeated, nearRepeated, notes };
}

registerCriticalPoints(criticalPoints);
