/**
 * A derivation as reported: the closed form, its loss, gradient and Hessian
 * in readable form (named-form.ts: common subexpressions named once, exact
 * rationals, folded signs) and written out in full, and the cross-checks they
 * passed or failed. Nothing is reported without the cross-check (docs/PAPER.md
 * §5), and the cross-check runs on the printed text: the named form is
 * printed, parsed back by mathjs and evaluated definition by definition
 * against the numeric core, finite differences and nerdamer; the expanded
 * text likewise against the numeric core at a few points.
 */
import type { ClosedForm } from "./closed-forms.js";
import { crossCheck, type CrossCheck, type CrossCheckOptions } from "./cross-check.js";
import { deriveWithMathjs, type SymbolicDerivatives } from "./mathjs-engine.js";
import { asText, parseText, readableForms, type ExprForm, type TextForm } from "./named-form.js";

export type Derivation = {
  form: ClosedForm;
  /** The printed named form as mathjs parsed it back: what the cross-check evaluated. */
  derivatives: SymbolicDerivatives;
  /** Named form: definitions, then loss, gradient and Hessian in terms of them (what text, LaTeX and TypeScript print). */
  named: ExprForm;
  /** The same, mathjs syntax. */
  namedText: TextForm;
  /** Written out in full (no names), as canonical expressions. */
  expanded: ExprForm;
  /** ∂L/∂x_i written out in full, mathjs syntax. */
  gradient: string[];
  /** ∂²L/∂x_i∂x_j written out in full, mathjs syntax. */
  hessian: string[][];
  /** The named form's cross-check. */
  check: CrossCheck;
  /** The expanded text against the numeric core (no finite differences, no nerdamer). */
  expandedCheck: CrossCheck;
  /** Milliseconds spent deriving (mathjs, then naming and printing) and checking. */
  timing: { deriveMs: number; checkMs: number };
};

export type DeriveOptions = CrossCheckOptions & {
  /** Called after each cross-check point (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
};

/** Points at which the expanded text is evaluated (the named text gets all `points`). */
const EXPANDED_POINTS = 10;

export function derive(form: ClosedForm, check: DeriveOptions = {}): Derivation {
  const t0 = performance.now();
  const raw = deriveWithMathjs(form);
  const { named, expanded } = readableForms(form, raw);
  const namedText = asText(named);
  const expandedText = asText(expanded);
  const derivatives = parseText(namedText);
  const t1 = performance.now();
  const points = check.points ?? 100;
  const extra = Math.min(points, EXPANDED_POINTS);
  const progress = check.onProgress;
  const result = crossCheck(form, {
    nerdamer: true,
    ...check,
    derivatives,
    onProgress: progress && ((done) => progress(done, points + extra)),
  });
  const expandedCheck = crossCheck(form, {
    ...check,
    points: extra,
    fdPoints: 0,
    nerdamer: false,
    derivatives: parseText(expandedText),
    onProgress: progress && ((done) => progress(points + done, points + extra)),
  });
  const t2 = performance.now();
  return {
    form,
    derivatives,
    named,
    namedText,
    expanded,
    gradient: expandedText.gradient,
    hessian: expandedText.hessian,
    check: result,
    expandedCheck,
    timing: { deriveMs: t1 - t0, checkMs: t2 - t1 },
  };
}

/** Both printed forms agree with the numeric core (and the named one with finite differences). */
export const derivationAgrees = (d: Derivation): boolean => d.check.agrees && d.expandedCheck.agrees;

/**
 * The JSON contract of `bwcheck derive --format json` (issue 4): loss,
 * gradient and Hessian written out in full (mathjs syntax), plus `named`
 * (issue 14): the definitions and the same derivatives in terms of them.
 */
export function derivationJson(d: Derivation): Record<string, unknown> {
  return {
    name: d.form.name,
    variables: d.form.variables,
    parameters: d.form.parameters,
    loss: d.form.loss,
    gradient: d.gradient,
    hessian: d.hessian,
    named: d.namedText,
    check: {
      ...checkSummary(d.check),
      agrees: derivationAgrees(d),
      expanded: {
        points: d.expandedCheck.points,
        agrees: d.expandedCheck.agrees,
        maxRelativeError: { lossVsNumericCore: d.expandedCheck.loss.max, gradientVsNumericCore: d.expandedCheck.gradient.max, hessianVsNumericCore: d.expandedCheck.hessian?.max ?? null },
      },
    },
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
