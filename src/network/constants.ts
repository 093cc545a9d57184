/**
 * The convergence constants of claims C10–C12 (PAPER.md §4; C11 and C12 are
 * read from the authors' code), for N layers, target eigenvalues
 * λ_1 ≥ … ≥ λ_n, perturbation τ and the loss L(0) at the start:
 *   B_τ = √L(0),  c = √λ_r − B_τ  (deficiency margin, needs c > 0),
 *   C_0 = 2 (L(0) + Σ λ_i),  K = √(τ λ_n) / (2 C_0²),  ρ = 8 N c^{2(2N−1)/N} K,
 *   M = √C_0,  η_1 = c² / (8 M √L(0)),  η_3 = 1 / (4 N c^{2(N−1)/N}),
 *   Δ = 2^{N+1} N² M^{(4N−3)/N} √λ_1 / c^{2N} + 8 N (N−1) M^{(3N−4)/N} (M^{1/N} + Σ λ_i),
 *   η_2 = N c^{2(N−1)/N} / (2Δ),
 * and the minimum of L over M_{≤r} (C6): Σ_{i>r} λ_i at τ = 0,
 * Σ_{i>r} (√λ_i − √τ)² at τ > 0.
 * A constant that is undefined (c ≤ 0, or K = 0 at τ = 0) is null, with the
 * reason in `undefinedBecause`, never NaN.
 */

export type TheoryConstants = {
  c: number | null;
  C0: number;
  K: number | null;
  rate: number | null;
  eta1: number | null;
  eta2: number | null;
  eta3: number | null;
  Delta: number | null;
  /** largest step with every C12 guarantee: min(η_1, η_2, η_3) */
  etaMax: number | null;
  undefinedBecause: string[];
};

/** min over rank-≤r matrices of L (τ = 0) or L_τ (PAPER.md C6): the spectrum beyond the r largest eigenvalues. */
export function minimumOverRank(eigenvalues: ArrayLike<number>, r: number, tau: number): number {
  let s = 0;
  for (let i = eigenvalues.length - 1; i >= r; i--) s += tau > 0 ? (Math.sqrt(eigenvalues[i]) - Math.sqrt(tau)) ** 2 : eigenvalues[i];
  return s;
}

export function theoryConstants(args: { eigenvalues: ArrayLike<number>; N: number; r: number; tau: number; loss0: number }): TheoryConstants {
  const { eigenvalues: lam, N, r, tau, loss0 } = args;
  const n = lam.length;
  const sum = Array.from(lam).reduce((a, b) => a + b, 0);
  const why: string[] = [];
  const lr = lam[Math.min(r, n) - 1];
  const cRaw = Math.sqrt(Math.max(lr, 0)) - Math.sqrt(Math.max(loss0, 0));
  const c = cRaw > 0 ? cRaw : null;
  if (c === null) why.push(`c = √λ_r − √L(0) = ${cRaw.toPrecision(4)} ≤ 0: the start is not within the deficiency margin (C10–C12 assume c > 0)`);
  const C0 = 2 * (loss0 + sum);
  const K = tau > 0 ? Math.sqrt(tau * lam[n - 1]) / (2 * C0 * C0) : null;
  if (K === null) why.push("K = √(τ λ_n) / (2 C_0²) is 0 at τ = 0: the C11 rate needs τ > 0");
  else if (!(K > 0)) why.push("K = 0: λ_n = 0");
  const rate = c !== null && K !== null && K > 0 ? 8 * N * c ** ((2 * (2 * N - 1)) / N) * K : null;
  const M = Math.sqrt(C0);
  const eta1 = c !== null && loss0 > 0 ? c * c / (8 * M * Math.sqrt(loss0)) : null;
  if (c !== null && !(loss0 > 0)) why.push("η_1 = c² / (8 M √L(0)) is unbounded at L(0) = 0");
  const eta3 = c !== null ? 1 / (4 * N * c ** ((2 * (N - 1)) / N)) : null;
  const Delta = c !== null
    ? 2 ** (N + 1) * N * N * M ** ((4 * N - 3) / N) * Math.sqrt(lam[0]) / c ** (2 * N) + 8 * N * (N - 1) * M ** ((3 * N - 4) / N) * (M ** (1 / N) + sum)
    : null;
  const eta2 = c !== null && Delta !== null ? (N * c ** ((2 * (N - 1)) / N)) / (2 * Delta) : null;
  const steps = [eta1, eta2, eta3].filter((x): x is number => x !== null);
  const etaMax = steps.length === 3 ? Math.min(...steps) : null;
  return { c, C0, K, rate, eta1, eta2, eta3, Delta, etaMax, undefinedBecause: why };
}
