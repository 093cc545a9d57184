/**
 * Instances for the convergence claims C10–C12: a target with distinct
 * eigenvalues, a network of N = 2 or 3 layers with widths ≥ n (r = n, so the
 * minimum over M_{≤r} is 0 at τ = 0 and Σ_i (√λ_i − √τ)² restricted to i > r
 * is empty), τ = 0.1, and a balanced start close to the target (the authors'
 * start) — where the deficiency margin c is positive.
 */
import { bwTarget, type Target } from "../src/bures/target.js";
import type { Matrix } from "../src/linalg/matrix.js";
import { randomWithSpectrum, type Rng } from "../src/linalg/random.js";
import { minimumOverRank, theoryConstants, type TheoryConstants } from "../src/network/constants.js";
import { balancedClose } from "../src/network/init.js";
import { randomSpectrum } from "./instances.js";

export const FLOW_TAU = 0.1;

export type FlowInstance = { target: Target; layers: Matrix[]; N: number; r: number; tau: number; minimum: number; loss0: number; k: TheoryConstants };

export function flowInstance(r: Rng): FlowInstance {
  const n = 2 + Math.floor(r.next() * 3);
  const lam = randomSpectrum(n, r);
  const sigma0 = randomWithSpectrum(lam, r);
  const target = bwTarget(sigma0);
  const N = 2 + Math.floor(r.next() * 2);
  const widths = Array.from({ length: N + 1 }, () => n + Math.floor(r.next() * 2));
  widths[N] = n;
  const layers = balancedClose(sigma0, widths, FLOW_TAU, r, 0.05);
  const rk = Math.min(...widths);
  const loss0 = target.layerLoss(layers, { tau: FLOW_TAU });
  const k = theoryConstants({ eigenvalues: target.eigenvalues, N, r: rk, tau: FLOW_TAU, loss0 });
  return { target, layers, N, r: rk, tau: FLOW_TAU, minimum: minimumOverRank(target.eigenvalues, rk, FLOW_TAU), loss0, k };
}
