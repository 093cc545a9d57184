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
 * random points and directions: the Richardson finite difference agrees with
 * ⟨∇f, v⟩ to 1e-6 relative, and the remainder's log-log slope on
 * the small-t side above round-off (median of three local slopes, t ∈ [1e-5, 1e-1]) is at least 2 − 0.3 (higher
 * when the next Taylor term happens to vanish along v) (remainders at round-off everywhere pass: nothing to fit).
 */
import { toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, inner } from "../src/linalg/ops.js";
import { rng } from "../src/linalg/random.js";
import { directionalDerivative } from "../src/derivcheck/finite-difference.js";
import { slopeAboveFloor, taylorRemainders } from "../src/derivcheck/taylor.js";
import type { Claim } from "./claim.js";
import { randomInstance } from "./instances.js";
import { MarginTracker } from "./margin.js";
import { directionFor, spacesOf } from "./spaces.js";

/** t = 10^{-1} … 10^{-5} in half decades */
export const TAYLOR_TS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4].map((k) => 10 ** (-1 - k));

export const c3: Claim = {
  id: "C3",
  title: "Gradients in every space",
  statement:
    "The gradients of PAPER.md §3 (Σ-space I − T, W-space 2(W − R0UVᵀ) and 2(W − R0A^{-1/2}R0W), layer gradients) are right: the first-order Taylor remainder has slope 2 in t on a log-log plot.",
  source: "paper",
  hypotheses: ["differentiable points: Σ ≻ 0, R0 W of full rank when τ = 0"],
  method: "numeric, random instances (n, m ≤ 5) in four spaces: Richardson finite differences and Taylor-remainder slopes",
  expect: "confirmed",
  check(ctx) {
    const r = rng(ctx.seed);
    const mt = new MarginTracker();
    for (let run = 0; run < ctx.runs; run++) {
      const inst = randomInstance(r);
      for (const s of spacesOf(inst, r)) {
        const v = directionFor(s, r);
        const g = s.grad(s.x);
        const show = () => ({ space: s.name, sigma0: toRows(inst.sigma0), x: toRows(s.x), direction: toRows(v) });
        const fd = directionalDerivative(s.f, s.x, v);
        const exact = inner(g, v);
        mt.record(`${s.name}: finite difference`, Math.abs(fd - exact) / Math.max(frobeniusNorm(g) * frobeniusNorm(v), 1e-300), 1e-6, show);
        const rem = taylorRemainders(s.f, s.x, v, g, null, TAYLOR_TS, s.magnitude(s.x));
        mt.record(`${s.name}: remainder slope`, Math.max(2 - (slopeAboveFloor(rem.t, rem.e1, rem.floor) ?? 2), 0), 0.3, show);
      }
      ctx.progress(run + 1, ctx.runs);
    }
    return mt.result(ctx.runs, `gradients agree in 4 spaces on ${ctx.runs} instances`);
  },
};
