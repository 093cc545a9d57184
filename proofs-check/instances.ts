/**
 * Random instances shared by the claim checks: SPD targets with distinct
 * eigenvalues in [0.5, 5] and Gaussian points W, all from one seed. W is
 * redrawn until σ_min(R0 W) ≥ 0.05: the derivative claims hold at
 * differentiable points, and a numeric check needs a margin from the set
 * where L is not (rank(R0 W) < min(n, m)) — the margin the derivative
 * checker is specified for.
 */
import type { Matrix } from "../src/linalg/matrix.js";
import { matmul } from "../src/linalg/products.js";
import { psdSqrt } from "../src/linalg/psd-functions.js";
import { randomNormal, randomWithSpectrum, type Rng } from "../src/linalg/random.js";
import { svd } from "../src/linalg/svd.js";

export const DIFFERENTIABILITY_MARGIN = 0.05;

function minSingularValue(x: Matrix): number {
  const s = svd(x).s;
  return s[s.length - 1];
}

export type Instance = { n: number; m: number; sigma0: Matrix; W: Matrix; tau: number };

/** λ_i spread over [0.5, 5] with random jitter: distinct with probability one. */
export function randomSpectrum(n: number, r: Rng): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.5 + (4.5 * (i + r.next())) / n).sort().reverse();
}

export function randomInstance(r: Rng, opts: { maxN?: number; tau?: number } = {}): Instance {
  const maxN = opts.maxN ?? 5;
  const n = 1 + Math.floor(r.next() * maxN);
  const m = 1 + Math.floor(r.next() * maxN);
  const sigma0 = randomWithSpectrum(randomSpectrum(n, r), r);
  const r0 = psdSqrt(sigma0);
  let W = randomNormal(n, m, r);
  for (let tries = 1; minSingularValue(matmul(r0, W)) < DIFFERENTIABILITY_MARGIN; tries++) {
    // (a replayed, shrunk tape can keep drawing the zero matrix: give up rather than loop)
    if (tries > 1000) throw new Error("randomInstance: no W with σ_min(R0 W) ≥ 0.05 in 1000 draws");
    W = randomNormal(n, m, r);
  }
  return { n, m, sigma0, W, tau: opts.tau ?? 0 };
}
