/**
 * The check shared by C3 (gradients) and C4 (Hessians): the derivative
 * checker (src/derivcheck) in the four spaces of spaces.ts at random
 * instances; the Taylor slope deficit is the margin, the checker's verdict
 * (slope, finite differences, symmetry) decides. Where a closed form exists
 * (n = 2, PAPER.md §5), the symbolically derived gradient / Hessian of every
 * closed form must also match the numeric core to 1e-10 at a random point
 * per instance (exact-n2.ts).
 */
import { CannotJudgeError, checkGradient, DEFAULTS } from "../src/derivcheck/check-gradient.js";
import { checkHessian } from "../src/derivcheck/check-hessian.js";
import type { CheckResult } from "../src/derivcheck/types.js";
import { toRows } from "../src/linalg/matrix.js";
import { rng } from "../src/linalg/random.js";
import { taylorFigureSpec } from "../src/report/taylor-figure.js";
import type { CheckContext, ClaimResult, FigureSpec } from "./claim.js";
import { closedFormAgreement } from "./exact-n2.js";
import { randomInstance } from "./instances.js";
import { overInstances } from "./margin.js";
import { spacesOf } from "./spaces.js";
import { count } from "../src/report/wording.js";

export function checkDerivativeClaim(ctx: CheckContext, kind: "gradient" | "hessian"): ClaimResult {
  const order = kind === "gradient" ? 2 : 3;
  const what = kind === "gradient" ? "gradients" : "Hessians";
  return overInstances(ctx, `${what} agree in 4 spaces on ${count(ctx.runs, "instance")}, and with the symbolic closed forms (n = 2, 22 forms)`, (r, mt) => {
    const inst = randomInstance(r);
    for (const s of spacesOf(inst, r, undefined, ctx.impl?.target)) {
      const seed = Math.floor(r.next() * 2 ** 31);
      const opts = { seed, directions: 1, magnitude: s.magnitude(s.x), project: s.project };
      let res: CheckResult;
      try {
        res = kind === "gradient" ? checkGradient(s.f, s.grad, s.x, opts) : checkHessian(s.f, s.grad, s.hvp, s.x, opts);
      } catch (err) {
        // every instance is a point where the paper's function is smooth (spaces.ts): a kink the checker
        // finds in f is a finding about the implementation, not a reason to withhold the verdict
        if (!(err instanceof CannotJudgeError && err.reason === "not twice differentiable")) throw err;
        mt.holds(`${s.name}: f twice differentiable at a smooth point`, false, err.message, () => ({ space: s.name, sigma0: toRows(inst.sigma0), x: toRows(s.x), directionsSeed: seed }));
        continue;
      }
      const show = () => ({ space: s.name, sigma0: toRows(inst.sigma0), x: toRows(s.x), directionsSeed: seed, failures: res.failures });
      mt.atLeast(`${s.name}: Taylor slope ≥ ${order}`, (res.slope ?? order) - order, "one unit of slope", DEFAULTS.slopeTolerance, show);
      mt.holds(`${s.name}: check${kind === "gradient" ? "Gradient" : "Hessian"} verdict`, res.ok, res.failures.join("; "), show);
    }
    closedFormAgreement(r, mt, kind);
  });
}

/** The report's figure for C3/C4: Taylor remainders of the W-space L_τ (τ = 0.1) at the first instance of the run. */
export function derivativeFigure(seed: number, kind: "gradient" | "hessian"): FigureSpec[] {
  const r = rng(seed);
  const inst = randomInstance(r);
  const s = spacesOf(inst, r)[1];
  const opts = { seed, magnitude: s.magnitude(s.x) };
  const res = kind === "gradient" ? checkGradient(s.f, s.grad, s.x, opts) : checkHessian(s.f, s.grad, s.hvp, s.x, opts);
  const name = kind === "gradient" ? "c3-taylor-gradient" : "c4-taylor-hessian";
  return [{ name, title: `Taylor remainders of the ${kind} of ${s.name}, ${inst.n}×${inst.m}`, spec: taylorFigureSpec(res) }];
}
