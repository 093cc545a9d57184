/**
 * C3 Gradients (PAPER.md §3, §4).
 *
 * Statement: the gradients of §3 — ∇_Σ B² = I − T, ∇L = 2(W − R0 U Vᵀ),
 * ∇L_τ = 2(W − R0 A^{-1/2} R0 W), the layer gradients — are right: the Taylor
 * remainder |f(x+tv) − f(x) − t⟨∇f, v⟩| has slope 2 in t on a log-log plot.
 * Hypotheses: points where the loss is differentiable (Σ ≻ 0; R0 W of full
 * rank at τ = 0).
 *
 * Check: in each space (W at τ = 0 and τ = 0.1, Σ, two-layer parameters), at
 * random points, the derivative checker (src/derivcheck, checkGradient): the
 * remainder's slope on the small-t side above the measured round-off is at
 * least 2 − 0.5 (midway to the slope of a wrong formula) (higher when the next Taylor term vanishes along v), and
 * Ridders' finite differences agree with ⟨∇f, v⟩ to 1e-6 relative.
 */
import { type Claim, MIN_INSTANCES } from "./claim.js";
import { checkDerivativeClaim, derivativeFigure } from "./derivative-claims.js";

export const c3: Claim = {
  id: "C3",
  file: "proofs-check/c3-gradients.ts",
  title: "Gradients in every space",
  statement:
    "The gradients of PAPER.md §3 (Σ-space I − T, W-space 2(W − R0UVᵀ) and 2(W − R0A^{-1/2}R0W), layer gradients) are right: the first-order Taylor remainder has slope 2 in t on a log-log plot.",
  source: "paper",
  hypotheses: ["differentiable points: Σ ≻ 0, R0 W of full rank when τ = 0"],
  method: "numeric, random instances (n, m ≤ 5) in four spaces, checkGradient: Taylor-remainder slope and Ridders finite differences; symbolic for n = 2: mathjs-derived gradients of the 22 closed forms (Σ, W with m = 1..3, ±τ, diagonal, scalar deep net) against the numeric core to 1e-10",
  expect: "confirmed",
  minInstances: MIN_INSTANCES,
  budget: { base: 20, perRun: 0.25 },
  check(ctx) {
    return checkDerivativeClaim(ctx, "gradient");
  },
  figures: (seed) => derivativeFigure(seed, "gradient"),
};
