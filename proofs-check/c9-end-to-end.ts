/**
 * C9 End-to-end dynamics (PAPER.md §4).
 *
 * Statement: under balanced gradient flow,
 * Ẇ = −Σ_{j=1}^N (W Wᵀ)^{(N−j)/N} ∇L(W) (Wᵀ W)^{(j−1)/N}.
 * Hypotheses: balanced layers (D_j = 0); L differentiable at W, or the smooth
 * extension on M_{≤r} behind a bottleneck at τ = 0.
 *
 * Check: at random balanced networks (N = 2 … 4, widths ≤ 5, τ ∈ {0, 0.1}),
 * the formula against the velocity Σ_j A_j Ẇ_j B_j implied by the layers'
 * gradient flow Ẇ_j = −∇_{W_j} L^N, to 1e-10 relative.
 */
import { endToEnd } from "../src/bures/layers.js";
import { bwTarget } from "../src/bures/target.js";
import { toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, relativeError } from "../src/linalg/ops.js";
import { endToEndVelocityFormula, layerImpliedVelocity } from "../src/network/end-to-end.js";
import { balancedRandom } from "../src/network/init.js";
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { randomInstance } from "./instances.js";
import { overInstances } from "./margin.js";
import { count } from "../src/report/wording.js";

export const c9: Claim = {
  id: "C9",
  file: "proofs-check/c9-end-to-end.ts",
  title: "End-to-end dynamics of balanced flow",
  statement: "Under balanced gradient flow, Ẇ = −Σ_{j=1}^N (W Wᵀ)^{(N−j)/N} ∇L(W) (Wᵀ W)^{(j−1)/N}.",
  source: "paper",
  hypotheses: ["balanced layers", "L differentiable at W (or the smooth extension behind a bottleneck at τ = 0)"],
  method: "numeric: formula against the layer-implied velocity at random balanced networks, N = 2 … 4",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 5, perRun: 0.05 },
  check(ctx) {
    return overInstances(ctx, `formula and layer-implied velocity agree on ${count(ctx.runs, "balanced network")}`, (r, mt) => {
      const inst = randomInstance(r, { maxN: 4 });
      const t = bwTarget(inst.sigma0);
      const N = 2 + Math.floor(r.next() * 3);
      const widths = [inst.m, ...Array.from({ length: N - 1 }, () => 1 + Math.floor(r.next() * 5)), inst.n];
      const tau = r.next() < 0.5 ? 0 : 0.1;
      const layers = balancedRandom(widths, r);
      const show = () => ({ sigma0: toRows(inst.sigma0), widths, tau, layers: layers.map(toRows) });
      const { velocity, grad } = layerImpliedVelocity(t, layers, tau);
      const formula = endToEndVelocityFormula(t, endToEnd(layers), N, tau, grad);
      const err = frobeniusNorm(velocity) === 0 ? frobeniusNorm(formula) : relativeError(formula, velocity);
      mt.record("formula vs layers", err, 1e-10, show);
    });
  },
};
