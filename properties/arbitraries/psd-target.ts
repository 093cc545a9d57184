/**
 * Positive semidefinite targets of any rank 0 … n: Σ0 = G Gᵀ with G an n×k
 * Gaussian matrix drawn from a seed, times a scale 10^e. Exactly singular
 * (rank k < n) up to the rounding of the product, the inputs that broke the
 * peers' square roots (test/peer-regressions.test.ts).
 */
import fc from "fast-check";
import type { Matrix } from "../../src/linalg/matrix.js";
import { gram } from "../../src/linalg/products.js";
import { randomNormal, rng } from "../../src/linalg/random.js";

export type PsdTarget = { sigma0: Matrix; rank: number; seed: number; exponent: number };

export function psdTarget(n: number, minExponent = -6, maxExponent = 6): fc.Arbitrary<PsdTarget> {
  return fc
    .record({ rank: fc.integer({ min: 0, max: n }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), exponent: fc.integer({ min: minExponent, max: maxExponent }) })
    .map(({ rank, seed, exponent }) => {
      const g = randomNormal(n, rank, rng(seed));
      const s = Math.sqrt(10 ** exponent);
      for (let i = 0; i < g.data.length; i++) g.data[i] *= s;
      return { rank, seed, exponent, sigma0: rank === 0 ? { rows: n, cols: n, data: new Float64Array(n * n) } : gram(g) };
    });
}
