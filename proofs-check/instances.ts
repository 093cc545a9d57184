/**
 * Random instances shared by the claim checks: SPD targets with distinct
 * eigenvalues in [0.5, 5] and Gaussian points W, all from one seed.
 */
import type { Matrix } from "../src/linalg/matrix.js";
import { randomNormal, randomWithSpectrum, type Rng } from "../src/linalg/random.js";

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
  const W = randomNormal(n, m, r);
  return { n, m, sigma0, W, tau: opts.tau ?? 0 };
}
