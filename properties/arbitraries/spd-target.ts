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
