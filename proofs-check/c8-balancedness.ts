/**
 * C8 Balancedness is conserved (PAPER.md §4).
 *
 * Statement: D_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ is constant under gradient flow
 * of any loss of W = W_N ⋯ W_1; under gradient descent with step η it drifts
 * by O(η²) per step.
 * Hypotheses: L^N differentiable along the trajectory (here τ = 0.1).
 *
 * Check: from random unbalanced starts (N = 2 or 3, widths ≤ 5), the
 * Dormand–Prince flow (rtol 1e-11) up to t = 1 changes every D_j by at most
 * 1e-8; one GD step changes D_j by exactly η² (G_{j+1}ᵀ G_{j+1} − G_j G_jᵀ) —
 * checked as the ratio 4 (to 1e-4) between the drifts at η and η/2, where
 * the drift at η/2 is at least 1e7 times the rounding of D_j (a seed-7 run of
 * 400 networks drew layers whose product is 0: gradients 0, both drifts
 * rounding noise, "ratio" 0.15).
 * balanceDefects or the flow throwing on such a network (a valid instance:
 * any widths, any layers) is a counterexample, not an error.
 */
import { bwTarget } from "../src/bures/target.js";
import { type Matrix, toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, scale, sub } from "../src/linalg/ops.js";
import { randomNormal } from "../src/linalg/random.js";
import { balanceDefects } from "../src/network/balance.js";
import { gradientDescent, gradientFlow } from "../src/network/train.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { randomInstance } from "./instances.js";
import { overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

const TAU = 0.1;
/** The drift at η/2 must exceed the rounding of D_j by this factor for the ratio (tolerance 1e-4) to be judged. */
const RATIO_FLOOR = 1e7;

function drift(before: Matrix[], after: Matrix[]): number {
  return Math.max(...before.map((d, j) => frobeniusNorm(sub(after[j], d))));
}

export const c8: Claim = {
  id: "C8",
  file: "proofs-check/c8-balancedness.ts",
  title: "Balancedness is conserved",
  statement:
    "D_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ is constant under gradient flow of any loss of W = W_N ⋯ W_1; under gradient descent with step η it drifts by O(η²) per step.",
  source: "paper",
  hypotheses: ["L^N differentiable along the trajectory (τ = 0.1)"],
  method: "numeric: Dormand–Prince flow (rtol 1e-11) to t = 1 from random unbalanced starts; one GD step at η and η/2 (the ratio judged where the drift is above rounding)",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.08 },
  check(ctx) {
    return overInstances(ctx, `balancedness conserved by the flow and drifting like η² under GD on ${count(ctx.runs, "network")}`, (r, mt) => {
      const inst = randomInstance(r, { maxN: 4 });
      const t = bwTarget(inst.sigma0);
      const N = 2 + Math.floor(r.next() * 2);
      const widths = [inst.m, ...Array.from({ length: N - 1 }, () => 1 + Math.floor(r.next() * 5)), inst.n];
      const layers = widths.slice(1).map((d, j) => scale(randomNormal(d, widths[j], r), 0.7));
      const show = () => ({ sigma0: toRows(inst.sigma0), layers: layers.map(toRows) });
      // the library under test on a valid network: throwing is a counterexample (margin.ts underTest)
      const defects = (ls: Matrix[]) => mt.underTest("balanceDefects", () => balanceDefects(ls), show);
      const before = defects(layers);
      const flow = mt.underTest("gradientFlow", () => gradientFlow(t, layers, { tau: TAU, time: 1 }), show);
      mt.record("flow drift of D_j", drift(before, defects(flow.layers)), 1e-8, show);
      const step = (eta: number) => drift(before, defects(mt.underTest("gradientDescent", () => gradientDescent(t, layers, { tau: TAU, lr: eta, steps: 1 }), show).layers));
      const half = step(5e-4);
      // the drift is only measurable above the rounding of D_j (≈ ε Σ‖W_j‖²): where the gradients
      // nearly vanish (a network at or next to W = 0) both drifts are noise and their ratio says nothing
      const roundoff = 2 ** -52 * layers.reduce((s, w) => s + frobeniusNorm(w) ** 2, 0);
      if (half > RATIO_FLOOR * roundoff) mt.record("GD drift ratio η : η/2 = 4", Math.abs(step(1e-3) / half - 4), 1e-4, show);
    });
  },
};
