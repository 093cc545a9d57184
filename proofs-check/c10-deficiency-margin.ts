/**
 * C10 Deficiency margin (PAPER.md §4).
 *
 * Statement: with B_τ = √L_τ and c = √λ_r − B_τ(W(0)) > 0, the loss never
 * increases along the gradient flow and √(σ_r(W(t))² + τ) ≥ c for all t
 * (from B(Σ, Σ0) ≥ ‖√λ(Σ) − √λ(Σ0)‖₂).
 * Hypotheses: distinct positive eigenvalues, τ > 0, c > 0 (balanced starts
 * close to the target).
 *
 * Check: Dormand–Prince flow to t = 5 from such starts; at every accepted
 * step, the loss does not rise beyond round-off and √(σ_r(W(t))² + τ) − c ≥ 0
 * (the margin recorded is the smallest of these, relative to c). Instances
 * with c ≤ 0, or whose start is not balanced (flow-instances.ts measures it),
 * fall outside the hypotheses and are counted, not judged.
 */
import { toRows } from "../src/linalg/matrix.js";
import { svd } from "../src/linalg/svd.js";
import { gradientFlow } from "../src/network/train.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { flowInstance, judgedStarts } from "./flow-instances.js";
import { overInstances } from "./margin.js";
import { endToEnd } from "../src/bures/layers.js";
import { count } from "../src/report/wording.js";

export const c10: Claim = {
  id: "C10",
  file: "proofs-check/c10-deficiency-margin.ts",
  title: "Deficiency margin along the flow",
  statement:
    "With B_τ = √L_τ and c = √λ_r − B_τ(W(0)) > 0, the loss never increases along the gradient flow and √(σ_r(W(t))² + τ) ≥ c for all t.",
  source: "paper",
  hypotheses: ["distinct positive eigenvalues", "τ > 0", "c > 0 at the start", "balanced start (measured)"],
  method: "numeric: Dormand–Prince flow to t = 5 from balanced starts close to the target; the bound at every accepted step",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.08 },
  check(ctx) {
    let outside = 0;
    const result = overInstances(ctx, `loss non-increasing and √(σ_r² + τ) ≥ c along the flows`, (r, mt) => {
      const fi = flowInstance(r);
      const c = fi.k.c;
      if (c === null || !fi.balanced) {
        outside++; // c ≤ 0 or an unbalanced start: outside the hypotheses, counted, not judged
        return "outside";
      }
      let worst = Infinity, worstT = 0;
      const res = gradientFlow(fi.target, fi.layers, {
        tau: fi.tau,
        time: 5,
        observe: (t, layers) => {
          const s = svd(endToEnd(layers)).s;
          const v = Math.sqrt(s[fi.r - 1] ** 2 + fi.tau) - c;
          if (v < worst) {
            worst = v;
            worstT = t;
          }
        },
      });
      const show = () => ({ layers: fi.layers.map(toRows), sigma0: toRows(fi.target.sigma0), c, t: worstT });
      mt.atLeast("√(σ_r² + τ) ≥ c", worst / c, "c", 1e-12, show);
      mt.holds("loss never increases", res.increases === 0, `the loss increased at ${count(res.increases, "step")}`, show);
    });
    result.evidence += `; ${judgedStarts(ctx.runs, outside)}`;
    return result;
  },
};
