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
import { toRows } from "../src/linalg/matrix.js";
import { rng } from "../src/linalg/random.js";
import { DEFAULTS } from "../src/derivcheck/check-gradient.js";
import { checkHessian } from "../src/derivcheck/check-hessian.js";
import type { Claim } from "./claim.js";
import { randomInstance } from "./instances.js";
import { MarginTracker } from "./margin.js";
import { spacesOf } from "./spaces.js";

export const c4: Claim = {
  id: "C4",
  title: "Hessians in every space",
  statement:
    "The Hessians of PAPER.md §3 are right: the second-order Taylor remainder has slope 3 in t, and the Hessians are symmetric.",
  source: "paper",
  hypotheses: ["differentiable points: Σ ≻ 0, R0 W of full rank when τ = 0"],
  method: "numeric, random instances (n, m ≤ 5) in four spaces, checkHessian: Taylor-remainder slope, Ridders finite differences of the gradient, symmetry",
  expect: "confirmed",
  check(ctx) {
    const r = rng(ctx.seed);
    const mt = new MarginTracker();
    for (let run = 0; run < ctx.runs; run++) {
      const inst = randomInstance(r);
      for (const s of spacesOf(inst, r)) {
        const seed = Math.floor(r.next() * 2 ** 31);
        const res = checkHessian(s.f, s.grad, s.hvp, s.x, { seed, directions: 1, magnitude: s.magnitude(s.x), project: s.project });
        const show = () => ({ space: s.name, sigma0: toRows(inst.sigma0), x: toRows(s.x), directionsSeed: seed, failures: res.failures });
        mt.record(`${s.name}: Taylor slope`, Math.max(3 - (res.slope ?? 3), 0), DEFAULTS.slopeTolerance, show);
        mt.record(`${s.name}: checkHessian verdict`, res.ok ? 0 : Infinity, 1, show);
      }
      ctx.progress(run + 1, ctx.runs);
    }
    return mt.result(ctx.runs, `Hessians agree in 4 spaces on ${ctx.runs} instances`);
  },
};
