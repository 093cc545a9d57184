/**
 * SPD targets Σ0 = Q diag(λ) Qᵀ with eigenvalues in [lo, hi] and a
 * Haar-random Q drawn from a seed: the eigenvalues shrink as numbers, the
 * rotation as one integer, so counterexamples stay readable.
 */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { randomWithSpectrum, rng } from "../../src/linalg/random.js";

export type SpdTarget = { sigma0: Matrix; eigenvalues: number[]; rotationSeed: number };

export function spdTarget(n: number, lo = 0.5, hi = 5): fc.Arbitrary<SpdTarget> {
  return fc
    .record({
      eigenvalues: fc.array(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n }),
      rotationSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ eigenvalues, rotationSeed }) => ({ eigenvalues, rotationSeed, sigma0: randomWithSpectrum(eigenvalues, rng(rotationSeed)) }));
}

export type SpectrumOptions = {
  /** largest eigenvalue (default 5) */
  top?: number;
  /** λ_1 / λ_n at most this (default 100) */
  maxCondition?: number;
  /** consecutive eigenvalues differ by at least this fraction of the larger (default 0.01) */
  minRelativeGap?: number;
  /** make λ_2 = λ_1 (1 − 1e-9): one near-repeated pair, where the claims' "distinct" hypothesis is at its edge */
  nearRepeatedPair?: boolean;
};

/**
 * SPD targets with a controlled spectrum: λ_i = top · κ^{−p_i} with
 * p_i = (i + δ_i)/n, δ_i ∈ [0, 1 − g] and κ = maxCondition, so the condition
 * number stays below κ and consecutive eigenvalues are separated by at least
 * the factor κ^{g/n} (g chosen from minRelativeGap).
 */
export function spdTargetWithSpectrum(n: number, opts: SpectrumOptions = {}): fc.Arbitrary<SpdTarget> {
  const top = opts.top ?? 5, kappa = opts.maxCondition ?? 100, minGap = opts.minRelativeGap ?? 0.01;
  // κ^{g/n} ≥ 1/(1 − minGap)  ⇔  g ≥ n · log(1/(1 − minGap)) / log κ
  const g = Math.min(0.99, (n * Math.log(1 / (1 - minGap))) / Math.log(kappa));
  return fc
    .record({
      deltas: fc.array(fc.double({ min: 0, max: 1 - g, noNaN: true }), { minLength: n, maxLength: n }),
      rotationSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ deltas, rotationSeed }) => {
      const eigenvalues = deltas.map((d, i) => top * kappa ** (-(i + d) / n));
      if (opts.nearRepeatedPair && n >= 2) eigenvalues[1] = eigenvalues[0] * (1 - 1e-9);
      return { eigenvalues, rotationSeed, sigma0: randomWithSpectrum(eigenvalues, rng(rotationSeed)) };
    });
}
