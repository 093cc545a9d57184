/**
 * Second engine: nerdamer 1.1.13 (differentiation, solve, factor, LaTeX).
 * Its derivatives are never trusted: PAPER.md §5 records that it
 * differentiates sqrt(a·p + sqrt(a)) wrongly (the inner sqrt(a) comes back as
 * sqrt((1/2)·a^(-1/2))), and with it the 2×2 closed form. Every result of this
 * file goes through the cross-check, which parses nerdamer's text with mathjs
 * so that nerdamer's own evaluator plays no part in the comparison.
 */
import { createRequire } from "node:module";
import type { ClosedForm } from "./closed-forms.js";

/** The subset of nerdamer's (untyped add-on) API this module uses. */
type NerdamerExpression = { toString(): string; toTeX(): string; text(mode?: string): string };
type Nerdamer = {
  (expression: string, subs?: Record<string, string>): NerdamerExpression & { evaluate(): NerdamerExpression };
  diff(expression: string, variable: string): NerdamerExpression;
  solve(expression: string, variable: string): NerdamerExpression;
  factor(expression: string): NerdamerExpression;
  expand(expression: string): NerdamerExpression;
  convertToLaTeX(expression: string): string;
  version(): string;
};

const require = createRequire(import.meta.url);
export const nerdamer: Nerdamer = require("nerdamer/all.js") as Nerdamer;

/** ∂(expression)/∂variable as nerdamer text. */
export function nerdamerDerivative(expression: string, variable: string): string {
  return nerdamer.diff(expression, variable).toString();
}

/** nerdamer's gradient of a closed form, one text per variable. */
export function deriveWithNerdamer(form: ClosedForm): string[] {
  return form.variables.map((v) => nerdamerDerivative(form.loss, v));
}

/** nerdamer's LaTeX for a mathjs-syntax expression (the syntaxes agree on + - * / ^ sqrt). */
export function nerdamerLatex(expression: string): string {
  return nerdamer.convertToLaTeX(expression);
}

export const nerdamerVersion = (): string => nerdamer.version();
