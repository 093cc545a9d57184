/**
 * A derivation as reported: the closed form, mathjs's gradient and Hessian as
 * text (mathjs syntax, `parse`-able and `evaluate`-able with the variables and
 * parameters in scope), and the cross-check it passed or failed. Nothing is
 * reported without the cross-check (DESIGN.md "Symbolic").
 */
import type { ClosedForm } from "./closed-forms.js";
import { crossCheck, type CrossCheck, type CrossCheckOptions } from "./cross-check.js";
import { deriveWithMathjs, type SymbolicDerivatives } from "./mathjs-engine.js";

export type Derivation = {
  form: ClosedForm;
  derivatives: SymbolicDerivatives;
  /** ∂L/∂x_i, mathjs syntax. */
  gradient: string[];
  /** ∂²L/∂x_i∂x_j, mathjs syntax. */
  hessian: string[][];
  check: CrossCheck;
  /** Milliseconds spent deriving (mathjs) and checking. */
  timing: { deriveMs: number; checkMs: number };
};

export function derive(form: ClosedForm, check: CrossCheckOptions = {}): Derivation {
  const t0 = performance.now();
  const derivatives = deriveWithMathjs(form);
  const t1 = performance.now();
  const result = crossCheck(form, { nerdamer: true, ...check, derivatives });
  const t2 = performance.now();
  return {
    form,
    derivatives,
    gradient: derivatives.gradient.map((g) => g.toString()),
    hessian: derivatives.hessian!.map((row) => row.map((h) => h.toString())),
    check: result,
    timing: { deriveMs: t1 - t0, checkMs: t2 - t1 },
  };
}

/** The JSON contract of `bwcheck derive --format json` (issue 4), plus the check. */
export function derivationJson(d: Derivation): Record<string, unknown> {
  return {
    name: d.form.name,
    variables: d.form.variables,
    parameters: d.form.parameters,
    loss: d.form.loss,
    gradient: d.gradient,
    hessian: d.hessian,
    check: checkSummary(d.check),
  };
}

export function checkSummary(c: CrossCheck): Record<string, unknown> {
  const max = (s: { max: number } | null) => (s ? s.max : null);
  return {
    points: c.points,
    fdPoints: c.fdPoints,
    seed: c.seed,
    agrees: c.agrees,
    maxRelativeError: {
      lossVsNumericCore: max(c.loss),
      gradientVsNumericCore: max(c.gradient),
      hessianVsNumericCore: max(c.hessian),
      gradientVsFiniteDifferences: max(c.fdGradient),
      hessianVsFiniteDifferences: max(c.fdHessian),
      nerdamerGradientVsNumericCore: max(c.nerdamerGradient),
      nerdamerGradientVsMathjs: max(c.enginesAgainstEachOther),
    },
    nerdamerAgrees: c.nerdamerAgrees,
    tolerance: c.tolerance,
  };
}
