/**
 * C11 Gradient-flow rate (PAPER.md §4; constants read from the authors' code).
 *
 * Statement: for τ > 0, a balanced start and c > 0, with
 * C_0 = 2 (L_τ(0) + Σ λ_i), K = √(τ λ_n) / (2 C_0²), ρ = 8 N c^{2(2N−1)/N} K:
 * L_τ(t) − L_τ* ≤ (L_τ(0) − L_τ*) e^{−ρ t}.
 * Hypotheses: τ > 0, balanced start, c > 0.
 *
 * Check: Dormand–Prince flow to t = 5 from balanced starts close to the
 * target; at every accepted step t > 0 the gap against the bound (the margin is
 * the smallest slack (bound − gap) relative to the bound, allowing round-off
 * of the loss; it fails below −1e-9). The
 * evidence also reports how loose the bound is: the observed decay rate over
 * the first unit of time against ρ.
 */
import { toRows } from "../src/linalg/matrix.js";
import { rng } from "../src/linalg/random.js";
import { gradientFlow } from "../src/network/train.js";
import { trainingFigureSpec } from "../src/report/training-figure.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { flowInstance, judgedStarts } from "./flow-instances.js";
import { overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

export const c11: Claim = {
  id: "C11",
  file: "proofs-check/c11-flow-rate.ts",
  title: "Gradient-flow convergence rate",
  statement:
    "For τ > 0, a balanced start and c > 0: L_τ(t) − L_τ* ≤ (L_τ(0) − L_τ*) e^{−ρt} with C_0 = 2(L_τ(0) + Σλ_i), K = √(τλ_n)/(2C_0²), ρ = 8N c^{2(2N−1)/N} K.",
  source: "authors' code",
  hypotheses: ["τ > 0", "balanced start (measured)", "c > 0"],
  method: "numeric: Dormand–Prince flow to t = 5 from balanced starts close to the target; gap against the bound at every accepted step",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.08 },
  check(ctx) {
    let outside = 0;
    const ratios: number[] = [];
    const result = overInstances(ctx, `the bound held along ${count(ctx.runs, "flow")}`, (r, mt) => {
      const fi = flowInstance(r);
      const rate = fi.k.rate;
      if (rate === null || !fi.balanced) {
        outside++; // c ≤ 0 or an unbalanced start: outside the hypotheses, counted, not judged
        return "outside";
      }
      const gap0 = fi.loss0 - fi.minimum;
      const roundOff = 64 * 2 ** -52 * (fi.target.traceSigma0 + fi.loss0);
      // slack (bound + round-off − gap) / max(bound, round-off) at every accepted step t > 0 (at t = 0 gap = bound)
      let slack = Infinity, slackT = 0, gapAt1 = NaN;
      gradientFlow(fi.target, fi.layers, {
        tau: fi.tau,
        time: 5,
        observe: (t, _layers, loss) => {
          const bound = gap0 * Math.exp(-rate * t);
          const s = (bound + roundOff - (loss - fi.minimum)) / Math.max(bound, roundOff);
          if (t > 0 && !(s >= slack)) {
            slack = s;
            slackT = t;
          }
          if (Number.isNaN(gapAt1) && t >= 1) gapAt1 = loss - fi.minimum;
        },
      });
      if (gap0 > 0 && gapAt1 > 0) ratios.push(Math.log(gap0 / gapAt1) / rate);
      mt.atLeast("gap ≤ bound", slack, "the bound", 1e-9, () => ({ layers: fi.layers.map(toRows), sigma0: toRows(fi.target.sigma0), rate, t: slackT }));
    });
    if (ratios.length > 0 && result.status === "confirmed") {
      const sorted = ratios.sort((a, b) => a - b);
      result.evidence += `; the bound is loose: over t ∈ [0, 1] the gap decays ${sorted[Math.floor(sorted.length / 2)].toExponential(1)}× faster than e^{−ρt} (median)`;
    }
    result.evidence += `; ${judgedStarts(ctx.runs, outside)}`;
    return result;
  },
  figures(seed) {
    // one flow from a balanced start close to the target, against the C11 bound
    const fi = flowInstance(rng(seed));
    const res = gradientFlow(fi.target, fi.layers, { tau: fi.tau, time: 5, recordEvery: 0.05 });
    return [
      {
        name: "c11-flow-vs-bound",
        title: `Gradient flow (N = ${fi.N}, n = ${fi.target.n}, τ = ${fi.tau}) against the C11 bound`,
        spec: trainingFigureSpec({ method: "flow", trace: res.trace, minimum: fi.minimum, rate: fi.k.rate }),
      },
    ];
  },
};
