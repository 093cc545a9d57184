/**
 * C4 Hessians (PAPER.md §3, §4).
 *
 * Statement: the second derivatives of §3 (Daleckii–Krein in Σ-space, the
 * nuclear-norm form at τ = 0, the L_τ Hessian, the parameter-space Hessian by
 * the chain rule) are right: the second-order Taylor remainder has slope 3,
 * and the Hessians are symmetric.
 * Hypotheses: as C3.
 *
 * Check: in the four spaces of C3, at random points, the derivative checker
 * (src/derivcheck, checkHessian): the second-order Taylor remainder's slope
 * on the small-t side above the measured round-off is at least 3 − 0.5 (midway to the slope of a wrong formula),
 * D²f[v] agrees with Ridders' finite differences of ∇f along v (1e-6
 * relative), and ⟨u, Hv⟩ = ⟨Hu, v⟩ (1e-8 relative). Remainders at round-off
 * everywhere (the piecewise-quadratic n = m = 1 loss) leave no slope to judge
 * and pass.
 */
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { checkDerivativeClaim, derivativeFigure } from "./derivative-claims.js";

export const c4: Claim = {
  id: "C4",
  file: "proofs-check/c4-hessians.ts",
  title: "Hessians in every space",
  statement:
    "The Hessians of PAPER.md §3 are right: the second-order Taylor remainder has slope 3 in t, and the Hessians are symmetric.",
  source: "paper",
  hypotheses: ["differentiable points: Σ ≻ 0, R0 W of full rank when τ = 0"],
  method: "numeric, random instances (n, m ≤ 5) in four spaces, checkHessian: Taylor-remainder slope, Ridders finite differences of the gradient, symmetry; symbolic for n = 2: mathjs-derived Hessians of the 22 closed forms against the numeric core to 1e-10",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 20, perRun: 0.4 },
  check(ctx) {
    return checkDerivativeClaim(ctx, "hessian");
  },
  figures: (seed) => derivativeFigure(seed, "hessian"),
};
