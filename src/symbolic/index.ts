/**
 * The symbolic module's public surface, `import … from "bwcheck/symbolic"`
 * (a subpath of its own: mathjs takes ~1 s to import, which `import "bwcheck"`
 * should not pay). Re-exports only.
 */
export { allClosedForms, scalarDeepForm, sigmaForm, wForm, type ClosedForm, type FormOptions, type Space } from "./closed-forms.js";
export { deriveWithMathjs, type SymbolicDerivatives } from "./mathjs-engine.js";
export { deriveWithNerdamer, nerdamerDerivative, nerdamerVersion } from "./nerdamer-engine.js";
export { compileDerivatives, type CompiledForm, type Scope } from "./compiled.js";
export { crossCheck, randomScope, type CrossCheck, type CrossCheckOptions, type ErrorStat } from "./cross-check.js";
export { numericValues, gradientError, type NumericValues } from "./numeric-peer.js";
export { derive, derivationAgrees, derivationJson, type Derivation, type DeriveOptions } from "./derivation.js";
export { asText, type ExprForm, type TextForm } from "./named-form.js";
export { printExpr, type Syntax } from "./print.js";
export { toLatex, toTypeScript, toTsExpression } from "./codegen.js";
export { solveCriticalPoints, type CriticalSolve, type CriticalSolution, type CaseReport } from "./critical-solve.js";
export { c7Curves, hessianBlowUp, hessianAlong, type BlowUp, type BlowUpCurve, type EntryExponent } from "./blow-up.js";
export { Series, SeriesArithmetic, evaluateSeries, PrecisionError } from "./series.js";
export { Rational } from "./rational.js";
export { Poly, toRationalFunction } from "./polynomial.js";
export { tidy } from "./tidy.js";
