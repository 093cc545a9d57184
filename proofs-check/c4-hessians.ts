/**
 * C4 Hessians (PAPER.md §3, §4).
 *
 * Statement: the second derivatives of §3 (Daleckii–Krein in Σ-space, the
 * nuclear-norm form at τ = 0, the L_τ Hessian, the parameter-space Hessian by
 * the chain rule) are right: the second-order Taylor remainder has slope 3,
 * and the Hessians are symmetric.
 * Hypotheses: as C3.
 *
 * Check: in the four spaces of C3, at random points: D²f[v] against the
 * Richardson finite difference of ∇f along v (1e-5 relative), symmetry
 * ⟨u, H v⟩ = ⟨H u, v⟩ (1e-10 relative), and the second-order remainder's
 * slope on the small-t side above round-off (as in C3) is at least 3 − 0.3 (higher
 * when the next Taylor term happens to vanish along v) (remainders at round-off everywhere, as for the
 * piecewise-quadratic n = m = 1 loss, pass: nothing to fit).
 */
import { toRows } from "../src/linalg/matrix.js";
import { frobeniusNorm, inner, relativeError } from "../src/linalg/ops.js";
import { rng } from "../src/linalg/random.js";
import { directionalDerivativeMatrix } from "../src/derivcheck/finite-difference.js";
import { slopeAboveFloor, taylorRemainders } from "../src/derivcheck/taylor.js";
import type { Claim } from "./claim.js";
import { TAYLOR_TS } from "./c3-gradients.js";
import { randomInstance } from "./instances.js";
import { MarginTracker } from "./margin.js";
import { directionFor, spacesOf } from "./spaces.js";

export const c4: Claim = {
  id: "C4",
  title: "Hessians in every space",
  statement:
    "The Hessians of PAPER.md §3 are right: the second-order Taylor remainder has slope 3 in t, and the Hessians are symmetric.",
  source: "paper",
  hypotheses: ["differentiable points: Σ ≻ 0, R0 W of full rank when τ = 0"],
  method: "numeric, random instances (n, m ≤ 5) in four spaces: finite differences of the gradient, symmetry, Taylor-remainder slopes",
  expect: "confirmed",
  check(ctx) {
    const r = rng(ctx.seed);
    const mt = new MarginTracker();
    for (let run = 0; run < ctx.runs; run++) {
      const inst = randomInstance(r);
      for (const s of spacesOf(inst, r)) {
        const u = directionFor(s, r), v = directionFor(s, r);
        const show = () => ({ space: s.name, sigma0: toRows(inst.sigma0), x: toRows(s.x), direction: toRows(v) });
        const hv = s.hvp(s.x, v), hu = s.hvp(s.x, u);
        const fd = directionalDerivativeMatrix(s.grad, s.x, v);
        mt.record(`${s.name}: finite difference of ∇f`, relativeError(hv, fd, 1e-300), 1e-5, show);
        const uhv = inner(u, hv), huv = inner(hu, v);
        const sym = Math.abs(uhv - huv) / Math.max(frobeniusNorm(hu) * frobeniusNorm(v), 1e-300);
        mt.record(`${s.name}: symmetry`, sym, 1e-10, show);
        const rem = taylorRemainders(s.f, s.x, v, s.grad(s.x), hv, TAYLOR_TS, s.magnitude(s.x));
        mt.record(`${s.name}: remainder slope`, Math.max(3 - (slopeAboveFloor(rem.t, rem.e2 as number[], rem.floor) ?? 3), 0), 0.3, show);
      }
      ctx.progress(run + 1, ctx.runs);
    }
    return mt.result(ctx.runs, `Hessians agree in 4 spaces on ${ctx.runs} instances`);
  },
};
